package io.paymenthub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.SqlDialect;
import io.paymenthub.monitoring.MigratedDatabase;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox relay publishes a payment's changes in the order they happened, whichever hub instance wrote them: two
 * instances share the database, but not a clock.
 */
class PaymentEventOutboxOrderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private MigratedDatabase database;
    private PaymentEventOutbox instanceA;
    private PaymentEventOutbox instanceB;

    @BeforeEach
    void migrate() throws Exception {
        database = MigratedDatabase.h2();
        // two hub instances: each its own beans over the one database
        instanceA = new PaymentEventOutbox(new JdbcTemplate(database.dataSource), JSON, new SqlDialect(database.dataSource));
        instanceB = new PaymentEventOutbox(new JdbcTemplate(database.dataSource), JSON, new SqlDialect(database.dataSource));
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aLaterChangeWrittenByAnInstanceWhoseClockIsBehindIsPublishedAfterTheEarlierOne() throws Exception {
        // instance b's clock is 2 s ahead of a's: b records the platform's answer, then a the webhook that followed it
        instanceB.paymentStatusChanged(payment(PaymentStatus.PROVIDER_PENDING), null, "payment.pending", NOW, NOW.plusSeconds(2));
        instanceA.paymentStatusChanged(payment(PaymentStatus.SUCCEEDED), "evt_1", "payment.succeeded", NOW, NOW.plusMillis(500));

        List<String> published = instanceA.pending(500).stream().map(message -> eventType(message.body())).toList();

        assertThat(published).containsExactly("payment.pending", "payment.succeeded");
    }

    @Test
    void changesWrittenInTheSameMicrosecondKeepTheirOrder() throws Exception {
        instanceA.paymentStatusChanged(payment(PaymentStatus.QUEUED), null, "payment.queued", NOW, NOW);
        instanceA.paymentStatusChanged(payment(PaymentStatus.CREATED), null, "payment.created", NOW, NOW);
        instanceB.paymentStatusChanged(payment(PaymentStatus.PROVIDER_PENDING), null, "payment.pending", NOW, NOW);
        instanceA.paymentStatusChanged(payment(PaymentStatus.SUCCEEDED), "evt_1", "payment.succeeded", NOW, NOW);

        List<String> published = instanceB.pending(500).stream().map(message -> eventType(message.body())).toList();

        assertThat(published).containsExactly("payment.queued", "payment.created", "payment.pending", "payment.succeeded");
    }

    private static String eventType(String body) {
        try {
            return JSON.readTree(body).path("eventType").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Payment payment(PaymentStatus status) {
        return new Payment("pay-1", "billing", "pay_abc", status, "user-1", "order-1", 5000, "EUR", 0, "key-1", null, null,
                NOW, NOW, null, "client", null, null, null, null, false);
    }
}
