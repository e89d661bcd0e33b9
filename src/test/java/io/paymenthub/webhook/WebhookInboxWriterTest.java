package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.common.SqlDialect;
import io.paymenthub.config.HubProperties;
import io.paymenthub.payment.PaymentStatus;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook endpoint's group commit against the real schema (H2): requests that arrive while a transaction is being
 * written share the next one, each is answered only after its commit, and one failure never becomes another event's.
 */
class WebhookInboxWriterTest {

    private Connection keepAlive;
    private JdbcTemplate jdbc;
    private GatedTable table;
    private WebhookInboxWriter writer;
    private SimpleMeterRegistry registry;
    private HubProperties properties;

    /** The first transaction waits at the gate, so that the requests behind it queue up for the next one. */
    static final class GatedTable extends WebhookInboxTable {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        /** the transaction (0 = the first) that fails after its statements ran, with {@link #failure} */
        volatile int failingCall = -1;
        volatile RuntimeException failure;

        GatedTable(JdbcTemplate jdbc, SqlDialect dialect) {
            super(jdbc, dialect);
        }

        @Override
        public boolean[] recordNew(List<WebhookInboxEntry> entries) {
            int call = calls.getAndIncrement();
            if (call == 0) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (call == failingCall) {
                // the statements have run: the rollback must take them back
                super.recordNew(entries);
                throw failure;
            }
            return super.recordNew(entries);
        }
    }

    @BeforeEach
    void database() throws Exception {
        String url = "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        keepAlive = DriverManager.getConnection(url, "sa", "");
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        table = new GatedTable(jdbc, new SqlDialect(dataSource));
        properties = new HubProperties();
        properties.getWebhooks().getInbox().setWriters(1);
        registry = new SimpleMeterRegistry();
        writer = new WebhookInboxWriter(table, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                properties, registry);
        writer.start();
    }

    @AfterEach
    void close() throws Exception {
        table.gate.countDown();
        writer.stop();
        keepAlive.close();
    }

    @Test
    void commitsTheEventsOfRequestsArrivingDuringATransactionTogetherAndAnswersEachAfterItsCommit() throws Exception {
        CompletableFuture<Boolean> first = writer.submit(entry("evt_first"));
        await().until(() -> table.calls.get() == 1);
        List<CompletableFuture<Boolean>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(writer.submit(entry("evt_" + i)));
        }
        Thread.sleep(100);
        assertThat(queued).as("nobody is answered before the commit").noneMatch(CompletableFuture::isDone);
        assertThat(rows("webhook_events")).isZero();

        table.gate.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        for (CompletableFuture<Boolean> recorded : queued) {
            assertThat(recorded.get(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(table.calls.get()).as("transactions for 51 events").isEqualTo(2);
        assertThat(registry.get("hub.webhooks.inbox.batch.size").summary().max()).isEqualTo(50);
        assertThat(rows("webhook_events")).isEqualTo(51);
        assertThat(rows("webhook_inbox")).isEqualTo(51);
    }

    @Test
    void answersNewForOneCopyOfAnEventOnlyWhenCopiesShareATransactionOrComeLater() throws Exception {
        writer.submit(entry("evt_gate"));
        await().until(() -> table.calls.get() == 1);
        CompletableFuture<Boolean> one = writer.submit(entry("evt_twice"));
        CompletableFuture<Boolean> other = writer.submit(entry("evt_twice"));
        table.gate.countDown();

        assertThat(List.of(one.get(5, TimeUnit.SECONDS), other.get(5, TimeUnit.SECONDS))).containsExactlyInAnyOrder(true, false);
        assertThat(writer.submit(entry("evt_twice")).get(5, TimeUnit.SECONDS)).as("a later retry").isFalse();
        assertThat(rows("webhook_inbox")).as("one inbox row for the event and one for the gate").isEqualTo(2);
    }

    @Test
    void failsEveryEventOfAFailedTransactionAndKeepsNoneOfThem() throws Exception {
        writer.submit(entry("evt_gate"));
        await().until(() -> table.calls.get() == 1);
        table.failure = new DataAccessResourceFailureException("database gone (test)");
        table.failingCall = 1;
        CompletableFuture<Boolean> a = writer.submit(entry("evt_a"));
        CompletableFuture<Boolean> b = writer.submit(entry("evt_b"));
        table.gate.countDown();

        assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessResourceFailureException.class);
        assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessResourceFailureException.class);
        // nothing of the failed transaction was kept (the gate's own event was), and the platforms' retries are new
        assertThat(rows("webhook_events")).isEqualTo(1);
        assertThat(rows("webhook_inbox")).isEqualTo(1);
        assertThat(writer.submit(entry("evt_a")).get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTransactionThatCannotReachTheDatabaseAnswersTheRequestsQueuedBehindItAtOnce() throws Exception {
        table.failure = new DataAccessResourceFailureException("connection refused (test)");
        table.failingCall = 0;
        CompletableFuture<Boolean> first = writer.submit(entry("evt_first"));
        await().until(() -> table.calls.get() == 1);
        List<CompletableFuture<Boolean>> behind = List.of(writer.submit(entry("evt_1")), writer.submit(entry("evt_2")));
        table.gate.countDown();

        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessResourceFailureException.class);
        for (CompletableFuture<Boolean> queued : behind) {
            assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessResourceFailureException.class);
        }
        // each would otherwise have waited for its own connection timeout, one batch after the other
        assertThat(table.calls.get()).as("transactions tried").isEqualTo(1);
        assertThat(rows("webhook_events")).isZero();
    }

    @Test
    void aRowTheDatabaseRefusesFailsOnlyItsOwnEvent() throws Exception {
        writer.submit(entry("evt_gate"));
        await().until(() -> table.calls.get() == 1);
        CompletableFuture<Boolean> good = writer.submit(entry("evt_good"));
        CompletableFuture<Boolean> tooLong = writer.submit(entry("evt_" + "x".repeat(300)));
        CompletableFuture<Boolean> alsoGood = writer.submit(entry("evt_also_good"));
        table.gate.countDown();

        assertThat(good.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(alsoGood.get(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> tooLong.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DataIntegrityViolationException.class);
        assertThat(rows("webhook_events")).isEqualTo(3);
    }

    @Test
    void refusesAtOnceWhenItsQueueIsFullOrItHasStopped() throws Exception {
        properties.getWebhooks().getInbox().setCapacity(2);
        writer.stop();
        writer = new WebhookInboxWriter(table, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())),
                properties, registry);
        writer.start();
        writer.submit(entry("evt_gate"));
        await().until(() -> table.calls.get() == 1);
        writer.submit(entry("evt_1"));
        writer.submit(entry("evt_2"));

        CompletableFuture<Boolean> overflow = writer.submit(entry("evt_3"));

        assertThat(overflow).isCompletedExceptionally();
        assertThatThrownBy(overflow::join).hasCauseInstanceOf(WebhookInboxUnavailableException.class);
        table.gate.countDown();
        writer.stop();
        assertThat(rows("webhook_events")).as("what was queued before the stop was written").isEqualTo(3);
        assertThatThrownBy(() -> writer.submit(entry("evt_after")).join())
                .hasCauseInstanceOf(WebhookInboxUnavailableException.class);
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private static WebhookInboxEntry entry(String eventId) {
        Instant now = Instant.now();
        return new WebhookInboxEntry("billing", new WebhookEvent(eventId, "payment.succeeded", now, "pay_1", 5000L,
                EventEffect.status(PaymentStatus.SUCCEEDED)), now);
    }
}
