package io.paymenthub.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import io.paymenthub.broker.InternalEnvelope;
import io.paymenthub.broker.InternalEnvelopeKey;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * The handler route (applyWebhookEvent) and what it leaves behind: the payment's status and history
 * in the database, and the messages on the payments.events topic.
 */
class ApplyWebhookEventRouteTest extends HubRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    PaymentRegistry registry;
    @Autowired
    PaymentRepository payments;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("${hub.webhooks.queue}")
    String queue;
    @Autowired
    InternalEnvelope envelope;
    @Autowired
    io.paymenthub.common.SqlDialect dialect;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    HubClient hub;
    TopicRecorder topic;

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubClient(port);
        topic = new TopicRecorder(connectionFactory, "payments.events");
    }

    @AfterEach
    void tearDown() throws Exception {
        topic.close();
    }

    @Test
    void movesThePaymentThroughItsEventsAndPublishesEachStatusChange() {
        Payment payment = newPayment(PaymentStatus.CREATED, 5000);

        send(payment, "evt_pending_", "payment.pending");
        String succeeded = send(payment, "evt_succeeded_", "payment.succeeded");

        awaitStatus(payment, PaymentStatus.SUCCEEDED);
        assertThat(history(payment)).extracting(h -> h.path("status").asText()).containsExactly("PROVIDER_PENDING", "SUCCEEDED");
        await().atMost(WAIT).until(() -> topic.forPayment(payment.id()).size() == 2);
        JsonNode last = topic.forPayment(payment.id()).get(1);
        assertThat(last.path("eventId").asText()).isEqualTo(succeeded);
        assertThat(last.path("eventType").asText()).isEqualTo("payment.succeeded");
        assertThat(last.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.path("orderId").asText()).isEqualTo(payment.orderId());
        assertThat(last.path("userId").asText()).isEqualTo(payment.userId());
        assertThat(last.path("amount").asLong()).isEqualTo(5000);
        assertThat(last.path("currency").asText()).isEqualTo("EUR");
        assertThat(last.path("occurredAt").asText()).isNotBlank();
        assertThat(topic.all()).allMatch(r -> r.deliveryMode() == jakarta.jms.DeliveryMode.PERSISTENT);
    }

    @Test
    void keepsATerminalStatusWhenAnEarlierEventArrivesLate() {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);

        send(payment, "evt_succeeded_", "payment.succeeded");
        awaitStatus(payment, PaymentStatus.SUCCEEDED);
        String late = send(payment, "evt_pending_", "payment.pending");

        await().atMost(WAIT).until(() -> history(payment).size() == 2);
        assertThat(payments.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        JsonNode ignored = history(payment).get(1);
        assertThat(ignored.path("eventId").asText()).isEqualTo(late);
        assertThat(ignored.path("ignored").asBoolean()).isTrue();
        assertThat(ignored.path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void neverMovesAFailedPaymentBack() {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);

        send(payment, "evt_failed_", "payment.failed");
        awaitStatus(payment, PaymentStatus.FAILED);
        send(payment, "evt_succeeded_", "payment.succeeded");

        await().atMost(WAIT).until(() -> history(payment).size() == 2);
        assertThat(payments.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(history(payment).get(1).path("ignored").asBoolean()).isTrue();
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> topic.forPayment(payment.id()).size() == 1);
    }

    @Test
    void keepsAnEventForAnUnknownPaymentAndAppliesItOnceThePaymentAppears() {
        String providerPaymentId = "pay_" + UUID.randomUUID();
        String eventId = "evt_early_" + UUID.randomUUID();
        assertThat(hub.sendWebhook(body(eventId, "payment.succeeded", providerPaymentId, null)).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM payment_events WHERE event_id = ? AND payment_id IS NULL", Integer.class, eventId) == 1);

        Payment payment = registry.register(new NewPayment("billing", providerPaymentId, PaymentStatus.PROVIDER_PENDING,
                "user-1", "order-" + UUID.randomUUID(), 5000, "EUR", null, null));

        assertThat(payment.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(history(payment)).extracting(h -> h.path("eventId").asText()).containsExactly(eventId);
        await().atMost(WAIT).until(() -> topic.forPayment(payment.id()).size() == 1);
    }

    @Test
    void appliesAnEventOnceWhenTheBrokerDeliversItTwice() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 10_000);
        String eventId = "evt_refund_" + UUID.randomUUID();
        String event = body(eventId, "refund.succeeded", payment.providerPaymentId(), 1000L);

        // what a crash between the broker hand-off and the database commit leaves: two copies on the queue
        for (int copy = 0; copy < 2; copy++) {
            sendOnQueue(event, eventId, true, null);
        }

        await().atMost(WAIT).until(() -> history(payment).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> history(payment).size() == 1);
        Payment after = payments.findById(payment.id()).orElseThrow();
        assertThat(after.refundedAmount()).isEqualTo(1000);
        assertThat(after.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void sumsPartialRefundsUntilThePaymentIsFullyRefunded() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 10_000);

        send(payment, "evt_refund_a_", "refund.succeeded", 4000L);
        await().atMost(WAIT).until(() -> status(payment) == PaymentStatus.PARTIALLY_REFUNDED);
        send(payment, "evt_refund_b_", "refund.succeeded", 6000L);

        awaitStatus(payment, PaymentStatus.REFUNDED);
        assertThat(payments.findById(payment.id()).orElseThrow().refundedAmount()).isEqualTo(10_000);
    }

    @Test
    void deadLettersAMessageThatIsNotAnEventWithTheReason() throws Exception {
        String marker = UUID.randomUUID().toString().replace("-", "");
        String garbage = "not an event " + marker;
        // signed as the hub's hand-off signs: what is refused is the content
        sendOnQueue(garbage, "evt_" + marker, true, marker);

        jms.setReceiveTimeout(WAIT.toMillis());
        Message dead = jms.receiveSelected("DLQ." + queue, "testMarker = '" + marker + "'");

        assertThat(dead).isNotNull();
        assertThat(textOf(dead)).isEqualTo(garbage);
        assertThat(readHeader(dead, "hubFailureReason")).contains("not valid JSON");
    }

    @Test
    void deadLettersAnEventAnotherBrokerClientPutOnTheQueueWithoutTheHubsSignature() throws Exception {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        String eventId = "evt_forged_" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString().replace("-", "");
        double rejectedBefore = rejectedEnvelopes();

        sendOnQueue(body(eventId, "payment.succeeded", payment.providerPaymentId(), null), eventId, false, marker);

        Message dead = deadLetter(marker);
        assertThat(readHeader(dead, "hubFailureReason")).contains("no hub signature");
        assertUntouched(payment, eventId);
        assertThat(rejectedEnvelopes()).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void deadLettersAnEventWithAWrongOrBorrowedSignature() throws Exception {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        String eventId = "evt_forged_" + UUID.randomUUID();
        String forged = body(eventId, "payment.succeeded", payment.providerPaymentId(), null);
        String wrongMarker = UUID.randomUUID().toString().replace("-", "");
        String borrowedMarker = UUID.randomUUID().toString().replace("-", "");
        // a signature the hub made for another event, put on a forged one
        String other = "evt_other_" + UUID.randomUUID();
        String borrowed = envelope.sign("billing", other, body(other, "payment.pending", payment.providerPaymentId(), null)
                .getBytes(StandardCharsets.UTF_8));

        sendOnQueue(forged, eventId, java.util.Base64.getEncoder().encodeToString(new byte[32]), wrongMarker);
        sendOnQueue(forged, eventId, borrowed, borrowedMarker);

        assertThat(readHeader(deadLetter(wrongMarker), "hubFailureReason")).contains("does not match");
        assertThat(readHeader(deadLetter(borrowedMarker), "hubFailureReason")).contains("does not match");
        assertUntouched(payment, eventId);
    }

    @Test
    void namesAKeyMismatchInTheReasonAndEveryInstanceOnTheDatabaseSharesTheKey() throws Exception {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        String eventId = "evt_other_hub_" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString().replace("-", "");
        String event = body(eventId, "payment.succeeded", payment.providerPaymentId(), null);

        // a hub instance on another database signs with its own key: refused, and the reason says why
        jms.send(queue, session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(event.getBytes(StandardCharsets.UTF_8));
            message.setStringProperty("hubProvider", "billing");
            message.setStringProperty("hubEventId", eventId);
            message.setStringProperty(InternalEnvelope.SIGNATURE, java.util.Base64.getEncoder().encodeToString(new byte[32]));
            message.setStringProperty(InternalEnvelope.KEY_ID, "0123456789ab");
            message.setStringProperty("testMarker", marker);
            return message;
        });

        assertThat(readHeader(deadLetter(marker), "hubFailureReason"))
                .contains("0123456789ab").contains(envelope.keyId()).contains("share one database");
        assertUntouched(payment, eventId);
        // a second instance starting on this database finds the key the first one generated
        assertThat(new InternalEnvelopeKey(jdbc, dialect, java.time.Clock.systemUTC()).id()).isEqualTo(envelope.keyId());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_keys", Integer.class)).isEqualTo(1);
    }

    @Test
    void appliesAGenuineWebhookEventSignedByTheHubsHandOff() throws Exception {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        String eventId = "evt_genuine_" + UUID.randomUUID();

        assertThat(hub.sendWebhook(body(eventId, "payment.succeeded", payment.providerPaymentId(), null)).status())
                .isEqualTo(200);

        awaitStatus(payment, PaymentStatus.SUCCEEDED);
        Boolean deadLettered = jms.browseSelected("DLQ." + queue, "hubEventId = '" + eventId + "'",
                (session, browser) -> browser.getEnumeration().hasMoreElements());
        assertThat(deadLettered).isFalse();
    }

    @Test
    void readsThePaymentWithStatusMessageAndHistoryOverTheApi() {
        Payment payment = newPayment(PaymentStatus.CREATED, 5000);
        String eventId = send(payment, "evt_pending_", "payment.pending");
        awaitStatus(payment, PaymentStatus.PROVIDER_PENDING);

        JsonNode json = hub.getPayment(payment.id()).json();

        assertThat(json.path("id").asText()).isEqualTo(payment.id());
        assertThat(json.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(json.path("statusMessage").asText()).isEqualTo("Processing your payment. This may take a few moments.");
        assertThat(json.path("providerPaymentId").asText()).isEqualTo(payment.providerPaymentId());
        assertThat(json.path("amount").asLong()).isEqualTo(5000);
        assertThat(json.path("createdAt").asText()).endsWith("Z");
        assertThat(json.path("history").get(0).path("eventId").asText()).isEqualTo(eventId);
        assertThat(json.path("history").get(0).path("eventType").asText()).isEqualTo("payment.pending");
        assertThat(json.path("history").get(0).has("ignored")).isFalse();
    }

    @Test
    void refusesThePaymentApiWithoutAValidKeyAndAnswers404ForUnknownIds() {
        Payment payment = newPayment(PaymentStatus.CREATED, 5000);

        HubClient.Response noKey = hub.get("/api/payments/" + payment.id());
        HubClient.Response wrongKey = hub.get("/api/payments/" + payment.id(), "Authorization", "Bearer nope");
        HubClient.Response unknown = hub.getPayment("no-such-payment");

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("code").asText()).isEqualTo("NOT_FOUND");
    }

    private void sendOnQueue(String event, String eventId, boolean signedByTheHub, String marker) {
        sendOnQueue(event, eventId, signedByTheHub
                ? envelope.sign("billing", eventId, event.getBytes(StandardCharsets.UTF_8)) : null, marker);
    }

    /** What any client of the broker can do: put a message with the hub's header names on the queue. */
    private void sendOnQueue(String event, String eventId, String signature, String marker) {
        jms.send(queue, session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(event.getBytes(StandardCharsets.UTF_8));
            message.setStringProperty("hubProvider", "billing");
            message.setStringProperty("hubEventId", eventId);
            if (signature != null) {
                message.setStringProperty(InternalEnvelope.SIGNATURE, signature);
            }
            if (marker != null) {
                message.setStringProperty("testMarker", marker);
            }
            return message;
        });
    }

    private Message deadLetter(String marker) {
        jms.setReceiveTimeout(WAIT.toMillis());
        Message dead = jms.receiveSelected("DLQ." + queue, "testMarker = '" + marker + "'");
        assertThat(dead).as("dead letter " + marker).isNotNull();
        return dead;
    }

    private void assertUntouched(Payment payment, String eventId) {
        assertThat(payments.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.PROVIDER_PENDING);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id = ?", Integer.class, eventId))
                .isZero();
        assertThat(topic.forPayment(payment.id())).isEmpty();
    }

    private double rejectedEnvelopes() {
        io.micrometer.core.instrument.Counter counter = meters.find("hub.broker.envelope.rejected").tag("queue", queue).counter();
        return counter == null ? 0 : counter.count();
    }

    private Payment newPayment(PaymentStatus status, long amount) {
        return registry.register(new NewPayment("billing", "pay_" + UUID.randomUUID(), status, "user-" + UUID.randomUUID(),
                "order-" + UUID.randomUUID(), amount, "EUR", null, null));
    }

    private String send(Payment payment, String idPrefix, String eventType) {
        return send(payment, idPrefix, eventType, null);
    }

    private String send(Payment payment, String idPrefix, String eventType, Long amount) {
        String eventId = idPrefix + UUID.randomUUID();
        HubClient.Response response = hub.sendWebhook(body(eventId, eventType, payment.providerPaymentId(), amount));
        assertThat(response.status()).isEqualTo(200);
        return eventId;
    }

    private static String body(String eventId, String eventType, String providerPaymentId, Long amount) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"" + eventType + "\",\"createdAt\":\"" + Instant.now()
                + "\",\"data\":{\"paymentId\":\"" + providerPaymentId + "\""
                + (amount == null ? "" : ",\"amount\":" + amount) + "}}";
    }

    private void awaitStatus(Payment payment, PaymentStatus status) {
        await().atMost(WAIT).until(() -> status(payment) == status);
    }

    private PaymentStatus status(Payment payment) {
        return payments.findById(payment.id()).orElseThrow().status();
    }

    private List<JsonNode> history(Payment payment) {
        JsonNode json = hub.getPayment(payment.id()).json();
        return java.util.stream.StreamSupport.stream(json.path("history").spliterator(), false).toList();
    }

    private static String textOf(Message message) throws jakarta.jms.JMSException {
        BytesMessage bytes = (BytesMessage) message;
        byte[] content = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(content);
        return new String(content, StandardCharsets.UTF_8);
    }

    private static String readHeader(Message message, String name) {
        try {
            return message.getStringProperty(name);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
