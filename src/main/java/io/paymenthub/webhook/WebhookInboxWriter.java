package io.paymenthub.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the webhook endpoint: the events of the requests that arrive while a transaction is being
 * written wait here and go into the next one together, one batch of statements and one commit for all of them
 * ({@code hub.webhooks.inbox.writers} transactions in flight, at most {@code max-batch} events each). Each
 * request's future completes only after the commit that made its event durable, so its 200 still means "committed":
 * nothing is acknowledged that a crash could lose. Under light load a batch is a single event and nothing waits
 * for company; under load the batches grow by themselves, which is where the throughput comes from.
 */
@Component
public class WebhookInboxWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookInboxWriter.class);
    /** Locks taken in one order by every batch (and every instance): concurrent batches never deadlock. */
    private static final Comparator<Pending> LOCK_ORDER = Comparator.comparing(pending -> pending.entry().key());

    private record Pending(WebhookInboxEntry entry, CompletableFuture<Boolean> recorded) { }

    private final WebhookInboxTable table;
    private final TransactionTemplate transaction;
    private final BlockingQueue<Pending> waiting;
    private final int writers;
    private final int maxBatch;
    private final DistributionSummary batchSizes;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public WebhookInboxWriter(WebhookInboxTable table, TransactionTemplate transaction, HubProperties properties,
                              MeterRegistry registry) {
        HubProperties.Inbox settings = properties.getWebhooks().getInbox();
        this.table = table;
        this.transaction = transaction;
        this.waiting = new ArrayBlockingQueue<>(settings.getCapacity());
        this.writers = settings.getWriters();
        this.maxBatch = settings.getMaxBatch();
        this.batchSizes = DistributionSummary.builder("hub.webhooks.inbox.batch.size")
                .description("Webhook events committed together in one transaction of the webhook endpoint")
                .register(registry);
    }

    /**
     * Queues the entry for the next group commit.
     *
     * @return completes with true once the event is committed as new, false when its key was recorded before,
     *     exceptionally when the transaction failed (nothing of it was kept)
     */
    public CompletableFuture<Boolean> submit(WebhookInboxEntry entry) {
        CompletableFuture<Boolean> recorded = new CompletableFuture<>();
        if (!running) {
            recorded.completeExceptionally(new WebhookInboxUnavailableException("the webhook inbox is stopped"));
        } else if (!waiting.offer(new Pending(entry, recorded))) {
            recorded.completeExceptionally(new WebhookInboxUnavailableException(
                    "the webhook inbox has " + waiting.size() + " events waiting for the database"));
        }
        return recorded;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // write() completes every future itself; this is a last line so that the writer never dies silently
                batch.forEach(pending -> pending.recorded().completeExceptionally(e));
                log.error("Webhook inbox writer failed on a batch of {}", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        batch.sort(LOCK_ORDER);
        try {
            boolean[] fresh = commit(batch);
            batchSizes.record(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).recorded().complete(fresh[i]);
            }
        } catch (DataIntegrityViolationException oneBadRow) {
            // a row the database refuses would fail every batch it is in: each event on its own, so only it fails
            if (batch.size() == 1) {
                batch.get(0).recorded().completeExceptionally(oneBadRow);
                return;
            }
            for (Pending pending : batch) {
                write(new ArrayList<>(List.of(pending)));
            }
        } catch (RuntimeException failed) {
            List<Pending> failing = new ArrayList<>(batch);
            if (isOutage(failed)) {
                // the requests queued behind a batch that could not reach the database would each wait for their own
                // connection timeout in turn: they are answered now (503, nothing kept), their platforms retry later.
                // Taken before anyone is answered, so that a retry sent after an answer goes into a new transaction.
                waiting.drainTo(failing);
            }
            failing.forEach(pending -> pending.recorded().completeExceptionally(failed));
        }
    }

    private static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    private boolean[] commit(List<Pending> batch) {
        List<WebhookInboxEntry> entries = batch.stream().map(Pending::entry).toList();
        try {
            return transaction.execute(status -> table.recordNew(entries));
        } catch (WebhookInboxTable.UpdateCountsUnknownException rolledBack) {
            // once per process at most: the table now writes row by row, which tells new from seen
            log.info("The database driver gives no update counts for batched inserts; the webhook inbox writes each row on its own");
            return transaction.execute(status -> table.recordNew(entries));
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::writeLoop, "webhook-inbox-writer-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        // the writers finish what is queued (each wait bounded by the database timeouts), then end
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        Pending left;
        while ((left = waiting.poll()) != null) {
            left.recorded().completeExceptionally(new WebhookInboxUnavailableException("the hub is stopping"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // started before the web server and stopped after it (DEFAULT_PHASE - 2048): requests still in flight
        // during the graceful shutdown are written; the data source closes only after every lifecycle has stopped
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
