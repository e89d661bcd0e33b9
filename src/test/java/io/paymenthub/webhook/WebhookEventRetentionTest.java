package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.common.SqlDialect;
import io.paymenthub.config.HubProperties;
import io.paymenthub.monitoring.MigratedDatabase;
import io.paymenthub.support.TestClock;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The purge of webhook_events on a migrated database, as the hub builds it, with the hub's clock in the test's hand:
 * only rows older than their provider's horizon go, oldest first, a batch a transaction and a bounded number of batches
 * a run; one instance at a time purges (ShedLock), and two instances whose runs start together delete every due row
 * once between them. On H2 always; on PostgreSQL and
 * MariaDB when {@code HUB_IT_DATASOURCE_URL} / {@code HUB_IT_MARIADB_URL} name them.
 */
class WebhookEventRetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void purgesOnlyRowsOlderThanTheirProvidersHorizonInBoundedBatchesOnH2() {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            purgesOnlyRowsOlderThanTheirProvidersHorizonInBoundedBatches(database);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_DATASOURCE_URL", matches = "jdbc:postgresql:.*")
    void purgesOnlyRowsOlderThanTheirProvidersHorizonInBoundedBatchesOnPostgresql() {
        try (MigratedDatabase database = MigratedDatabase.postgresql()) {
            purgesOnlyRowsOlderThanTheirProvidersHorizonInBoundedBatches(database);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_MARIADB_URL", matches = "jdbc:(mariadb|mysql):.*")
    void purgesOnlyRowsOlderThanTheirProvidersHorizonInBoundedBatchesOnMariadb() {
        try (MigratedDatabase database = MigratedDatabase.mariadb()) {
            purgesOnlyRowsOlderThanTheirProvidersHorizonInBoundedBatches(database);
        }
    }

    @Test
    void twoInstancesPurgingAtOnceDeleteEachDueRowOnceOnH2() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            twoInstancesPurgingAtOnceDeleteEachDueRowOnce(database);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_DATASOURCE_URL", matches = "jdbc:postgresql:.*")
    void twoInstancesPurgingAtOnceDeleteEachDueRowOnceOnPostgresql() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.postgresql()) {
            twoInstancesPurgingAtOnceDeleteEachDueRowOnce(database);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_MARIADB_URL", matches = "jdbc:(mariadb|mysql):.*")
    void twoInstancesPurgingAtOnceDeleteEachDueRowOnceOnMariadb() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.mariadb()) {
            twoInstancesPurgingAtOnceDeleteEachDueRowOnce(database);
        }
    }

    @Test
    void whileAnotherInstanceHoldsTheLockARunPurgesNothingAndTheNextRunDoes() throws Throwable {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource);
            record(jdbc, "billing", "evt_due", NOW.minus(Duration.ofDays(31)));
            MeterRegistry meters = new SimpleMeterRegistry();
            WebhookEventRetention retention = retention(database, settings(3, 10), new TestClock(NOW), meters);
            DefaultLockingTaskExecutor otherInstance = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(
                    JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(jdbc).usingDbTime().build()));

            // in another thread: ShedLock lets the thread that holds a lock run its tasks under it again
            LockingTaskExecutor.TaskResult<Map<String, Long>> whileHeld = otherInstance.executeWithLock(
                    () -> CompletableFuture.supplyAsync(retention::purge).get(30, TimeUnit.SECONDS),
                    new LockConfiguration(Instant.now(), WebhookEventRetention.LOCK, Duration.ofMinutes(1), Duration.ZERO));

            assertThat(whileHeld.wasExecuted()).isTrue();
            assertThat(whileHeld.getResult()).isEmpty();
            assertThat(eventIds(jdbc, "billing")).containsExactly("evt_due");
            assertThat(purged(meters, "billing")).isZero();
            assertThat(retention.purge()).containsExactlyEntriesOf(Map.of("billing", 1L));
            assertThat(eventIds(jdbc, "billing")).isEmpty();
        }
    }

    @Test
    void refusesAHorizonThatASignedCopyCouldOutliveAndBatchesOfNothing() {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            HubProperties shortHorizon = settings(3, 10);
            shortHorizon.getProviders().get("cheqpay").setWebhookRetention(Duration.ofMinutes(5));
            assertThatThrownBy(() -> retention(database, shortHorizon, new TestClock(NOW), new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hub.providers.cheqpay.webhook-retention").hasMessageContaining("hub.webhooks.tolerance");

            assertThatThrownBy(() -> retention(database, settings(0, 10), new TestClock(NOW), new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("hub.webhooks.retention.batch-size");
        }
    }

    private static void purgesOnlyRowsOlderThanTheirProvidersHorizonInBoundedBatches(MigratedDatabase database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource);
        TestClock clock = new TestClock(NOW);
        MeterRegistry meters = new SimpleMeterRegistry();
        // billing keeps 30 days (the default), cheqpay 7; 3 rows a batch, 2 batches of a provider a run
        WebhookEventRetention retention = retention(database, settings(3, 2), clock, meters);
        Duration billingHorizon = Duration.ofDays(30);
        Duration cheqpayHorizon = Duration.ofDays(7);
        List<String> billingOld = new ArrayList<>();
        for (int i = 7; i >= 1; i--) {
            // evt_old_7 is the oldest
            billingOld.add(record(jdbc, "billing", "evt_old_" + i, NOW.minus(billingHorizon).minus(Duration.ofMinutes(i))));
        }
        record(jdbc, "billing", "evt_young", NOW.minus(billingHorizon).plusSeconds(1));
        record(jdbc, "billing", "evt_week_old", NOW.minus(Duration.ofDays(8)));
        record(jdbc, "cheqpay", "evt_week_old", NOW.minus(Duration.ofDays(8)));
        record(jdbc, "cheqpay", "evt_old", NOW.minus(cheqpayHorizon).minusSeconds(1));
        record(jdbc, "cheqpay", "evt_young", NOW.minus(cheqpayHorizon).plusSeconds(1));

        Map<String, Long> first = retention.purge();

        // the run's bound: 2 batches of 3 of billing's 7 due rows, the oldest first; cheqpay's horizon is its own
        assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of("billing", 6L, "cheqpay", 2L));
        assertThat(eventIds(jdbc, "billing")).containsExactlyInAnyOrder("evt_old_1", "evt_young", "evt_week_old");
        assertThat(eventIds(jdbc, "cheqpay")).containsExactly("evt_young");
        assertThat(purged(meters, "billing")).isEqualTo(6);
        assertThat(purged(meters, "cheqpay")).isEqualTo(2);

        Map<String, Long> second = retention.purge();

        assertThat(second).containsExactlyEntriesOf(Map.of("billing", 1L));
        assertThat(eventIds(jdbc, "billing")).containsExactlyInAnyOrder("evt_young", "evt_week_old");
        assertThat(retention.purge()).as("nothing due").isEmpty();
        assertThat(purged(meters, "billing")).isEqualTo(7);

        // two seconds on, the rows that were a second younger than their horizon are a second older than it
        clock.advance(Duration.ofSeconds(2));
        assertThat(retention.purge()).containsExactlyInAnyOrderEntriesOf(Map.of("billing", 1L, "cheqpay", 1L));
        assertThat(eventIds(jdbc, "billing")).containsExactly("evt_week_old");
        assertThat(eventIds(jdbc, "cheqpay")).isEmpty();
        assertThat(billingOld).hasSize(7);
    }

    private static void twoInstancesPurgingAtOnceDeleteEachDueRowOnce(MigratedDatabase database) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource);
        int due = 400;
        for (int i = 0; i < due; i++) {
            record(jdbc, "billing", "evt_due_" + i, NOW.minus(Duration.ofDays(31)).minusMillis(i));
        }
        record(jdbc, "billing", "evt_kept", NOW.minus(Duration.ofDays(29)));
        MeterRegistry firstMeters = new SimpleMeterRegistry();
        MeterRegistry secondMeters = new SimpleMeterRegistry();
        // as two hub processes: each its own bean and meters, one database; small batches so that they overlap
        WebhookEventRetention first = retention(database, settings(7, 1000), new TestClock(NOW), firstMeters);
        WebhookEventRetention second = retention(database, settings(7, 1000), new TestClock(NOW), secondMeters);
        CountDownLatch start = new CountDownLatch(1);

        CompletableFuture<Map<String, Long>> firstRun = CompletableFuture.supplyAsync(() -> startTogether(start, first));
        CompletableFuture<Map<String, Long>> secondRun = CompletableFuture.supplyAsync(() -> startTogether(start, second));
        start.countDown();
        long firstRows = firstRun.get(60, TimeUnit.SECONDS).getOrDefault("billing", 0L);
        long secondRows = secondRun.get(60, TimeUnit.SECONDS).getOrDefault("billing", 0L);

        assertThat(firstRows + secondRows).as("rows deleted by both, each counted by the one that deleted it").isEqualTo(due);
        assertThat(purged(firstMeters, "billing") + purged(secondMeters, "billing")).isEqualTo(due);
        assertThat(eventIds(jdbc, "billing")).containsExactly("evt_kept");
    }

    private static Map<String, Long> startTogether(CountDownLatch start, WebhookEventRetention retention) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return retention.purge();
    }

    private static HubProperties settings(int batchSize, int maxBatchesPerRun) {
        HubProperties properties = new HubProperties();
        properties.getProviders().put("billing", new HubProperties.Provider());
        HubProperties.Provider cheqpay = new HubProperties.Provider();
        cheqpay.setWebhookRetention(Duration.ofDays(7));
        properties.getProviders().put("cheqpay", cheqpay);
        properties.getWebhooks().getRetention().setBatchSize(batchSize);
        properties.getWebhooks().getRetention().setMaxBatchesPerRun(maxBatchesPerRun);
        return properties;
    }

    private static WebhookEventRetention retention(MigratedDatabase database, HubProperties properties, TestClock clock,
                                                   MeterRegistry meters) {
        WebhookInboxTable table;
        try {
            table = new WebhookInboxTable(new JdbcTemplate(database.dataSource), new SqlDialect(database.dataSource));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        // a lock provider of each instance's own, as each hub process has (MonitoringConfiguration's)
        JdbcTemplateLockProvider locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(database.dataSource)).usingDbTime().build());
        return new WebhookEventRetention(table, new TransactionTemplate(new DataSourceTransactionManager(database.dataSource)),
                new DefaultLockingTaskExecutor(locks), clock, properties, meters);
    }

    private static String record(JdbcTemplate jdbc, String provider, String eventId, Instant processedAt) {
        jdbc.update("INSERT INTO webhook_events (provider, event_id, event_type, payment_id, processed_at) VALUES (?, ?, ?, ?, ?)",
                provider, eventId, "payment.succeeded", null, Timestamp.from(processedAt.truncatedTo(ChronoUnit.MICROS)));
        return eventId;
    }

    private static List<String> eventIds(JdbcTemplate jdbc, String provider) {
        return jdbc.queryForList("SELECT event_id FROM webhook_events WHERE provider = ?", String.class, provider);
    }

    private static double purged(MeterRegistry meters, String provider) {
        return meters.get("hub.webhook.events.purged").tag("provider", provider).counter().count();
    }
}
