package io.paymenthub.billing;

import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.awaitStatus;
import static io.paymenthub.billing.PaymentFlows.newEventId;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static io.paymenthub.billing.PaymentFlows.orderFor;
import static io.paymenthub.billing.PaymentFlows.paymentBody;
import static io.paymenthub.billing.PaymentFlows.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import io.paymenthub.support.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * A correlation id follows each flow through HTTP, routes and queues: the log lines of the flow carry it in the MDC
 * ({@code correlationId}) and the messages it sends carry it as the JMS property {@code hubCorrelationId}, across the
 * webhook inbox and queue too. The lifecycle lines carry their fields as key-value pairs (JSON fields under
 * {@code hub.log.format=json}).
 */
class CorrelationIdRouteTest extends SharedPlatformRouteTestBase {

    TopicRecorder topic;
    LogCapture logs;

    @BeforeEach
    void record() throws Exception {
        topic = new TopicRecorder(connectionFactory, "payments.events");
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() throws Exception {
        logs.close();
        topic.close();
    }

    @Test
    void theCallersIdFollowsThePaymentFromItsRequestAndThePlatformsWebhookFromItsOwn() {
        String key = newKey("correlated");
        String providerPaymentId = acceptCreate(platform, key);

        Response created = hub.post("/api/payments", paymentBody("user-1", orderFor(key), 5000, "EUR"),
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", key, "X-Correlation-Id", "checkout-42");
        String id = created.json().path("id").asText();
        await().atMost(WAIT).until(() -> !topic.forPayment(id).isEmpty());

        assertThat(topic.correlationIdsForPayment(id)).as("payment.pending, sent by the create flow").containsOnly("checkout-42");
        ILoggingEvent paymentCreated = lifecycle("payment.created", id);
        assertThat(paymentCreated.getMDCPropertyMap()).containsEntry("correlationId", "checkout-42");
        assertThat(fields(paymentCreated)).containsEntry("userId", "user-1").containsEntry("amount", 5000L)
                .containsEntry("currency", "EUR").containsEntry("idempotencyKey", key);

        assertThat(hub.sendWebhook("billing", webhook(newEventId("payment.succeeded"), "payment.succeeded", providerPaymentId,
                "SUCCEEDED"), Instant.now(), "application/json", "X-Correlation-Id", "platform-delivery-7").status()).isEqualTo(200);
        awaitStatus(hub, id, "SUCCEEDED");
        await().atMost(WAIT).until(() -> topic.forPayment(id).size() >= 2);

        // applied on the handler's thread, after the inbox and the queue: still the webhook request's id
        assertThat(topic.correlationIdsForPayment(id)).containsExactly("checkout-42", "platform-delivery-7");
        await().atMost(WAIT).until(() -> !matching("payment.completed", id).isEmpty());
        ILoggingEvent completed = lifecycle("payment.completed", id);
        assertThat(completed.getMDCPropertyMap()).containsEntry("correlationId", "platform-delivery-7");
        assertThat(lifecycle("order.fulfilled", id).getMDCPropertyMap()).containsEntry("correlationId", "platform-delivery-7");
        assertThat(logs.matching(event -> "webhook.received".equals(fields(event).get("event"))
                        && providerPaymentId.equals(fields(event).get("paymentId"))))
                .singleElement().extracting(event -> event.getMDCPropertyMap().get("correlationId")).isEqualTo("platform-delivery-7");
    }

    @Test
    void aFlowWithoutAnIdOrWithOneThatIsNotAPlainTokenGetsANewOne() {
        String key = newKey("uncorrelated");
        acceptCreate(platform, key);

        Response created = hub.post("/api/payments", paymentBody("user-1", orderFor(key), 5000, "EUR"),
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", key, "X-Correlation-Id", "a\"b} injected=1");
        String id = created.json().path("id").asText();
        await().atMost(WAIT).until(() -> !topic.forPayment(id).isEmpty());

        String assigned = topic.correlationIdsForPayment(id).get(0);
        assertThat(assigned).as("a new id, not the caller's").matches("[A-Za-z0-9._:-]{1,64}").doesNotContain("injected");
        assertThat(lifecycle("payment.created", id).getMDCPropertyMap()).containsEntry("correlationId", assigned);
    }

    private ILoggingEvent lifecycle(String event, String paymentId) {
        List<ILoggingEvent> found = matching(event, paymentId);
        assertThat(found).as(LogCapture.describe(logs.events())).hasSize(1);
        return found.get(0);
    }

    private List<ILoggingEvent> matching(String event, String paymentId) {
        return logs.matching(line -> event.equals(fields(line).get("event")) && paymentId.equals(fields(line).get("paymentId")));
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new HashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> fields.put(pair.key, pair.value));
        }
        return fields;
    }
}
