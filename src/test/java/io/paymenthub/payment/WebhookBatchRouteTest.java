package io.paymenthub.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import io.paymenthub.broker.InternalEnvelope;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;
import io.paymenthub.webhook.WebhookEventBatch;
import io.paymenthub.webhook.WebhookEventMessages;
import io.paymenthub.webhook.WebhookInboxEntry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The handler (applyWebhookEvent) on the messages the relay writes: a batch of events of several payments, applied in
 * one transaction, each event once; and a batch with one event the database refuses, whose other events are applied
 * (once, over every redelivery) while the batch goes to the dead-letter queue with the reason.
 */
class WebhookBatchRouteTest extends HubRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void shortBackOff(DynamicPropertyRegistry registry) {
        registry.add("hub.broker.redelivery.initial-delay", () -> "50ms");
        registry.add("hub.broker.redelivery.max-delay", () -> "300ms");
    }

    @Autowired
    PaymentRegistry registry;
    @Autowired
    PaymentRepository payments;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;
    @Autowired
    InternalEnvelope envelope;
    @Autowired
    WebhookEventMessages messages;
    @Value("${hub.webhooks.queue}")
    String queue;

    @Test
    void appliesEveryEventOfABatchToItsPaymentOnceWhateverTheOrderAndTheCopies() throws Exception {
        Payment paid = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        Payment refunded = newPayment(PaymentStatus.SUCCEEDED, 10_000);
        Instant now = Instant.now();
        WebhookInboxEntry succeeded = entry(paid, "payment.succeeded", EventEffect.status(PaymentStatus.SUCCEEDED), null, now);
        WebhookInboxEntry pendingLate = entry(paid, "payment.pending", EventEffect.status(PaymentStatus.PROVIDER_PENDING), null,
                now.plusMillis(1));
        WebhookInboxEntry refund = entry(refunded, "refund.succeeded", EventEffect.REFUND_SUCCEEDED, 1000L, now.plusMillis(2));

        send(List.of(refund, succeeded, pendingLate, refund), null);

        await().atMost(WAIT).until(() -> status(paid) == PaymentStatus.SUCCEEDED && status(refunded) == PaymentStatus.PARTIALLY_REFUNDED);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> applied(paid) == 2 && applied(refunded) == 1);
        assertThat(payments.findById(refunded.id()).orElseThrow().refundedAmount()).as("the copy is not applied twice").isEqualTo(1000);
        assertThat(status(paid)).as("the late pending event does not move a succeeded payment back").isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aBatchWithAnEventTheDatabaseRefusesAppliesTheOthersOnceAndDeadLettersTheBatchWithTheReason() throws Exception {
        Payment good = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        Instant now = Instant.now();
        WebhookInboxEntry fine = entry(good, "payment.succeeded", EventEffect.status(PaymentStatus.SUCCEEDED), null, now);
        // payment_events.event_type is VARCHAR(100): the database refuses this row, whatever the delivery
        WebhookInboxEntry refused = entry(newPayment(PaymentStatus.PROVIDER_PENDING, 5000), "x".repeat(150),
                EventEffect.NONE, null, now.plusMillis(1));
        String marker = UUID.randomUUID().toString().replace("-", "");

        send(List.of(fine, refused), marker);

        jms.setReceiveTimeout(WAIT.toMillis());
        Message dead = jms.receiveSelected("DLQ." + queue, "testMarker = '" + marker + "'");
        assertThat(dead).as("the batch dead-lettered").isNotNull();
        assertThat(dead.getStringProperty("hubFailureReason")).isNotBlank();
        assertThat(dead.getIntProperty(WebhookEventMessages.EVENT_COUNT)).isEqualTo(2);
        assertThat(status(good)).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(applied(good)).as("applied once over every delivery of the batch").isEqualTo(1);
    }

    private void send(List<WebhookInboxEntry> events, String marker) throws Exception {
        WebhookEventBatch batch = new WebhookEventBatch(UUID.randomUUID().toString(), events);
        byte[] body = messages.write(batch);
        String signature = envelope.sign("batch", batch.id(), body);
        jms.send(queue, session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty("hubProvider", "batch");
            message.setStringProperty("hubEventId", batch.id());
            message.setIntProperty(WebhookEventMessages.EVENT_COUNT, events.size());
            message.setStringProperty(InternalEnvelope.SIGNATURE, signature);
            message.setStringProperty(InternalEnvelope.KEY_ID, envelope.keyId());
            if (marker != null) {
                message.setStringProperty("testMarker", marker);
            }
            return message;
        });
    }

    private static WebhookInboxEntry entry(Payment payment, String eventType, EventEffect effect, Long amount, Instant at) {
        return new WebhookInboxEntry("billing", new WebhookEvent("evt_" + UUID.randomUUID(), eventType, at,
                payment.providerPaymentId(), amount, effect), at);
    }

    private Payment newPayment(PaymentStatus status, long amount) {
        return registry.register(new NewPayment("billing", "pay_" + UUID.randomUUID(), status, "user-" + UUID.randomUUID(),
                "order-" + UUID.randomUUID(), amount, "EUR", null, null));
    }

    private PaymentStatus status(Payment payment) {
        return payments.findById(payment.id()).orElseThrow().status();
    }

    private int applied(Payment payment) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE payment_id = ?", Integer.class, payment.id());
    }
}
