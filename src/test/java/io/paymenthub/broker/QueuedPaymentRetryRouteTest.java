package io.paymenthub.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The background retry of payments QUEUED because the platform was down (route retryQueuedPayments,
 * contract section 3: "the hub keeps retrying it in the background and it moves on by itself once the
 * platform is back"), with short hub.retry.* settings. {@link GiveUp} runs a second hub context whose
 * give-up horizon is 2 s: past it a payment goes to DLQ.payments.requests with the reason, and sending its
 * request again retries it.
 * <p>
 * On a shared database other cached hub contexts may take a queued payment for an attempt too (each with its
 * own hub.retry.queue-delay as lease), so the waits here allow for a default 30 s lease.
 */
@HubSpringTest
class QueuedPaymentRetryRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(75);
    private static final String QUEUED_MESSAGE = "Payment system temporarily unavailable. Your request has been queued.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.providers.billing.base-url", BillingPlatformStub::baseUrl);
        registry.add("hub.providers.billing.tenant-secret", () -> "test-tenant-secret");
        registry.add("hub.retry.max-attempts", () -> "2");
        registry.add("hub.retry.initial-delay", () -> "50ms");
        registry.add("hub.retry.queue-delay", () -> "1s");
        registry.add("hub.retry.queue-poll-interval", () -> "200");
    }

    @BeforeAll
    static void platform() {
        BillingPlatformStub.login("token-1", 86400);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    HubClient hub;
    JmsTemplate jms;
    @org.springframework.beans.factory.annotation.Value("${hub.queues.payment-requests}")
    String paymentRequests;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(WAIT.toMillis());
    }

    @Test
    void retriesAQueuedPaymentInTheBackgroundWithTheSameKeyUntilThePlatformIsBack() {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        BillingPlatformStub.createAnswers(key, 503, "{\"message\":\"maintenance\"}");
        String paymentId;
        try {
            Response queued = create(orderId, key);

            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
            assertThat(queued.json().path("status").asText()).isEqualTo("QUEUED");
            assertThat(queued.json().path("statusMessage").asText()).isEqualTo(QUEUED_MESSAGE);
            paymentId = queued.json().path("id").asText();
            // hub.retry.max-attempts (2) calls for the request itself, then background attempts every queue-delay
            int afterRequest = BillingPlatformStub.creates(key);
            await().atMost(WAIT).until(() -> BillingPlatformStub.creates(key) > afterRequest + 2);
            assertThat(status(paymentId)).isEqualTo("QUEUED");
            // retries go on meanwhile: check that none of them carried another key, not two counts taken apart
            assertThat(BillingPlatformStub.count(createsFor(orderId).withHeader("Idempotency-Key",
                    com.github.tomakehurst.wiremock.client.WireMock.notMatching(java.util.regex.Pattern.quote(key))))).isZero();
        } finally {
            platformIsBack(key);
        }

        await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(paymentId)));
        JsonNode payment = hub.getPayment(paymentId).json();
        assertThat(payment.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(payment.path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(payment.path("idempotencyKey").asText()).isEqualTo(key);
        // accepted: no further attempts, and every attempt carried the payment's key
        int attempts = BillingPlatformStub.creates(key);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == attempts);
        assertThat(BillingPlatformStub.count(createsFor(orderId))).isEqualTo(attempts);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void retriesAPaymentQueuedFromTheBrokerEntryPointToo() {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        BillingPlatformStub.createAnswers(key, 503, "{}");
        try {
            jms.send(paymentRequests, session -> {
                TextMessage message = session.createTextMessage(body(orderId));
                message.setStringProperty("idempotencyKey", key);
                return message;
            });

            await().atMost(WAIT).until(() -> "QUEUED".equals(statusByKey(key)));
            int queuedAfter = BillingPlatformStub.creates(key);
            await().atMost(WAIT).until(() -> BillingPlatformStub.creates(key) > queuedAfter);
        } finally {
            platformIsBack(key);
        }

        await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(statusByKey(key)));
        assertThat(jdbc.queryForObject("SELECT provider_payment_id FROM payments WHERE idempotency_key = ?", String.class, key))
                .isEqualTo("pay_" + key);
    }

    /** A hub whose background retry gives up after 2 s. Closed after its tests, so its horizon reaches no other test. */
    @Nested
    @DirtiesContext
    class GiveUp {

        @DynamicPropertySource
        static void giveUpSoon(DynamicPropertyRegistry registry) {
            registry.add("hub.retry.give-up-after", () -> "2s");
        }

        @LocalServerPort
        int giveUpPort;
        @Autowired
        JdbcTemplate giveUpJdbc;
        @Autowired
        ConnectionFactory giveUpConnectionFactory;
        @Autowired
        CamelContext camel;

        @org.springframework.beans.factory.annotation.Value("${hub.queues.payment-requests}")
        String giveUpRequests;

        HubClient giveUpHub;
        JmsTemplate giveUpJms;

        @BeforeEach
        void setUpGiveUp() {
            giveUpHub = new HubClient(giveUpPort);
            giveUpJms = new JmsTemplate(giveUpConnectionFactory);
            giveUpJms.setReceiveTimeout(WAIT.toMillis());
        }

        /** Creates a payment while the platform is down and waits for its dead letter past the give-up horizon. */
        DeadLetteredPayment queueUntilDeadLettered(String key, String orderId) {
            Response queued = giveUpHub.post("/api/payments", body(orderId), headers(key));
            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
            String paymentId = queued.json().path("id").asText();
            Message dead = giveUpJms.receiveSelected("DLQ." + giveUpRequests, "hubPaymentId = '" + paymentId + "'");
            assertThat(dead).as("dead letter of payment " + paymentId).isNotNull();
            return new DeadLetteredPayment(paymentId, dead);
        }

        @Test
        void deadLettersAPaymentWhosePlatformStaysDownAndRetriesItWhenItsRequestComesAgain() throws Exception {
            String key = "key-" + UUID.randomUUID();
            String orderId = "order-" + key;
            BillingPlatformStub.createAnswers(key, 503, "{}");
            String paymentId;
            int attempts;
            try {
                DeadLetteredPayment deadLettered = queueUntilDeadLettered(key, orderId);
                paymentId = deadLettered.paymentId();
                Message dead = deadLettered.message();

                assertThat(dead.getStringProperty("hubFailureReason")).contains("Platform unavailable");
                JsonNode request = JSON.readTree(textOf(dead));
                assertThat(request.path("userId").asText()).isEqualTo("user-1");
                assertThat(request.path("orderId").asText()).isEqualTo(orderId);
                assertThat(request.path("amount").asLong()).isEqualTo(5000);
                assertThat(request.path("currency").asText()).isEqualTo("EUR");
                assertThat(status(giveUpJdbc, paymentId)).isEqualTo("QUEUED");
                // given up: no more background attempts
                attempts = BillingPlatformStub.creates(key);
                await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == attempts);
                assertThat(status(giveUpJdbc, paymentId)).isEqualTo("QUEUED");
            } finally {
                // the platform is back (also ends any attempts still running should an assertion above fail)
                platformIsBack(key);
            }

            // the merchant sends the same request again
            Response retried = giveUpHub.post("/api/payments", body(orderId), headers(key));

            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().path("id").asText()).isEqualTo(paymentId);
            assertThat(retried.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
            assertThat(retried.json().path("providerPaymentId").asText()).isEqualTo("pay_" + key);
            assertThat(status(giveUpJdbc, paymentId)).isEqualTo("PROVIDER_PENDING");
            assertThat(BillingPlatformStub.creates(key)).isEqualTo(attempts + 1);
        }

        @Test
        void aDeadLetterTheBrokerDoesNotTakeLeavesThePaymentDueAndALaterRunDeadLettersIt() throws Exception {
            // the broker refuses the dead-letter send of this context while dlqDown is set
            List<String> refusedSends = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean dlqDown = new java.util.concurrent.atomic.AtomicBoolean(true);
            AdviceWith.adviceWith(camel, "deadLetterQueuedPayment", route -> route.weaveByToUri("activemq6:queue:DLQ.*")
                    .before().process(exchange -> {
                        if (dlqDown.get()) {
                            refusedSends.add(exchange.getMessage().getHeader("hubPaymentId", String.class));
                            throw new jakarta.jms.JMSException("broker store full (test)");
                        }
                    }));
            String key = "key-" + UUID.randomUUID();
            String orderId = "order-" + key;
            BillingPlatformStub.createAnswers(key, 503, "{}");
            String paymentId;
            try {
                Response queued = giveUpHub.post("/api/payments", body(orderId), headers(key));
                assertThat(queued.status()).as(queued.body()).isEqualTo(202);
                paymentId = queued.json().path("id").asText();

                // past the horizon, runs keep trying to dead-letter it: the failed send left it due
                await().atMost(WAIT).until(() -> java.util.Collections.frequency(refusedSends, paymentId) >= 2);
                assertThat(status(giveUpJdbc, paymentId)).isEqualTo("QUEUED");
                assertThat(giveUpJdbc.queryForObject("SELECT next_attempt_at FROM payments WHERE id = ?",
                        java.sql.Timestamp.class, paymentId)).as("still due for a background run").isNotNull();
                JmsTemplate noWait = new JmsTemplate(giveUpConnectionFactory);
                noWait.setReceiveTimeout(JmsTemplate.RECEIVE_TIMEOUT_NO_WAIT);
                assertThat(noWait.receiveSelected("DLQ." + giveUpRequests, "hubPaymentId = '" + paymentId + "'")).isNull();
            } finally {
                dlqDown.set(false);
            }

            // the broker is back: a later run dead-letters it, once, and stops retrying it
            Message dead = giveUpJms.receiveSelected("DLQ." + giveUpRequests, "hubPaymentId = '" + paymentId + "'");
            assertThat(dead).as("dead letter of payment " + paymentId).isNotNull();
            assertThat(dead.getStringProperty("hubFailureReason")).contains("Platform unavailable");
            await().atMost(WAIT).until(() -> giveUpJdbc.queryForObject("SELECT next_attempt_at FROM payments WHERE id = ?",
                    java.sql.Timestamp.class, paymentId) == null);
            platformIsBack(key);
        }

        @Test
        void retriesADeadLetteredPaymentMovedBackToItsQueueAsTheSamePayment() throws Exception {
            String key = "key-" + UUID.randomUUID();
            String orderId = "order-" + key;
            BillingPlatformStub.createAnswers(key, 503, "{}");
            String paymentId;
            Message dead;
            try {
                DeadLetteredPayment deadLettered = queueUntilDeadLettered(key, orderId);
                paymentId = deadLettered.paymentId();
                dead = deadLettered.message();
            } finally {
                platformIsBack(key);
            }

            // the README's replay: move the dead letter back to its queue as it is (body and properties)
            String content = textOf(dead);
            List<String> names = Collections.list(castNames(dead.getPropertyNames()));
            giveUpJms.send(giveUpRequests, session -> {
                TextMessage moved = session.createTextMessage(content);
                for (String name : names) {
                    if (!name.startsWith("JMSX")) {
                        moved.setObjectProperty(name, dead.getObjectProperty(name));
                    }
                }
                return moved;
            });

            await().atMost(WAIT).until(() -> !"QUEUED".equals(status(giveUpJdbc, paymentId))
                    || giveUpJdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId) > 1);
            assertThat(giveUpJdbc.queryForList("SELECT idempotency_key FROM payments WHERE order_id = ?", String.class, orderId))
                    .as("payments for the order after replaying a dead letter with the properties %s", names).containsExactly(key);
            await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(giveUpJdbc, paymentId)));
        }
    }

    // --- helpers

    private static void platformIsBack(String key) {
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
    }

    private Response create(String orderId, String key) {
        return hub.post("/api/payments", body(orderId), headers(key));
    }

    private static String body(String orderId) {
        return "{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"amount\":5000,\"currency\":\"EUR\",\"description\":\"Order\"}";
    }

    private static String[] headers(String key) {
        return new String[] {"Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", key};
    }

    private String status(String paymentId) {
        return status(jdbc, paymentId);
    }

    private static String status(JdbcTemplate jdbc, String paymentId) {
        return jdbc.query("SELECT status FROM payments WHERE id = ?", (rs, row) -> rs.getString(1), paymentId)
                .stream().findFirst().orElse(null);
    }

    private String statusByKey(String key) {
        return jdbc.query("SELECT status FROM payments WHERE idempotency_key = ?", (rs, row) -> rs.getString(1), key)
                .stream().findFirst().orElse(null);
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder createsFor(String orderId) {
        return postRequestedFor(urlPathEqualTo("/payments")).withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Enumeration<String> castNames(java.util.Enumeration<?> names) {
        return (java.util.Enumeration<String>) names;
    }

    private static String textOf(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            return new String(content, StandardCharsets.UTF_8);
        }
        throw new AssertionError("Unexpected message type " + message.getClass());
    }

    record DeadLetteredPayment(String paymentId, Message message) { }
}
