package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.paymenthub.common.SqlDialect;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The outcomes of a window, read from the payments table of a migrated database: which statuses count, and the window's edges. */
class PaymentOutcomesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant FROM = NOW.minus(Duration.ofMinutes(5));

    private MigratedDatabase database;
    private PaymentRepository payments;
    private PaymentOutcomes outcomes;

    @BeforeEach
    void migrate() throws SQLException {
        database = MigratedDatabase.h2();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource);
        payments = new PaymentRepository(jdbc, new SqlDialect(database.dataSource));
        outcomes = new PaymentOutcomes(jdbc);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void countsSucceededAsSuccessesAndFailedAndExpiredAsFailures() {
        reached(PaymentStatus.SUCCEEDED, NOW.minusSeconds(10));
        reached(PaymentStatus.SUCCEEDED, NOW.minusSeconds(20));
        reached(PaymentStatus.FAILED, NOW.minusSeconds(30));
        reached(PaymentStatus.EXPIRED, NOW.minusSeconds(40));

        assertThat(outcomes.between(FROM, NOW)).isEqualTo(new PaymentOutcomes.Outcomes(2, 2));
    }

    @Test
    void paymentsWithoutAnOutcomeAndCancelledOnesDoNotCount() {
        for (PaymentStatus status : new PaymentStatus[] {PaymentStatus.CREATED, PaymentStatus.QUEUED,
                PaymentStatus.REQUIRES_ACTION, PaymentStatus.PROVIDER_PENDING, PaymentStatus.CANCELLED}) {
            reached(status, NOW.minusSeconds(10));
        }

        assertThat(outcomes.between(FROM, NOW).total()).isZero();
    }

    @Test
    void theWindowExcludesItsStartAndIncludesItsEnd() {
        reached(PaymentStatus.FAILED, FROM);                       // on the start: before the window
        reached(PaymentStatus.FAILED, FROM.plusMillis(1));         // just inside
        reached(PaymentStatus.SUCCEEDED, NOW);                     // on the end: inside
        reached(PaymentStatus.SUCCEEDED, NOW.plusMillis(1));       // after the evaluation's time
        reached(PaymentStatus.SUCCEEDED, FROM.minusSeconds(3600)); // long before

        assertThat(outcomes.between(FROM, NOW)).isEqualTo(new PaymentOutcomes.Outcomes(1, 1));
    }

    private void reached(PaymentStatus status, Instant at) {
        Payment payment = new Payment(UUID.randomUUID().toString(), "billing", "pay_" + UUID.randomUUID(), status, "user",
                "order-" + UUID.randomUUID(), 5000, "EUR", 0, null, null, null, at.minusSeconds(60), at);
        assertThat(payments.insertIfAbsent(payment)).isTrue();
    }
}
