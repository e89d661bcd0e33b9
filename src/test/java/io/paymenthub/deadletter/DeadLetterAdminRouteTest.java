package io.paymenthub.deadletter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;

/**
 * The dead letters of the admin API (contract section 8), on messages the hub's consumers really dead-lettered: the
 * listing (reason, failedAt, no card data), a replay that puts the message back once with the headers its consumer
 * needs, a dry run that changes nothing, a delete; admin keys only; one audit line per action with the operator.
 */
class DeadLetterAdminRouteTest extends SharedPlatformRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMIN = "Bearer " + HubClient.TEST_ADMIN_KEY;
    private static final String OPERATOR = "test-operator";

    @Value("${hub.queues.payment-requests}")
    String requests;
    @Value("${hub.queues.refund-requests}")
    String refunds;
    @Value("${hub.webhooks.queue}")
    String webhooks;
    @Autowired
    PaymentRegistry registry;
    @Autowired
    PaymentRepository payments;

    JmsTemplate jms;

    @BeforeEach
    void setUp() {
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(WAIT.toMillis());
    }

    @Test
    void listsARefusedRequestWithItsReasonAndWhenItFailedAndWithoutItsCardNumber() {
        String orderId = "order-" + UUID.randomUUID();
        Instant before = Instant.now();
        // no amount: refused by the hub's own rules, so dead-lettered at once
        sendPaymentRequest("{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"currency\":\"MXN\",\"paymentMethod\":"
                + "{\"type\":\"card\",\"cardDetails\":{\"number\":\"4000000000002503\",\"expiryMonth\":\"12\","
                + "\"expiryYear\":\"30\",\"cvc\":\"123\"}}}", Map.of());

        JsonNode letter = awaitListed(requests, orderId);

        assertThat(letter.path("queue").asText()).isEqualTo(requests);
        assertThat(letter.path("messageId").asText()).startsWith("ID:");
        assertThat(letter.path("reason").asText()).containsIgnoringCase("amount");
        assertThat(Instant.parse(letter.path("failedAt").asText())).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(letter.path("body").asText()).doesNotContain("4000000000002503").doesNotContain("\"cvc\"")
                .contains("400000******2503");
        assertThat(paymentRowsForOrder(orderId)).isZero();
    }

    @Test
    void aReplayPutsTheMessageBackOnceWithItsHeadersAndASecondReplayIs404() throws Exception {
        String marker = UUID.randomUUID().toString();
        String orderId = "order-" + marker;
        String correlationId = "corr-" + marker;
        String replies = "replies.test-" + marker;
        sendPaymentRequest(invalidRequest(orderId), Map.of("testMarker", marker, "replyTo", replies,
                "hubCorrelationId", correlationId));
        JsonNode first = awaitListed(requests, orderId);
        String listedId = first.path("messageId").asText();
        String firstReason = first.path("reason").asText();

        Response replayed;
        try (LogCapture log = LogCapture.start()) {
            replayed = hub.post("/api/admin/dead-letters/" + listedId + "/replay", "", "Authorization", ADMIN);
            assertThat(log.containing("Dead letter replayed")).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                    .contains("operator=" + OPERATOR, "messageId=" + listedId, "queue=" + requests).doesNotContain(orderId));
        }
        Response again = hub.post("/api/admin/dead-letters/" + listedId + "/replay", "", "Authorization", ADMIN);

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.json()).isEqualTo(JSON_TRUE);
        assertThat(again.status()).as(again.body()).isEqualTo(404);
        assertThat(again.json().path("code").asText()).isEqualTo("NOT_FOUND");
        // the consumer took it again (and refused it again): a new dead letter with the consumer's headers, labelled afresh
        Message second = receiveDeadLetter(requests, marker);
        assertThat(second.getJMSMessageID()).isNotEqualTo(listedId);
        assertThat(second.getStringProperty("replyTo")).isEqualTo(replies);
        assertThat(second.getStringProperty("hubCorrelationId")).isEqualTo(correlationId);
        assertThat(second.getStringProperty("hubFailureReason")).isEqualTo(firstReason);
        assertThat(textOf(second)).contains(orderId);
        assertThat(paymentRowsForOrder(orderId)).isZero();
        jms.setReceiveTimeout(500);
        assertThat(jms.receiveSelected("DLQ." + requests, "testMarker = '" + marker + "'")).as("one dead letter only").isNull();
    }

    @Test
    void aRefundRefusedBeforeItsPaymentSucceededIsMadeOnceByItsReplayAndItsDryRunChangesNothing() throws Exception {
        Payment payment = registry.register(new NewPayment("billing", "pay_" + UUID.randomUUID(), PaymentStatus.PROVIDER_PENDING,
                "user-" + UUID.randomUUID(), "order-" + UUID.randomUUID(), 5000, "EUR", "key-" + UUID.randomUUID(), null));
        String refundKey = "refund-" + UUID.randomUUID();
        String body = "{\"paymentId\":\"" + payment.id() + "\",\"amount\":1000}";
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments/" + payment.providerPaymentId() + "/refunds"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"re_" + refundKey + "\",\"status\":\"PENDING\"}")));
        // not refundable yet: dead-lettered with the reason
        jms.send(refunds, session -> {
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("idempotencyKey", refundKey);
            return message;
        });
        JsonNode letter = awaitListed(refunds, payment.id());
        String messageId = letter.path("messageId").asText();
        assertThat(letter.path("reason").asText()).contains("cannot be refunded");
        // the platform's success arrives later
        String event = "{\"eventId\":\"evt_" + UUID.randomUUID() + "\",\"eventType\":\"payment.succeeded\",\"createdAt\":\""
                + Instant.now() + "\",\"data\":{\"paymentId\":\"" + payment.providerPaymentId() + "\"}}";
        assertThat(hub.sendWebhook(event).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> payments.findById(payment.id()).orElseThrow().status() == PaymentStatus.SUCCEEDED);

        Response dryRun = hub.post("/api/admin/dead-letters/" + messageId + "/replay?dryRun=true", "", "Authorization", ADMIN);

        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("replayed").asBoolean(true)).isFalse();
        assertThat(dryRun.json().path("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.json().path("wouldReplay").asBoolean()).isTrue();
        assertThat(dryRun.json().path("queue").asText()).isEqualTo(refunds);
        assertThat(dryRun.json().path("errors")).isEmpty();
        assertThat(listedIds(refunds)).contains(messageId);
        assertThat(refundRows(payment.id())).isZero();

        Response replayed = hub.post("/api/admin/dead-letters/" + messageId + "/replay?queue=" + refunds, "", "Authorization", ADMIN);
        Response again = hub.post("/api/admin/dead-letters/" + messageId + "/replay", "", "Authorization", ADMIN);

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(again.status()).as(again.body()).isEqualTo(404);
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(jdbc.query("SELECT status FROM refunds WHERE idempotency_key = ?",
                (rs, row) -> rs.getString(1), refundKey).stream().findFirst().orElse(null)));
        assertThat(refundRows(payment.id())).isEqualTo(1);
        assertThat(BillingPlatformStub.count(postRequestedFor(urlPathEqualTo("/payments/" + payment.providerPaymentId() + "/refunds"))))
                .isEqualTo(1);
        assertThat(listedIds(refunds)).doesNotContain(messageId);
    }

    @Test
    void aDryRunSaysWhatTheConsumerWouldRefuseAndLeavesTheDeadLetterWhereItIs() {
        String orderId = "order-" + UUID.randomUUID();
        sendPaymentRequest(invalidRequest(orderId), Map.of());
        String messageId = awaitListed(requests, orderId).path("messageId").asText();
        int depth = listedIds(requests).size();

        Response dryRun;
        try (LogCapture log = LogCapture.start()) {
            dryRun = hub.post("/api/admin/dead-letters/" + messageId + "/replay?dryRun=true", "", "Authorization", ADMIN);
            assertThat(log.containing("Dead letter replay tried as a dry run")).singleElement()
                    .satisfies(line -> assertThat(line.getFormattedMessage()).contains("operator=" + OPERATOR, "wouldReplay=false"));
        }

        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("replayed").asBoolean(true)).isFalse();
        assertThat(dryRun.json().path("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.json().path("wouldReplay").asBoolean(true)).isFalse();
        assertThat(dryRun.json().path("queue").asText()).isEqualTo(requests);
        assertThat(dryRun.json().path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("code").asText()).isEqualTo("MISSING_FIELD");
            assertThat(error.path("message").asText()).isEqualTo("amount is required");
        });
        assertThat(listedIds(requests)).contains(messageId).hasSize(depth);
        assertThat(paymentRowsForOrder(orderId)).isZero();
    }

    @Test
    void aDryRunOfAForgedWebhookHandOffSaysItsEnvelopeWouldBeRefused() {
        String eventId = "evt_" + UUID.randomUUID();
        // another broker client writes the hub's internal webhooks queue: the consumer refuses the unsigned envelope
        jms.send(webhooks, session -> {
            TextMessage message = session.createTextMessage("{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\"}");
            message.setStringProperty("hubProvider", "billing");
            message.setStringProperty("hubEventId", eventId);
            return message;
        });
        String messageId = awaitListed(webhooks, eventId).path("messageId").asText();

        Response dryRun = hub.post("/api/admin/dead-letters/" + messageId + "/replay?dryRun=true", "", "Authorization", ADMIN);

        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("wouldReplay").asBoolean(true)).isFalse();
        assertThat(dryRun.json().path("queue").asText()).isEqualTo(webhooks);
        assertThat(dryRun.json().path("errors")).singleElement()
                .satisfies(error -> assertThat(error.path("code").asText()).isEqualTo("INVALID_SIGNATURE"));
        assertThat(listedIds(webhooks)).contains(messageId);
        assertThat(hub.delete("/api/admin/dead-letters/" + messageId + "?queue=" + webhooks, "Authorization", ADMIN).status())
                .isEqualTo(204);
    }

    @Test
    void aDeleteTakesTheDeadLetterOffFor204AndThenItIs404() {
        String orderId = "order-" + UUID.randomUUID();
        sendPaymentRequest(invalidRequest(orderId), Map.of());
        String messageId = awaitListed(requests, orderId).path("messageId").asText();

        Response deleted;
        try (LogCapture log = LogCapture.start()) {
            deleted = hub.delete("/api/admin/dead-letters/" + messageId, "Authorization", ADMIN);
            assertThat(log.containing("Dead letter deleted")).singleElement()
                    .satisfies(line -> assertThat(line.getFormattedMessage()).contains("operator=" + OPERATOR, "queue=" + requests));
        }
        Response again = hub.delete("/api/admin/dead-letters/" + messageId, "Authorization", ADMIN);
        Response replay = hub.post("/api/admin/dead-letters/" + messageId + "/replay", "", "Authorization", ADMIN);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(listedIds(requests)).doesNotContain(messageId);
        assertThat(again.status()).as(again.body()).isEqualTo(404);
        assertThat(again.json().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(replay.status()).isEqualTo(404);
        assertThat(paymentRowsForOrder(orderId)).isZero();
    }

    @Test
    void aListingNeedsOneOfTheHubsQueuesAndALimitInRange() {
        Response missing = hub.get("/api/admin/dead-letters", "Authorization", ADMIN);
        Response unknown = hub.get("/api/admin/dead-letters?queue=DLQ." + requests, "Authorization", ADMIN);
        Response tooMany = hub.get("/api/admin/dead-letters?queue=" + requests + "&limit=100000", "Authorization", ADMIN);
        Response unknownOnReplay = hub.post("/api/admin/dead-letters/ID:none/replay?queue=other.queue", "", "Authorization", ADMIN);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("code").asText()).isEqualTo("MISSING_FIELD");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(unknownOnReplay.status()).isEqualTo(400);
    }

    @Test
    void theDeadLettersNeedAnAdminKey() {
        String client = "Bearer " + HubClient.TEST_API_KEY;
        String list = "/api/admin/dead-letters?queue=" + requests;

        assertThat(hub.get(list).status()).isEqualTo(401);
        assertThat(hub.get(list, "Authorization", client).status()).isEqualTo(403);
        assertThat(hub.post("/api/admin/dead-letters/ID:x/replay", "").status()).isEqualTo(401);
        assertThat(hub.post("/api/admin/dead-letters/ID:x/replay", "", "Authorization", client).status()).isEqualTo(403);
        assertThat(hub.delete("/api/admin/dead-letters/ID:x").status()).isEqualTo(401);
        assertThat(hub.delete("/api/admin/dead-letters/ID:x", "Authorization", client).status()).isEqualTo(403);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static final JsonNode JSON_TRUE = json("{\"replayed\":true}");

    private static JsonNode json(String text) {
        return new Response(200, text, "application/json").json();
    }

    private static String invalidRequest(String orderId) {
        return "{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"currency\":\"EUR\"}";
    }

    private void sendPaymentRequest(String body, Map<String, String> properties) {
        jms.send(requests, session -> {
            TextMessage message = session.createTextMessage(body);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            return message;
        });
    }

    private Message receiveDeadLetter(String queue, String marker) {
        Message dead = jms.receiveSelected("DLQ." + queue, "testMarker = '" + marker + "'");
        assertThat(dead).as("dead letter with testMarker " + marker).isNotNull();
        return dead;
    }

    /** The listed dead letter of {@code queue} whose body holds {@code text}, once it is there. */
    private JsonNode awaitListed(String queue, String text) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            for (JsonNode letter : list(queue)) {
                if (letter.path("body").asText().contains(text)) {
                    found[0] = letter;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private List<String> listedIds(String queue) {
        List<String> ids = new ArrayList<>();
        list(queue).forEach(letter -> ids.add(letter.path("messageId").asText()));
        return ids;
    }

    private JsonNode list(String queue) {
        Response listed = hub.get("/api/admin/dead-letters?queue=" + queue + "&limit=200", "Authorization", ADMIN);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().path("count").asInt()).isEqualTo(listed.json().path("data").size());
        return listed.json().path("data");
    }

    private int refundRows(String paymentId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM refunds WHERE payment_id = ?", Integer.class, paymentId);
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
}
