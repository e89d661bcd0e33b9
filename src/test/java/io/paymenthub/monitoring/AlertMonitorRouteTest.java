package io.paymenthub.monitoring;

import io.paymenthub.broker.QueueDepths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.payment.PaymentTransitions;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.TestClock;
import io.paymenthub.support.TopicRecorder;
import io.paymenthub.webhook.WebhookInboxTable;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.context.bean.override.mockito.MockReset;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alert monitor as a whole hub runs it, with the hub's clock in the test's hand: the route evaluateAlerts (its
 * timer replaced, by route id, with a direct endpoint the test calls) announces a firing once on hub.alerts with an
 * ERROR line, stays silent while the condition lasts, announces the clearing when it ends, and stays quiet above the
 * threshold. Payments reach their outcome through PaymentTransitions, as in production, at the test clock's time.
 */
@UseAdviceWith
@DirtiesContext
class AlertMonitorRouteTest extends HubRouteTestBase {

    private static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final String TOPIC = "hub.alerts.test-" + UUID.randomUUID();
    private static final String EVALUATE = "direct:evaluateAlertsForTest";

    @DynamicPropertySource
    static void monitoring(DynamicPropertyRegistry registry) {
        registry.add("hub.monitoring.enabled", () -> "true");
        registry.add("hub.monitoring.topic", () -> TOPIC);
        // the test moves the hub's clock an interval on between two evaluations, but the lock counts real time
        registry.add("hub.monitoring.lock-at-least-for", () -> "0s");
    }

    @TestBean(name = "clock", methodName = "testClock")
    Clock clock;

    static Clock testClock() {
        return CLOCK;
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    PaymentRepository payments;
    @Autowired
    PaymentTransitions transitions;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    MeterRegistry meters;
    @Autowired
    QueueDepths depths;
    @org.springframework.beans.factory.annotation.Value("${hub.queues.payment-requests}")
    String requestQueue;
    /** Reset by the test itself, while no other thread calls it (see whileTheInboxRelayIsStopped). */
    @MockitoSpyBean(reset = MockReset.NONE)
    WebhookInboxTable inboxTable;
    @MockitoSpyBean
    ClusterAlerts clusterAlerts;

    private static CamelContext advised;
    private TopicRecorder topic;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (advised != camel) {
            advised = camel;
            AdviceWith.adviceWith(camel, "evaluateAlerts", route -> route.replaceFromWith(EVALUATE));
            if (!camel.isStarted()) {
                camel.start();
            }
        }
        topic = new TopicRecorder(connectionFactory, TOPIC);
    }

    @AfterEach
    void closeTopic() throws Exception {
        topic.close();
    }

    @Test
    void aLowSuccessRateFiresOnceClearsWhenTheRateRecoversAndStaysQuietAboveTheThreshold() {
        String alert = PaymentSuccessRateCondition.ALERT;
        Instant firedAt;
        try (LogCapture log = LogCapture.start()) {
            reachOutcomes(8, PaymentStatus.SUCCEEDED);
            reachOutcomes(12, PaymentStatus.FAILED);
            firedAt = CLOCK.instant();

            evaluate();

            JsonNode fired = awaitAnnouncements(alert, 1).get(0);
            assertThat(fired.path("state").asText()).isEqualTo("firing");
            assertThat(fired.path("severity").asText()).isEqualTo("critical");
            assertThat(fired.path("value").asDouble()).isEqualTo(0.4);
            assertThat(fired.path("threshold").asDouble()).isEqualTo(0.85);
            assertThat(fired.path("window").asText()).isEqualTo("5m");
            assertThat(Instant.parse(fired.path("firedAt").asText())).isEqualTo(firedAt);
            assertThat(fired.path("summary").asText()).contains("40.0%", "8 of 20");
            assertThat(fired.path("instance").asText()).isNotBlank();
            assertThat(fired.has("clearedAt")).isFalse();
            assertThat(deliveryModes(alert)).as("persistent").containsOnly(DeliveryMode.PERSISTENT);
            List<ILoggingEvent> errors = alertLines(log, alert, Level.ERROR);
            assertThat(errors).as(LogCapture.describe(log.events())).hasSize(1);
            assertThat(errors.get(0).getFormattedMessage()).contains("Alert firing", "value=0.4", "threshold=0.85",
                    "window=5m", "Check billing_payments_failure_total");
            assertThat(firingGauge(alert)).isEqualTo(1.0);

            // the next evaluation: still below the threshold, nothing announced or logged again
            CLOCK.advance(Duration.ofMinutes(1));
            evaluate();
            assertStillAnnounced(alert, 1);
            assertThat(alertLines(log, alert, Level.ERROR)).hasSize(1);
            assertThat(firingGauge(alert)).isEqualTo(1.0);

            // the failures leave the window, and the payments succeed again
            CLOCK.advance(Duration.ofMinutes(5));
            reachOutcomes(24, PaymentStatus.SUCCEEDED);
            reachOutcomes(1, PaymentStatus.FAILED);
            Instant clearedAt = CLOCK.instant();
            evaluate();

            JsonNode cleared = awaitAnnouncements(alert, 2).get(1);
            assertThat(cleared.path("state").asText()).isEqualTo("cleared");
            assertThat(cleared.path("value").asDouble()).isEqualTo(0.96);
            assertThat(Instant.parse(cleared.path("firedAt").asText())).as("the firing it ends").isEqualTo(firedAt);
            assertThat(Instant.parse(cleared.path("clearedAt").asText())).isEqualTo(clearedAt);
            assertThat(alertLines(log, alert, Level.WARN)).as(LogCapture.describe(log.events())).hasSize(1)
                    .allSatisfy(line -> assertThat(line.getFormattedMessage()).contains("Alert cleared", "firingFor=6m"));
            assertThat(firingGauge(alert)).isEqualTo(0.0);

            // above the threshold: quiet
            CLOCK.advance(Duration.ofMinutes(1));
            reachOutcomes(30, PaymentStatus.SUCCEEDED);
            evaluate();
            assertStillAnnounced(alert, 2);
            assertThat(alertLines(log, alert, Level.ERROR)).hasSize(1);
        }
    }

    /** While the database is away: the webhooks are answered 503 and the cluster-wide part cannot take its lock. */
    @Test
    void theWebhookEndpointAnswering5xxForFiveMinutesFiresForThisInstanceAndClearsWhenItAnswersAgain() {
        String alert = WebhookEndpointErrorsCondition.ALERT;
        HubClient hub = new HubClient(port);
        whileTheInboxRelayIsStopped(() -> doThrow(new DataAccessResourceFailureException("database unreachable (test)"))
                .when(inboxTable).recordNew(anyList()));
        doThrow(new CannotGetJdbcConnectionException("database unreachable (test)")).when(clusterAlerts).evaluate();
        try (LogCapture log = LogCapture.start()) {
            try {
                assertThat(sendWebhook(hub).status()).isEqualTo(503);
                evaluate(); // answering 5xx since now: not yet for five minutes
                CLOCK.advance(Duration.ofMinutes(5));
                assertThat(sendWebhook(hub).status()).isEqualTo(503);
                evaluate();
                verify(clusterAlerts, times(2)).evaluate(); // it failed both times: the route went on without it
            } finally {
                reset(clusterAlerts);
                whileTheInboxRelayIsStopped(() -> reset(inboxTable));
            }

            JsonNode fired = awaitAnnouncements(alert, 1).get(0);
            assertThat(fired.path("state").asText()).isEqualTo("firing");
            assertThat(fired.path("value").asDouble()).as("share of 5xx answers").isEqualTo(1.0);
            assertThat(fired.path("window").asText()).isEqualTo("5m");
            assertThat(fired.path("instance").asText()).isNotBlank();
            assertThat(alertLines(log, alert, Level.ERROR)).hasSize(1).allSatisfy(line ->
                    assertThat(line.getFormattedMessage()).contains("has been answering 5xx for 5m", "readiness"));

            CLOCK.advance(Duration.ofMinutes(5));
            assertThat(sendWebhook(hub).status()).isEqualTo(200);
            evaluate();

            JsonNode cleared = awaitAnnouncements(alert, 2).get(1);
            assertThat(cleared.path("state").asText()).isEqualTo("cleared");
            assertThat(cleared.path("value").asDouble()).isEqualTo(0.0);
        }
    }

    @Test
    void aMessageDeadLetteredSinceTheLastEvaluationFiresDeadLetterQueueGrowingAndTheNextQuietEvaluationClearsIt()
            throws Exception {
        String alert = DeadLetterGrowthCondition.ALERT;
        String deadLetters = "DLQ." + requestQueue;
        evaluate(); // the depths to compare with
        long before = depths.depths(List.of(deadLetters)).get(deadLetters);

        // a request no one can process: the consumer dead-letters it with the reason
        try (jakarta.jms.Connection connection = connectionFactory.createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(requestQueue)).send(session.createTextMessage("not a payment request"));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> depths.depths(List.of(deadLetters)).get(deadLetters) == before + 1);
        CLOCK.advance(Duration.ofMinutes(5));
        evaluate();

        JsonNode fired = awaitAnnouncements(alert, 1).get(0);
        assertThat(fired.path("state").asText()).isEqualTo("firing");
        assertThat(fired.path("severity").asText()).isEqualTo("warning");
        assertThat(fired.path("value").asDouble()).isEqualTo(1.0);
        assertThat(fired.path("summary").asText()).isEqualTo(deadLetters + " grew by 1 to " + (before + 1)
                + " since the last evaluation");

        CLOCK.advance(Duration.ofMinutes(5));
        evaluate();
        assertThat(awaitAnnouncements(alert, 2).get(1).path("state").asText()).isEqualTo("cleared");
    }

    /** Stubs the inbox table while no other thread calls it (the relay polls it all the time): Mockito's stubbing is not thread-safe. */
    private void whileTheInboxRelayIsStopped(Runnable stubbing) {
        try {
            camel.getRouteController().stopRoute("relayWebhookEvents");
            try {
                stubbing.run();
            } finally {
                camel.getRouteController().startRoute("relayWebhookEvents");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void evaluate() {
        producer.sendBody(EVALUATE, null);
    }

    /** Payments that reach {@code outcome} now (the test clock's time), through the hub's one status writer. */
    private void reachOutcomes(int count, PaymentStatus outcome) {
        for (int i = 0; i < count; i++) {
            Instant now = CLOCK.instant();
            Payment pending = new Payment(UUID.randomUUID().toString(), "billing", "pay_" + UUID.randomUUID(),
                    PaymentStatus.PROVIDER_PENDING, "user-alerts", "order-" + UUID.randomUUID(), 5000, "EUR", 0, null, null,
                    null, now, now);
            transaction.executeWithoutResult(status -> {
                assertThat(payments.insertIfAbsent(pending)).isTrue();
                Payment locked = payments.lockById(pending.id()).orElseThrow();
                transitions.move(locked, outcome, outcome == PaymentStatus.FAILED ? "DECLINED" : null);
            });
        }
    }

    /** Sends a webhook, and waits until this instance's http_server_requests timer has it (recorded after the answer). */
    private HubClient.Response sendWebhook(HubClient hub) {
        long before = webhookAnswers();
        HubClient.Response answer = postWebhook(hub);
        await().atMost(Duration.ofSeconds(5)).until(() -> webhookAnswers() > before);
        return answer;
    }

    private long webhookAnswers() {
        return meters.find("http.server.requests").tag("uri", "/webhooks/{provider}").timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    private HubClient.Response postWebhook(HubClient hub) {
        String body = "{\"eventId\":\"evt_" + UUID.randomUUID() + "\",\"eventType\":\"payment.pending\","
                + "\"data\":{\"paymentId\":\"pay_" + UUID.randomUUID() + "\"}}";
        return hub.sendWebhook("billing", body, CLOCK.instant(), "application/json");
    }

    private List<JsonNode> announcements(String alert) {
        return topic.all().stream().map(TopicRecorder.Received::body)
                .filter(body -> body != null && alert.equals(body.path("alert").asText())).toList();
    }

    private List<Integer> deliveryModes(String alert) {
        return topic.all().stream().filter(r -> r.body() != null && alert.equals(r.body().path("alert").asText()))
                .map(TopicRecorder.Received::deliveryMode).toList();
    }

    private List<JsonNode> awaitAnnouncements(String alert, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> announcements(alert).size() >= count);
        return announcements(alert);
    }

    private void assertStillAnnounced(String alert, int count) {
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> announcements(alert).size() == count);
    }

    private static List<ILoggingEvent> alertLines(LogCapture log, String alert, Level level) {
        return log.matching(event -> event.getLevel() == level && event.getFormattedMessage() != null
                && event.getFormattedMessage().contains("alert=" + alert + " "));
    }

    private double firingGauge(String alert) {
        return meters.get("hub.alerts.firing").tag("alert", alert).gauge().value();
    }
}
