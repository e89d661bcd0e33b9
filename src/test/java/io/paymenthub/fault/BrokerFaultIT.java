package io.paymenthub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.TcpProxy;
import jakarta.jms.Connection;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker fails under the hub: a standalone ActiveMQ broker of this test (persistent KahaDB, over TCP) behind a
 * {@link TcpProxy}, so the test can make it stop answering (black hole) or cut it and restart it with its store while
 * signed webhooks arrive. Every answer must be the contract's JSON within a bounded time, every acknowledged event
 * applied exactly once, and the log must say once that the broker is down and once that it is back.
 * Runs the same on a fresh machine and in CI: the broker is always this test's own (the hub's database is
 * HubTestEnvironment's: H2, or PostgreSQL with HUB_IT_DATASOURCE_URL).
 */
@HubSpringTest
class BrokerFaultIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final File STORE = new File("target/fault-it/broker-" + RUN);
    private static final int BROKER_PORT = freePort();
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    private static BrokerService broker = startBroker();
    private static final TcpProxy proxy = proxy();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("spring.activemq.broker-url", () -> "tcp://127.0.0.1:" + proxy.port());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        proxy.close();
        broker.stop();
        broker.waitUntilStopped();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PaymentRegistry registry;
    @Value("${hub.webhooks.queue}")
    String queue;

    @Test
    void aWebhookArrivingWhileTheBrokerStopsAnsweringIsAcknowledgedWithinSecondsAndHandledOnceTheBrokerIsBack() throws Exception {
        HubClient hub = new HubClient(port);
        String eventId = "blackhole-" + RUN;
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"createdAt\":\"2026-11-20T10:00:00Z\","
                + "\"data\":{\"paymentId\":\"pay_blackhole_" + RUN + "\",\"amount\":5000,\"currency\":\"EUR\",\"status\":\"SUCCEEDED\"}}";
        awaitWebhooksAccepted(hub);

        proxy.blackhole();
        Response answer;
        long took;
        try {
            long started = System.nanoTime();
            answer = hub.sendWebhook(body);
            took = (System.nanoTime() - started) / 1_000_000;
            System.out.println("[broker-fault-it] black-holed broker: answered " + answer.status() + " after " + took + " ms");
            // the event is committed in the database (contract section 2): the broker is not on the webhook's path
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().has("duplicate")).as(answer.body()).isFalse();
            assertThat(Duration.ofMillis(took)).as("answered within a few seconds").isLessThan(ANSWER_BOUND);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE event_id = ?", Integer.class, eventId))
                    .isEqualTo(1);
            await("waits in the inbox while the broker is away").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> inInbox(eventId) == 1 && handled(eventId) == 0);
        } finally {
            proxy.forward();
        }

        await("handled once the broker is back").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> handled(eventId) == 1);
        assertThat(inInbox(eventId)).isZero();
        Response retried = hub.sendWebhook(body);
        assertThat(retried.json().path("duplicate").asBoolean()).as(retried.body()).isTrue();
    }

    private int inInbox(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE event_id = ?", Integer.class, eventId);
    }

    private int handled(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id = ?", Integer.class, eventId);
    }

    @Test
    void everyAcknowledgedWebhookIsAppliedOnceWhenTheBrokerIsCutMidLoadAndRestartedWithItsStore() throws Exception {
        List<String> providerIds = new ArrayList<>();
        Map<String, String> hubIds = new java.util.HashMap<>();
        for (int i = 0; i < 10; i++) {
            String providerId = "bcut-" + RUN + "-" + i;
            providerIds.add(providerId);
            hubIds.put(providerId, registry.register(new PaymentRegistry.NewPayment("billing", providerId, PaymentStatus.SUCCEEDED,
                    "fault-user", "bcut-order-" + RUN + "-" + i, 1_000_000, "EUR", null, null)).id());
        }
        int count = 600;
        WebhookLoad load = new WebhookLoad(port, RUN, providerIds, count);
        awaitWebhooksAccepted(new HubClient(port));

        // the test's broker runs in this JVM: its own log (e.g. at its stop) is not the hub's
        try (LogCapture log = LogCapture.start("org.apache.activemq.broker", "org.apache.activemq.store")) {
            ExecutorService senders = load.sendAllOnce(8);
            await("a third acknowledged").atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= count / 3);

            // the broker goes away mid-load: its connections reset, then nothing listens
            proxy.refuse();
            broker.stop();
            broker.waitUntilStopped();
            int answeredAtCut = load.answers.get();
            await("answers while the broker is down").atMost(Duration.ofSeconds(30))
                    .until(() -> load.answers.get() >= answeredAtCut + 100 || senders.isTerminated());

            int answeredWhileAway = load.answers.get() - answeredAtCut;
            // back with its store: what it had acknowledged is still there
            broker = startBroker();
            proxy.forward();
            WebhookLoad.await(senders, Duration.ofSeconds(120));
            load.resendUnacknowledged(20, Duration.ofMillis(500));

            assertThat(load.failures).as("requests without an HTTP answer").isEmpty();
            assertThat(load.notJson).as("answers that are not the contract's JSON").isEmpty();
            assertThat(load.slowestAnswer()).as("slowest answer").isLessThan(ANSWER_BOUND);
            System.out.printf("[broker-fault-it] %d answers, %d of them 503; log: %d entries, %d ERROR, %d with a stack"
                    + " trace%n", load.answers.get(), load.refusals.get(), log.events().size(), log.errors().size(),
                    log.withStackTrace().size());
            // the database holds what the broker cannot take: webhooks are acknowledged throughout the outage
            assertThat(answeredWhileAway).as("answers while the broker was away").isGreaterThanOrEqualTo(100);
            assertThat(load.refusals.get()).as("503s (the broker is not on the webhook's path)").isZero();
            assertThat(load.unacknowledgedCount()).as("events never acknowledged").isZero();

            Map<String, Integer> expected = WebhookLoad.expectedPerPayment(providerIds, count);
            await("every event applied").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> refunded(hubIds).equals(expectedAsLong(expected, hubIds)));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id LIKE ?", Integer.class,
                    "fault-" + RUN + "-evt-%")).as("each event recorded once").isEqualTo(count);
            assertThat(deadLettered()).as("dead-lettered webhook events").isZero();

            // the messages the consumers had in hand when the broker went (the webhook consumers), the relay's batch and
            // the outage itself; not one per request
            assertThat(log.withStackTrace()).as("log entries with a stack trace" + LogCapture.describe(log.withStackTrace()))
                    .hasSizeLessThanOrEqualTo(12);
            assertThat(log.errors()).as("ERROR entries" + LogCapture.describe(log.errors())).hasSizeLessThanOrEqualTo(5);
            assertThat(log.containing("Broker unavailable")).as("the broker reported down" + LogCapture.describe(log.events()))
                    .hasSize(1);
            assertThat(log.containing("Broker is back")).as("the broker reported back" + LogCapture.describe(log.events()))
                    .hasSize(1);
        }
    }

    private Map<String, Long> refunded(Map<String, String> hubIds) {
        Map<String, Long> refunded = new java.util.TreeMap<>();
        hubIds.forEach((providerId, id) -> refunded.put(providerId,
                jdbc.queryForObject("SELECT refunded_amount FROM payments WHERE id = ?", Long.class, id)));
        return refunded;
    }

    private static Map<String, Long> expectedAsLong(Map<String, Integer> expected, Map<String, String> hubIds) {
        Map<String, Long> answer = new java.util.TreeMap<>();
        hubIds.keySet().forEach(providerId -> answer.put(providerId, (long) expected.get(providerId)));
        return answer;
    }

    private int deadLettered() throws Exception {
        ActiveMQConnectionFactory direct = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = direct.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            int total = 0;
            for (String name : List.of("DLQ." + queue, "ActiveMQ.DLQ")) {
                try (QueueBrowser browser = session.createBrowser(session.createQueue(name))) {
                    total += Collections.list(browser.getEnumeration()).size();
                }
            }
            return total;
        }
    }

    private static void awaitWebhooksAccepted(HubClient hub) {
        String eventId = "warm-" + UUID.randomUUID();
        awaitWebhooksAccepted(hub, "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\","
                + "\"createdAt\":\"2026-11-20T10:00:00Z\",\"data\":{\"paymentId\":\"pay_" + eventId + "\",\"amount\":5000,"
                + "\"currency\":\"EUR\",\"status\":\"SUCCEEDED\"}}");
    }

    private static Response awaitWebhooksAccepted(HubClient hub, String body) {
        Response[] last = new Response[1];
        await("the hub accepts webhooks").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> (last[0] = hub.sendWebhook(body)).status() == 200);
        return last[0];
    }

    private static BrokerService startBroker() {
        try {
            BrokerService service = new BrokerService();
            service.setBrokerName("fault-" + RUN);
            service.setUseJmx(false);
            service.setPersistent(true);
            service.setUseShutdownHook(false);
            service.setAdvisorySupport(false);
            service.setDataDirectoryFile(STORE);
            KahaDBPersistenceAdapter store = new KahaDBPersistenceAdapter();
            store.setDirectory(new File(STORE, "kahadb"));
            store.setEnableJournalDiskSyncs(true);
            service.setPersistenceAdapter(store);
            service.getSystemUsage().getMemoryUsage().setLimit(64L * 1024 * 1024);
            service.getSystemUsage().getStoreUsage().setLimit(512L * 1024 * 1024);
            service.getSystemUsage().getTempUsage().setLimit(128L * 1024 * 1024);
            service.addConnector("tcp://127.0.0.1:" + BROKER_PORT);
            service.start();
            service.waitUntilStarted();
            return service;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the test broker on port " + BROKER_PORT, e);
        }
    }

    private static TcpProxy proxy() {
        try {
            return TcpProxy.to(BROKER_PORT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
