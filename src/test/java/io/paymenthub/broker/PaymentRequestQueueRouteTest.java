package io.paymenthub.broker;

import io.paymenthub.support.SharedPlatformRouteTestBase;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubTestEnvironment;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jms.core.JmsTemplate;

/**
 * The broker entry point for payments (route receivePaymentRequest, contract section 6): a
 * {@code POST /api/payments} body on {@code payments.requests}, with the same validation and idempotency
 * as the API, answered with the payment JSON on the {@code replyTo} queue and on JMSReplyTo; what cannot be
 * processed goes to {@code DLQ.payments.requests} with the reason.
 * <p>
 * Every test context has request queues of its own (hub.queues.*, see HubTestEnvironment); every test works
 * with ids of its own, reply queues of its own, and dead letters selected by a marker property.
 */
class PaymentRequestQueueRouteTest extends SharedPlatformRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Replies and dead letters are sent by the exchange whose database effect the test has already seen. */
    private static final Duration RECEIVE_WAIT = Duration.ofSeconds(15);
    @org.springframework.beans.factory.annotation.Value("${hub.queues.payment-requests}")
    String REQUESTS;

    String dlq() {
        return "DLQ." + REQUESTS;
    }
    private static final ObjectMapper JSON = new ObjectMapper();


    JmsTemplate jms;

    @BeforeEach
    void setUp() {
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(RECEIVE_WAIT.toMillis());
    }

    @Test
    void createsThePaymentWithTheGivenKeyAndRepliesWithItOnTheReplyToQueue() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + UUID.randomUUID();
        String replyQueue = replyQueue();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));

        send(request("user-1", orderId, 5000, "EUR"), Map.of("replyTo", replyQueue, "idempotencyKey", key));

        awaitStatus(key, "PROVIDER_PENDING");
        Map<String, Object> stored = jdbc.queryForMap(
                "SELECT id, provider_payment_id, user_id, amount, currency, order_id FROM payments WHERE idempotency_key = ?", key);
        assertThat(stored.get("provider_payment_id")).isEqualTo("pay_" + key);
        assertThat(stored.get("user_id")).isEqualTo("user-1");
        assertThat(((Number) stored.get("amount")).longValue()).isEqualTo(5000);
        assertThat(stored.get("currency")).isEqualTo("EUR");
        assertThat(stored.get("order_id")).isEqualTo(orderId);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
        assertThat(BillingPlatformStub.count(createsFor(orderId).withHeader("Idempotency-Key", equalTo(key))
                .withRequestBody(matchingJsonPath("$.userId", equalTo("user-1")))
                .withRequestBody(matchingJsonPath("$.amount", equalTo("5000")))
                .withRequestBody(matchingJsonPath("$.currency", equalTo("EUR"))))).isEqualTo(1);

        JsonNode reply = receiveJson(replyQueue);
        assertThat(reply.path("id").asText()).isEqualTo(stored.get("id"));
        assertThat(reply.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(reply.path("statusMessage").asText()).isEqualTo("Processing your payment. This may take a few moments.");
        assertThat(reply.path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(reply.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(reply.path("orderId").asText()).isEqualTo(orderId);
        assertThat(reply.path("userId").asText()).isEqualTo("user-1");
        assertThat(reply.path("amount").asLong()).isEqualTo(5000);
        assertThat(reply.path("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void derivesTheKeyFromUserAndOrderAndRepliesTheSamePaymentToTheSameRequestWithoutASecondPlatformCall() throws Exception {
        String orderId = "order-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        stubCreateForOrder(orderId, 201, BillingPlatformStub.platformPayment("pay_" + orderId, "PENDING"));
        String body = request(userId, orderId, 5000, "EUR");
        String firstReplies = replyQueue();
        String secondReplies = replyQueue();

        send(body, Map.of("replyTo", firstReplies));
        await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(statusOfOrder(orderId)));
        Map<String, Object> stored = jdbc.queryForMap("SELECT id, idempotency_key FROM payments WHERE order_id = ?", orderId);
        String derivedKey = (String) stored.get("idempotency_key");
        send(body, Map.of("replyTo", secondReplies));
        JsonNode second = receiveJson(secondReplies);

        assertThat(derivedKey).isNotBlank();
        assertThat(second.path("id").asText()).isEqualTo(stored.get("id"));
        assertThat(second.path("idempotencyKey").asText()).isEqualTo(derivedKey);
        assertThat(second.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(second.path("providerPaymentId").asText()).isEqualTo("pay_" + orderId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
        // the platform was charged once, with the derived key
        assertThat(BillingPlatformStub.count(createsFor(orderId))).isEqualTo(1);
        assertThat(BillingPlatformStub.creates(derivedKey)).isEqualTo(1);

        JsonNode first = receiveJson(firstReplies);
        assertThat(first.path("id").asText()).isEqualTo(stored.get("id"));
        assertThat(first.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(first.path("idempotencyKey").asText()).isEqualTo(derivedKey);
    }

    @Test
    void answersJmsReplyToAsWellAsTheReplyToQueue() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + UUID.randomUUID();
        String replyQueue = replyQueue();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        String body = request("user-1", orderId, 5000, "EUR");

        // request/reply the JMS way: a temporary queue of the requester's connection in JMSReplyTo
        String viaJmsReplyTo = jms.execute(session -> {
            TemporaryQueue temporary = session.createTemporaryQueue();
            try (MessageConsumer consumer = session.createConsumer(temporary);
                 MessageProducer producer = session.createProducer(session.createQueue(REQUESTS))) {
                TextMessage message = session.createTextMessage(body);
                message.setStringProperty("replyTo", replyQueue);
                message.setStringProperty("idempotencyKey", key);
                message.setJMSReplyTo(temporary);
                producer.send(message);
                Message answer = consumer.receive(WAIT.toMillis());
                return answer == null ? null : textOf(answer);
            } finally {
                temporary.delete();
            }
        }, true);

        assertThat(viaJmsReplyTo).as("reply on JMSReplyTo").isNotNull();
        JsonNode replied = JSON.readTree(viaJmsReplyTo);
        String storedId = jdbc.queryForObject("SELECT id FROM payments WHERE idempotency_key = ?", String.class, key);
        assertThat(replied.path("id").asText()).isEqualTo(storedId);
        assertThat(replied.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(replied.path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);

        JsonNode viaHeader = receiveJson(replyQueue);
        assertThat(viaHeader.path("id").asText()).isEqualTo(storedId);
        assertThat(viaHeader.path("status").asText()).isEqualTo("PROVIDER_PENDING");
    }

    @Test
    void answersANamedJmsReplyToQueue() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String replyQueue = replyQueue();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        String body = request("user-1", "order-" + UUID.randomUUID(), 5000, "EUR");

        jms.send(REQUESTS, session -> {
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("idempotencyKey", key);
            message.setJMSReplyTo(session.createQueue(replyQueue));
            return message;
        });

        JsonNode reply = receiveJson(replyQueue);
        assertThat(reply.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(reply.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(jdbc.queryForObject("SELECT id FROM payments WHERE idempotency_key = ?", String.class, key))
                .isEqualTo(reply.path("id").asText());
    }

    @Test
    void acceptsTheRequestAsABytesMessage() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String replyQueue = replyQueue();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        byte[] body = request("user-1", "order-" + UUID.randomUUID(), 5000, "EUR").getBytes(StandardCharsets.UTF_8);

        jms.send(REQUESTS, session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty("replyTo", replyQueue);
            message.setStringProperty("idempotencyKey", key);
            return message;
        });

        awaitStatus(key, "PROVIDER_PENDING");
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
        JsonNode reply = receiveJson(replyQueue);
        assertThat(reply.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(reply.path("idempotencyKey").asText()).isEqualTo(key);
    }

    @Test
    void repliesWithTheFailedPaymentWhenThePlatformDeclinesItAndNeverRetries() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String replyQueue = replyQueue();
        BillingPlatformStub.createAnswers(key, 402, "{\"code\":\"DECLINED\",\"message\":\"Card declined\"}");

        send(request("user-1", "order-" + UUID.randomUUID(), 5000, "EUR"), Map.of("replyTo", replyQueue, "idempotencyKey", key));

        awaitStatus(key, "FAILED");
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == 1);
        JsonNode reply = receiveJson(replyQueue);
        assertThat(reply.path("status").asText()).isEqualTo("FAILED");
        assertThat(reply.path("failureCode").asText()).isEqualTo("DECLINED");
    }

    @Test
    void deadLettersAMessageThatIsNotJsonWithTheReasonAndStoresNothing() throws Exception {
        String marker = UUID.randomUUID().toString();
        String garbage = "this is not a payment request " + marker;

        send(garbage, Map.of("testMarker", marker, "replyTo", replyQueue()));

        Message dead = receiveDeadLetter(marker);
        assertThat(textOf(dead)).isEqualTo(garbage);
        assertThat(dead.getStringProperty("hubFailureReason")).contains("not valid JSON");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id LIKE ? OR idempotency_key LIKE ?",
                Integer.class, "%" + marker + "%", "%" + marker + "%")).isZero();
    }

    @Test
    void deadLettersARequestWithAnUnsupportedCurrencyWithTheReasonAndStoresNothing() throws Exception {
        String marker = UUID.randomUUID().toString();
        String orderId = "order-" + marker;
        String body = request("user-1", orderId, 5000, "XXX");

        send(body, Map.of("testMarker", marker, "replyTo", replyQueue()));

        Message dead = receiveDeadLetter(marker);
        assertThat(textOf(dead)).isEqualTo(body);
        assertThat(dead.getStringProperty("hubFailureReason")).containsIgnoringCase("currency");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId)).isZero();
        assertThat(BillingPlatformStub.count(createsFor(orderId))).isZero();
    }

    @Test
    void deadLettersARequestThatReusesAKeyForADifferentAmountAndKeepsTheFirstPayment() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        String orderId = "order-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        send(request("user-1", orderId, 5000, "EUR"), Map.of("idempotencyKey", key));
        awaitStatus(key, "PROVIDER_PENDING");
        String firstId = jdbc.queryForObject("SELECT id FROM payments WHERE idempotency_key = ?", String.class, key);

        String conflicting = request("user-1", orderId, 6000, "EUR");
        send(conflicting, Map.of("testMarker", marker, "idempotencyKey", key, "replyTo", replyQueue()));

        Message dead = receiveDeadLetter(marker);
        assertThat(textOf(dead)).isEqualTo(conflicting);
        assertThat(dead.getStringProperty("hubFailureReason")).contains("different amount");
        Map<String, Object> stored = jdbc.queryForMap("SELECT id, amount FROM payments WHERE idempotency_key = ?", key);
        assertThat(stored.get("id")).isEqualTo(firstId);
        assertThat(((Number) stored.get("amount")).longValue()).isEqualTo(5000);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
    }

    // --- helpers

    private static String replyQueue() {
        return "test.replies." + UUID.randomUUID();
    }

    private static String request(String userId, String orderId, long amount, String currency) {
        return "{\"userId\":\"" + userId + "\",\"orderId\":\"" + orderId + "\",\"amount\":" + amount + ",\"currency\":\""
                + currency + "\",\"description\":\"Order from the broker\"}";
    }

    private void send(String body, Map<String, String> properties) {
        jms.send(REQUESTS, session -> {
            TextMessage message = session.createTextMessage(body);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            return message;
        });
    }

    private void awaitStatus(String key, String status) {
        await().atMost(WAIT).until(() -> status.equals(statusOfKey(key)));
    }

    private String statusOfKey(String key) {
        return jdbc.query("SELECT status FROM payments WHERE idempotency_key = ?", (rs, row) -> rs.getString(1), key)
                .stream().findFirst().orElse(null);
    }

    private String statusOfOrder(String orderId) {
        return jdbc.query("SELECT status FROM payments WHERE order_id = ?", (rs, row) -> rs.getString(1), orderId)
                .stream().findFirst().orElse(null);
    }

    private JsonNode receiveJson(String queue) throws Exception {
        Message reply = jms.receive(queue);
        assertThat(reply).as("reply on " + queue).isNotNull();
        return JSON.readTree(textOf(reply));
    }

    private Message receiveDeadLetter(String marker) {
        Message dead = jms.receiveSelected(dlq(), "testMarker = '" + marker + "'");
        assertThat(dead).as("dead letter with testMarker " + marker).isNotNull();
        return dead;
    }

    private static void stubCreateForOrder(String orderId, int status, String json) {
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments"))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
    }

    private static RequestPatternBuilder createsFor(String orderId) {
        return postRequestedFor(urlPathEqualTo("/payments")).withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)));
    }

    static String textOf(Message message) throws JMSException {
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
}
