package io.paymenthub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.paymenthub.reconciliation.DuePayments.Due;
import io.paymenthub.support.HubTestEnvironment;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The due-payments query of reconciliation on PostgreSQL (a fresh schema, migrated by Flyway): which payments are due
 * by status, provider cutoff and schedule, the batch bound, and two instances taking batches at once never take the
 * same payment (FOR UPDATE SKIP LOCKED).
 */
@EnabledIfEnvironmentVariable(named = "HUB_IT_DATASOURCE_URL", matches = "jdbc:postgresql:.*")
class DuePaymentsIT {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DuePayments due;
    private final ReconciliationSchedule schedule = new ReconciliationSchedule(new ReconciliationProperties());

    DuePaymentsIT() {
        String url = System.getenv("HUB_IT_DATASOURCE_URL");
        String user = System.getenv().getOrDefault("HUB_IT_DATASOURCE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("HUB_IT_DATASOURCE_PASSWORD", "");
        String schema = "hub_it_recon_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Flyway.configure().dataSource(url, user, password).schemas(schema).load().migrate();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(HubTestEnvironment.withSchema(url, schema), user, password);
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        due = new DuePayments(jdbc);
    }

    @Test
    void onlyStalePaymentsInAWatchedStatusAndTheirDueQuestionsAreTaken() {
        String pending = payment("billing", "PROVIDER_PENDING", NOW.minus(Duration.ofMinutes(12)));
        String freshPending = payment("billing", "PROVIDER_PENDING", NOW.minus(Duration.ofMinutes(10)));
        String authenticating = payment("cheqpay", "REQUIRES_ACTION", NOW.minus(Duration.ofMinutes(12)));
        String oldAuthentication = payment("cheqpay", "REQUIRES_ACTION", NOW.minus(Duration.ofMinutes(17)));
        payment("billing", "SUCCEEDED", NOW.minus(Duration.ofDays(1)));
        String scheduledDue = payment("billing", "CREATED", NOW.minus(Duration.ofHours(1)));
        schedule(scheduledDue, "CREATED", 2, NOW.minusSeconds(1));
        String scheduledLater = payment("billing", "CREATED", NOW.minus(Duration.ofHours(1)));
        schedule(scheduledLater, "CREATED", 2, NOW.plusSeconds(1));
        String exhausted = payment("billing", "CREATED", NOW.minus(Duration.ofHours(1)));
        schedule(exhausted, "CREATED", 12, null);
        // its schedule was for the status before: a new status starts a new one
        String movedOn = payment("billing", "PROVIDER_PENDING", NOW.minus(Duration.ofMinutes(12)));
        schedule(movedOn, "CREATED", 12, null);

        List<Due> taken = lock(100);

        assertThat(taken).extracting(Due::id)
                .containsExactlyInAnyOrder(pending, oldAuthentication, scheduledDue, movedOn)
                .doesNotContain(freshPending, authenticating, scheduledLater, exhausted);
        assertThat(taken).filteredOn(row -> row.id().equals(scheduledDue)).singleElement()
                .satisfies(row -> assertThat(row.attempt()).isEqualTo(3));
        assertThat(taken).filteredOn(row -> row.id().equals(movedOn)).singleElement()
                .satisfies(row -> assertThat(row.attempt()).isEqualTo(1));
    }

    @Test
    void aRunTakesAtMostItsBatchAndTwoRunsAtOnceNeverTakeTheSamePayment() throws Exception {
        for (int i = 0; i < 6; i++) {
            payment("billing", "PROVIDER_PENDING", NOW.minus(Duration.ofMinutes(20 + i)));
        }
        CountDownLatch firstHoldsItsRows = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        CompletableFuture<List<Due>> first = CompletableFuture.supplyAsync(() -> transaction.execute(tx -> {
            List<Due> rows = due.lockDue(schedule.firstCheckCutoffs(List.of("billing"), NOW), NOW, 12, 4);
            firstHoldsItsRows.countDown();
            await(secondDone);
            return rows;
        }));
        await(firstHoldsItsRows);
        List<Due> second = lock(4);
        secondDone.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).hasSize(4);
        assertThat(second).hasSize(2).extracting(Due::id)
                .doesNotContainAnyElementsOf(first.get().stream().map(Due::id).toList());
    }

    private List<Due> lock(int limit) {
        return transaction.execute(tx -> due.lockDue(schedule.firstCheckCutoffs(List.of("billing", "cheqpay"), NOW), NOW,
                schedule.maxAttempts(), limit));
    }

    private String payment(String provider, String status, Instant updatedAt) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO payments (id, provider, status, user_id, order_id, amount, currency, idempotency_key, "
                        + "created_at, updated_at) VALUES (?, ?, ?, 'user-1', ?, 5000, 'EUR', ?, ?, ?)",
                id, provider, status, "order-" + id, "key-" + id, Timestamp.from(updatedAt), Timestamp.from(updatedAt));
        return id;
    }

    private void schedule(String id, String status, int attempts, Instant nextAt) {
        jdbc.update("UPDATE payments SET reconcile_status = ?, reconcile_attempts = ?, reconcile_next_at = ? WHERE id = ?",
                status, attempts, nextAt == null ? null : Timestamp.from(nextAt), id);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
