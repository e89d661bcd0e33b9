package io.paymenthub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.paymenthub.common.DependencyStates;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.TcpProxy;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database fails under the hub: PostgreSQL (HUB_IT_DATASOURCE_URL) behind a {@link TcpProxy}. While it is cut
 * (connections reset, new ones refused) or black-holed (connections open, nothing answers), the API, the webhook
 * endpoint and the readiness probe answer within seconds (503 JSON, readiness DOWN), and readiness is UP again once
 * it is back; under load, every acknowledged webhook is applied exactly once. The embedded H2 cannot be cut: without
 * a networked database the class is skipped.
 */
@HubSpringTest
@EnabledIfEnvironmentVariable(named = "HUB_IT_DATASOURCE_URL", matches = "jdbc:postgresql://127\\.0\\.0\\.1:\\d+/.*",
        disabledReason = "a database cut needs a networked database: set HUB_IT_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/test"
                + " (as CI does); the embedded H2 runs inside the hub")
class DatabaseFaultIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SCHEMA = HubTestEnvironment.EXTERNAL_SCHEMA + "_dbfault";
    /** connection-timeout 2 s + a second: what the answers and the probe must stay within when the database is cut */
    private static final Duration CUT_BOUND = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    private static final int BUDGET = 3;
    private static TcpProxy proxy;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) throws IOException {
        HubTestEnvironment.register(registry);
        URI database = URI.create(HubTestEnvironment.externalDatasourceUrl().substring("jdbc:".length()));
        proxy = TcpProxy.to(database.getPort());
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getRawPath() + "?currentSchema=" + SCHEMA;
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        // a black-holed query ends after this (the shipped 10 s would make the test slow)
        registry.add("hub.database.socket-timeout", () -> SOCKET_TIMEOUT.toSeconds() + "s");
        // a small budget for unexpected failures and short back-off, so an outage outlasts the budget within seconds
        registry.add("hub.broker.redelivery.initial-delay", () -> "100ms");
        registry.add("hub.broker.redelivery.max-delay", () -> "500ms");
        registry.add("hub.broker.redelivery.unexpected-failure-deliveries", () -> Integer.toString(BUDGET));
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PaymentRegistry registry;
    @Autowired
    DependencyStates dependencies;
    @Autowired
    CamelContext camel;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("${hub.webhooks.queue}")
    String webhookQueue;

    @AfterEach
    void restore() throws IOException {
        proxy.forward();
    }

    @Test
    void aCutDatabaseIsAnswered503WithinSecondsAndReadinessGoesDownThenUpAgain() throws Exception {
        HubClient hub = new HubClient(port);
        awaitReadiness(hub, 200);

        proxy.refuse();

        assertBounded(CUT_BOUND, () -> createPayment(hub), 503);
        assertBounded(CUT_BOUND, () -> hub.sendWebhook(webhook("cut-" + UUID.randomUUID())), 503);
        Response readiness = assertBounded(CUT_BOUND, () -> hub.get("/actuator/health/readiness"), 503);
        assertThat(readiness.json().path("status").asText()).isEqualTo("DOWN");

        proxy.forward();
        awaitReadiness(hub, 200);
        assertThat(hub.sendWebhook(webhook("after-cut-" + UUID.randomUUID())).status()).isEqualTo(200);
    }

    @Test
    void aDatabaseThatStopsAnsweringIsAnswered503WithinTheSocketTimeoutAndReadinessGoesDown() throws Exception {
        HubClient hub = new HubClient(port);
        awaitReadiness(hub, 200);

        proxy.blackhole();

        // a pooled connection used just before may skip validation: its query then ends with the socket timeout
        Duration bound = SOCKET_TIMEOUT.plus(CUT_BOUND);
        assertBounded(bound, () -> hub.sendWebhook(webhook("blackhole-" + UUID.randomUUID())), 503);
        assertBounded(bound, () -> createPayment(hub), 503);
        Response readiness = assertBounded(bound, () -> hub.get("/actuator/health/readiness"), 503);
        assertThat(readiness.json().path("status").asText()).isEqualTo("DOWN");

        proxy.forward();
        awaitReadiness(hub, 200);
    }

    @Test
    void everyAcknowledgedWebhookIsAppliedOnceWhenTheDatabaseIsCutMidLoad() throws Exception {
        List<String> providerIds = new ArrayList<>();
        Map<String, String> hubIds = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String providerId = "dbcut-" + RUN + "-" + i;
            providerIds.add(providerId);
            hubIds.put(providerId, registry.register(new PaymentRegistry.NewPayment("billing", providerId,
                    PaymentStatus.SUCCEEDED, "fault-user", "dbcut-order-" + RUN + "-" + i, 1_000_000, "EUR", null, null)).id());
        }
        int count = 600;
        WebhookLoad load = new WebhookLoad(port, RUN, providerIds, count);
        awaitReadiness(new HubClient(port), 200);
        await("the last test's outage is over").atMost(Duration.ofSeconds(10))
                .until(() -> !dependencies.isDown(DependencyStates.Dependency.DATABASE));

        try (LogCapture log = LogCapture.start()) {
            ExecutorService senders = load.sendAllOnce(8);
            await("a third acknowledged").atMost(Duration.ofSeconds(60)).until(() -> load.acknowledgedCount() >= count / 3);
            proxy.refuse();
            int answeredAtCut = load.answers.get();
            await("refusals while the database is down").atMost(Duration.ofSeconds(30))
                    .until(() -> load.answers.get() >= answeredAtCut + 100 || senders.isTerminated());
            proxy.forward();
            WebhookLoad.await(senders, Duration.ofSeconds(120));
            load.resendUnacknowledged(20, Duration.ofMillis(500));

            System.out.printf("[db-fault-it] %d answers, %d of them 503 during the outage; slowest %s; log: %d entries, %d ERROR,"
                    + " %d with a stack trace%n", load.answers.get(), load.refusals.get(), load.slowestAnswer(),
                    log.events().size(), log.errors().size(), log.withStackTrace().size());
            assertThat(load.failures).as("requests without an HTTP answer").isEmpty();
            assertThat(load.notJson).as("answers that are not the contract's JSON").isEmpty();
            assertThat(load.slowestAnswer()).as("slowest answer").isLessThan(SOCKET_TIMEOUT.plus(CUT_BOUND));
            assertThat(load.refusals.get()).as("503s during the outage").isGreaterThan(50);
            assertThat(load.unacknowledgedCount()).as("events never acknowledged").isZero();

            Map<String, Long> expected = new TreeMap<>();
            WebhookLoad.expectedPerPayment(providerIds, count).forEach((id, n) -> expected.put(id, (long) n));
            await("every event applied").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> refunded(hubIds).equals(expected));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id LIKE ?", Integer.class,
                    "fault-" + RUN + "-evt-%")).as("each event recorded once").isEqualTo(count);

            // what was in flight when the connections broke (a pool of 5, the consumers) is logged by Spring and Hikari,
            // and the outage once; not one entry per request (more than 50 were answered 503)
            assertThat(log.errors()).as("ERROR entries" + LogCapture.describe(log.errors())).hasSizeLessThanOrEqualTo(12);
            assertThat(log.withStackTrace()).as("entries with a stack trace" + LogCapture.describe(log.withStackTrace()))
                    .hasSizeLessThanOrEqualTo(20);
            assertThat(log.containing("Database unavailable")).as("reported down" + LogCapture.describe(log.errors())).hasSize(1);
            await("reported back").atMost(Duration.ofSeconds(10)).until(() -> log.containing("Database is back").size() == 1);
        }
    }

    @Test
    void anOutageLongerThanAnyRedeliveryBudgetDeadLettersNoAcknowledgedEvent() throws Exception {
        List<String> providerIds = new ArrayList<>();
        Map<String, String> hubIds = new HashMap<>();
        String run = RUN + "l";
        for (int i = 0; i < 2; i++) {
            String providerId = "dblong-" + run + "-" + i;
            providerIds.add(providerId);
            hubIds.put(providerId, registry.register(new PaymentRegistry.NewPayment("billing", providerId,
                    PaymentStatus.SUCCEEDED, "fault-user", "dblong-order-" + run + "-" + i, 1_000_000, "EUR", null, null)).id());
        }
        int count = 4;
        WebhookLoad load = new WebhookLoad(port, run, providerIds, count);
        awaitReadiness(new HubClient(port), 200);
        // the events wait on the queue, acknowledged, while the database goes away under the handler
        camel.getRouteController().stopRoute("applyWebhookEvent");
        try (LogCapture log = LogCapture.start()) {
            WebhookLoad.await(load.sendAllOnce(2), Duration.ofSeconds(60));
            assertThat(load.unacknowledgedCount()).as("events not acknowledged").isZero();
            // acknowledged means committed in the database: the relay takes them on to the queue
            await("the events relayed to the queue").atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM webhook_inbox WHERE event_id LIKE ?", Integer.class, "fault-" + run + "-evt-%") == 0);
            proxy.refuse();
            camel.getRouteController().startRoute("applyWebhookEvent");

            // every waiting event is delivered, and rolled back, more often than an unexpected failure may be
            await("deliveries past the budget").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> log.containing("Broker message rolled back").stream()
                            .filter(event -> event.getFormattedMessage().contains("queue=" + webhookQueue))
                            .anyMatch(event -> event.getFormattedMessage().contains("delivery=" + (BUDGET + 2))));
            proxy.forward();

            Map<String, Long> expected = new TreeMap<>();
            WebhookLoad.expectedPerPayment(providerIds, count).forEach((id, n) -> expected.put(id, (long) n));
            // the pool takes a moment to connect again
            await("every event applied").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> refunded(hubIds).equals(expected));
            assertThat(deadLetters("DLQ." + webhookQueue)).as("dead-lettered events").isZero();
        } finally {
            camel.getRouteController().startRoute("applyWebhookEvent");
        }
    }

    private int deadLetters(String queue) {
        Integer count = new JmsTemplate(connectionFactory).browse(queue,
                (session, browser) -> java.util.Collections.list(browser.getEnumeration()).size());
        return count == null ? 0 : count;
    }

    private Map<String, Long> refunded(Map<String, String> hubIds) {
        Map<String, Long> refunded = new TreeMap<>();
        hubIds.forEach((providerId, id) -> refunded.put(providerId,
                jdbc.queryForObject("SELECT refunded_amount FROM payments WHERE id = ?", Long.class, id)));
        return refunded;
    }

    private static Response createPayment(HubClient hub) {
        String key = "dbfault-" + UUID.randomUUID();
        return hub.post("/api/payments", "{\"userId\":\"u1\",\"orderId\":\"" + key + "\",\"amount\":5000,\"currency\":\"EUR\","
                        + "\"description\":\"d\",\"returnUrl\":\"https://shop.example/r\"}",
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json", "Idempotency-Key", key);
    }

    private static String webhook(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"createdAt\":\"2026-11-20T10:00:00Z\","
                + "\"data\":{\"paymentId\":\"pay_" + eventId + "\",\"amount\":5000,\"currency\":\"EUR\",\"status\":\"SUCCEEDED\"}}";
    }

    private static Response assertBounded(Duration bound, Supplier<Response> call, int status) {
        long started = System.nanoTime();
        Response answer = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application");
        answer.json();
        assertThat(took).as("answered within %s", bound).isLessThan(bound);
        return answer;
    }

    private static void awaitReadiness(HubClient hub, int status) {
        await("readiness " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> hub.get("/actuator/health/readiness").status() == status);
    }
}
