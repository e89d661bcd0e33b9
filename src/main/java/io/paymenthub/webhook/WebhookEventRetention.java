package io.paymenthub.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.config.HubProperties;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The purge of old {@code webhook_events} rows (routes/webhooks/purgeWebhookEvents.yaml). The table is what answers a
 * platform's retry "duplicate" (the endpoint's in-memory cache remembers recent keys only), so a row is kept at least
 * its provider's {@code hub.providers.<p>.webhook-retention}, the platform's retry horizon, measured on the hub's clock
 * from {@code processed_at} (when the endpoint recorded it): the purge removes only rows older than that, never one
 * younger. It deletes {@code hub.webhooks.retention.batch-size} rows a transaction, oldest first, so no transaction
 * holds many locks for long, and at most {@code max-batches-per-run} transactions of one provider a run, so a large
 * backlog is worked off over several runs instead of one long one.
 *
 * <p>Several hub instances may run it: one at a time purges, under the ShedLock lock {@value #LOCK} in the database
 * (an instance whose timer fires while another purges skips that run). Purging the same rows twice would be harmless
 * (a row that is gone deletes nothing, so nothing is counted twice, and the horizon is the same for every instance),
 * and the batches lock the rows they take and skip rows another batch holds (FOR UPDATE SKIP LOCKED); but on MariaDB
 * two purges at once still deadlocked now and then (REPEATABLE READ; seen in WebhookEventRetentionTest), failing one
 * run. One at a time costs nothing: the work is the same whoever does it. Should the lock run out on a run that takes longer than
 * {@code hub.webhooks.retention.lock-at-most-for}, the two runs stay correct, at worst one fails and is retried next
 * time. The transactions are READ COMMITTED, so that MariaDB takes no gap locks a webhook's insert could wait for.
 */
@Component("webhookEventRetention")
public class WebhookEventRetention {

    static final String LOCK = "purgeWebhookEvents";
    private static final Logger log = LoggerFactory.getLogger(WebhookEventRetention.class);

    private final WebhookInboxTable table;
    private final TransactionTemplate transaction;
    private final LockingTaskExecutor locks;
    private final Duration lockAtMostFor;
    private final Clock clock;
    private final Map<String, Duration> horizons = new LinkedHashMap<>();
    private final Map<String, Counter> purged = new LinkedHashMap<>();
    private final int batchSize;
    private final int maxBatchesPerRun;

    public WebhookEventRetention(WebhookInboxTable table, TransactionTemplate transaction, LockingTaskExecutor locks,
                                 Clock clock, HubProperties properties, MeterRegistry registry) {
        this.table = table;
        this.transaction = new TransactionTemplate(transaction.getTransactionManager());
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.locks = locks;
        this.clock = clock;
        HubProperties.Retention retention = properties.getWebhooks().getRetention();
        this.lockAtMostFor = retention.getLockAtMostFor();
        this.batchSize = positive(retention.getBatchSize(), "hub.webhooks.retention.batch-size");
        this.maxBatchesPerRun = positive(retention.getMaxBatchesPerRun(), "hub.webhooks.retention.max-batches-per-run");
        if (lockAtMostFor == null || lockAtMostFor.isNegative() || lockAtMostFor.isZero()) {
            throw new IllegalStateException("hub.webhooks.retention.lock-at-most-for must be positive, not " + lockAtMostFor);
        }
        Duration tolerance = properties.getWebhooks().getTolerance();
        properties.getProviders().forEach((provider, settings) -> {
            Duration horizon = settings.getWebhookRetention();
            // a key forgotten while its signed copy is still within the signature's tolerance would let that copy be
            // replayed as a new event
            if (horizon == null || horizon.compareTo(tolerance) <= 0) {
                throw new IllegalStateException("hub.providers." + provider + ".webhook-retention (" + horizon
                        + ") must be longer than hub.webhooks.tolerance (" + tolerance + ")");
            }
            horizons.put(provider, horizon);
            purged.put(provider, Counter.builder("hub.webhook.events.purged")
                    .description("webhook_events rows deleted by the retention purge, older than their provider's horizon")
                    .tag("provider", provider)
                    .register(registry));
        });
    }

    /**
     * One run: for each provider, batches of its rows older than its horizon, each in its own transaction, until none
     * is due or the run's bound is reached; nothing while another instance purges.
     *
     * @return the rows deleted, by provider
     */
    public Map<String, Long> purge() {
        // the lock's duration is real time (ShedLock's clock, the database's time); the hub's clock places the horizon
        LockConfiguration lock = new LockConfiguration(ClockProvider.now(), LOCK, lockAtMostFor, Duration.ZERO);
        TaskResult<Map<String, Long>> result;
        try {
            result = locks.executeWithLock(this::purgeDueRows, lock);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (!result.wasExecuted()) {
            log.debug("Webhook events not purged in this run: another instance is purging them");
            return Map.of();
        }
        return result.getResult();
    }

    private Map<String, Long> purgeDueRows() {
        Instant now = clock.instant();
        Map<String, Long> deleted = new LinkedHashMap<>();
        horizons.forEach((provider, horizon) -> {
            long rows = purge(provider, now.minus(horizon));
            if (rows > 0) {
                deleted.put(provider, rows);
            }
        });
        if (!deleted.isEmpty()) {
            log.info("Webhook events purged rows={} {}", deleted.values().stream().mapToLong(Long::longValue).sum(),
                    deleted.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()
                            + " (horizon " + readable(horizons.get(entry.getKey())) + ")").collect(Collectors.joining(" ")));
        }
        return deleted;
    }

    private long purge(String provider, Instant cutoff) {
        long rows = 0;
        for (int batch = 0; batch < maxBatchesPerRun; batch++) {
            Integer count = transaction.execute(status -> table.purgeRecordedBefore(provider, cutoff, batchSize));
            int batchRows = count == null ? 0 : count;
            purged.get(provider).increment(batchRows);
            rows += batchRows;
            if (batchRows < batchSize) {
                break;
            }
        }
        return rows;
    }

    /** A horizon as its setting is usually written (30d), not as ISO-8601 hours (PT720H). */
    private static String readable(Duration horizon) {
        return horizon.toSeconds() % 86_400 == 0 ? horizon.toDays() + "d" : horizon.toString();
    }

    private static int positive(int value, String setting) {
        if (value < 1) {
            throw new IllegalStateException(setting + " must be at least 1, not " + value);
        }
        return value;
    }
}
