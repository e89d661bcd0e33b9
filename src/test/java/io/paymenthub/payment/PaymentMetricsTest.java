package io.paymenthub.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Payment metrics describe only what the database kept: a change whose transaction rolled back is not counted. */
class PaymentMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PaymentMetrics metrics = new PaymentMetrics(registry);
    private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(h2()));

    private final Instant created = Instant.parse("2026-12-01T10:00:00Z");
    private final Payment pending = new Payment("p-1", "billing", "pay_1", PaymentStatus.PROVIDER_PENDING, "user-1", "order-1",
            5000, "EUR", 0, "key-1", null, null, created, created);

    @Test
    void aSuccessWhoseTransactionRolledBackIsNeitherCountedNorTimed() {
        transaction.executeWithoutResult(status -> {
            metrics.changed(pending, PaymentStatus.SUCCEEDED, null, created.plusSeconds(3));
            status.setRollbackOnly();
        });

        assertThat(registry.find("billing.payments.success").counter()).isNull();
        assertThat(registry.find("billing.payment.duration").timer()).isNull();
    }

    @Test
    void aSuccessIsCountedAndTimedFromCreationOnceItsTransactionCommits() {
        transaction.executeWithoutResult(status -> {
            metrics.changed(pending, PaymentStatus.SUCCEEDED, null, created.plusSeconds(3));
            assertThat(registry.find("billing.payments.success").counter()).as("not before the commit").isNull();
        });

        assertThat(registry.get("billing.payments.success").tag("provider", "billing").counter().count()).isEqualTo(1);
        assertThat(registry.get("billing.payment.duration").tag("currency", "EUR").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(3);
    }

    @Test
    void aRefundAfterSuccessDoesNotEndThePaymentsLifeAgain() {
        Payment succeeded = pending.withState(PaymentStatus.SUCCEEDED, 0, created.plusSeconds(3));

        metrics.changed(succeeded, PaymentStatus.REFUNDED, null, created.plusSeconds(60));

        assertThat(registry.find("billing.payment.duration").timer()).isNull();
    }

    @Test
    void aFailureIsCountedWithItsCodeAndAnExpiryAsExpired() {
        metrics.changed(pending, PaymentStatus.FAILED, "DECLINED", created.plusSeconds(1));
        metrics.changed(pending, PaymentStatus.EXPIRED, null, created.plusSeconds(1));

        assertThat(registry.get("billing.payments.failure").tag("reason", "DECLINED").counter().count()).isEqualTo(1);
        assertThat(registry.get("billing.payments.failure").tag("reason", "EXPIRED").counter().count()).isEqualTo(1);
    }

    private static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:payment-metrics;DB_CLOSE_DELAY=-1");
        return dataSource;
    }
}
