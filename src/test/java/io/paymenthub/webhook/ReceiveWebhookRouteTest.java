package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.HubClient.Response;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.springframework.test.annotation.DirtiesContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * The receiveWebhook route against every row of contract section 2, and the relay after it. The handler route is
 * advised off the queue in this test's context, so what the relay hands off stays there where the test can see it.
 */
@ExtendWith(OutputCaptureExtension.class)
@UseAdviceWith
@DirtiesContext
class ReceiveWebhookRouteTest extends HubRouteTestBase {

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;
    @Autowired
    ObjectMapper objectMapper;
    @Value("${hub.webhooks.queue}")
    String queue;

    HubClient hub;

    @BeforeEach
    void detachTheHandlerFromTheQueue() throws Exception {
        hub = new HubClient(port);
        if (camel.isStarted()) {
            // the context was cached by an earlier class of the same configuration and runs already (advice needs a
            // context that has not started): take the handler off the queue all the same; @DirtiesContext discards it
            camel.getRouteController().stopRoute("applyWebhookEvent");
            return;
        }
        // nothing consumes the queue in this context, so what the endpoint hands off stays there to be seen
        AdviceWith.adviceWith(camel, "applyWebhookEvent", route -> route.replaceFromWith("direct:handlerDetachedForThisTest"));
        camel.start();
    }

    @Test
    void acknowledgesANewEventOnlyOnceItIsCommittedAndTheRelayPutsItOnTheQueueInTheHubsWords() throws Exception {
        String eventId = newEventId();
        String body = event(eventId, "payment.succeeded", "pay_" + eventId);

        Response response = hub.sendWebhook(body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"received\":true}");
        assertThat(response.contentType()).startsWith("application/json");
        // at the 200 the event is committed: its key, and the event itself in the inbox or already on the queue (both
        // for a moment: the relay's delete commits just after its send)
        assertThat(recordedEvents(eventId)).isEqualTo(1);
        assertThat(inboxRows(eventId) + queuedMessages(eventId).size()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> queuedMessages(eventId).size() == 1);
        // the relay's transaction commits the delete just after the broker took the send: seen here a moment later
        await("left the inbox in the transaction that sent it").atMost(Duration.ofSeconds(10))
                .until(() -> inboxRows(eventId) == 0);
        assertThat(queuedMessages(eventId)).hasSize(1);
        Message onQueue = queuedMessages(eventId).get(0);
        assertThat(onQueue.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        assertThat(onQueue.getIntProperty(WebhookEventMessages.EVENT_COUNT)).isPositive();
        JsonNode queued = eventIn(onQueue, eventId);
        assertThat(queued.path("provider").asText()).isEqualTo("billing");
        assertThat(queued.path("event").path("eventType").asText()).isEqualTo("payment.succeeded");
        assertThat(queued.path("event").path("providerPaymentId").asText()).isEqualTo("pay_" + eventId);
        assertThat(queued.path("event").path("amount").asLong()).isEqualTo(5000);
        assertThat(queued.path("event").path("effect").path("target").asText()).isEqualTo("SUCCEEDED");
        // HTTP headers must not leak into the broker message
        assertThat(Collections.list(onQueue.getPropertyNames())).noneMatch(name -> ((String) name).toLowerCase().contains("webhook"));
    }

    @Test
    void answersDuplicateForAKnownEventIdAndQueuesNothingMore() throws Exception {
        String eventId = newEventId();
        String body = event(eventId, "payment.succeeded", "pay_" + eventId);
        assertThat(hub.sendWebhook(body).status()).isEqualTo(200);

        Response again = hub.sendWebhook(body);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("received").asBoolean()).isTrue();
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(recordedEvents(eventId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> inboxRows(eventId) == 0);
        assertThat(queuedMessages(eventId)).hasSize(1);
        assertThat(queuedMessages(eventId).get(0).getIntProperty(WebhookEventMessages.EVENT_COUNT)).isPositive();
    }

    @Test
    void acceptsEventsSignedWithAnOlderSecretDuringRotation() {
        String eventId = newEventId();
        HubClient signedWithOldSecret = new HubClient(port, HubClient.OLD_TEST_SECRET);

        Response response = signedWithOldSecret.sendWebhook(event(eventId, "payment.pending", "pay_" + eventId));

        assertThat(response.status()).isEqualTo(200);
        assertThat(recordedEvents(eventId)).isEqualTo(1);
    }

    @Test
    void rejectsWrongSignatureWithoutRecordingAndLogsItWithoutSecrets(CapturedOutput output) throws Exception {
        String eventId = newEventId();
        HubClient impostor = new HubClient(port, "whsec_" + java.util.Base64.getEncoder().encodeToString("not-the-secret".getBytes()));

        Response response = impostor.sendWebhook(event(eventId, "payment.succeeded", "pay_" + eventId));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("code").asText()).isEqualTo("INVALID_SIGNATURE");
        assertThat(response.json().path("error").asText()).isEqualTo("Invalid signature");
        assertThat(recordedEvents(eventId)).isZero();
        assertThat(queuedMessages(eventId)).isEmpty();
        assertThat(output.getOut()).contains("Suspicious webhook rejected", "reason=Invalid signature", "source=127.0.0.1")
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").doesNotContain("v1,");
    }

    @Test
    void rejectsMissingSignatureHeaders() {
        String eventId = newEventId();

        Response response = hub.post("/webhooks/billing", event(eventId, "payment.succeeded", "pay_1"),
                "Content-Type", "application/json");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("code").asText()).isEqualTo("INVALID_SIGNATURE");
        assertThat(recordedEvents(eventId)).isZero();
    }

    @Test
    void rejectsTimestampsOutsideToleranceInBothDirections() {
        String stale = newEventId();
        String future = newEventId();

        Response staleResponse = hub.sendWebhook("billing", event(stale, "payment.succeeded", "p"),
                Instant.now().minus(Duration.ofMinutes(6)), "application/json");
        Response futureResponse = hub.sendWebhook("billing", event(future, "payment.succeeded", "p"),
                Instant.now().plus(Duration.ofMinutes(6)), "application/json");

        assertThat(staleResponse.status()).isEqualTo(401);
        assertThat(futureResponse.status()).isEqualTo(401);
        assertThat(recordedEvents(stale) + recordedEvents(future)).isZero();
    }

    @Test
    void acceptsTimestampsWithinToleranceInBothDirections() {
        String earlier = newEventId();
        String later = newEventId();

        assertThat(hub.sendWebhook("billing", event(earlier, "payment.pending", "p"),
                Instant.now().minus(Duration.ofMinutes(4)), "application/json").status()).isEqualTo(200);
        assertThat(hub.sendWebhook("billing", event(later, "payment.pending", "p"),
                Instant.now().plus(Duration.ofMinutes(4)), "application/json").status()).isEqualTo(200);
    }

    @Test
    void rejectsSignedBodiesThatAreNotEventsAsMalformed() {
        String eventId = newEventId();

        Response notJson = hub.sendWebhook("this is not json");
        Response noEventId = hub.sendWebhook("{\"eventType\":\"payment.succeeded\",\"data\":{}}");
        Response noEventType = hub.sendWebhook("{\"eventId\":\"" + eventId + "\",\"data\":{}}");

        for (Response response : List.of(notJson, noEventId, noEventType)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("code").asText()).isEqualTo("MALFORMED_EVENT");
        }
        assertThat(recordedEvents(eventId)).isZero();
        assertThat(queuedMessages(eventId)).isEmpty();
    }

    @Test
    void rejectsBodiesOverTheSizeLimitWith413() {
        String eventId = newEventId();
        String padding = "x".repeat(1024 * 1024);
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"padding\":\"" + padding + "\"}";

        Response response = hub.sendWebhook(body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(recordedEvents(eventId)).isZero();
    }

    @Test
    void answersUnknownProviderWith404Json() {
        String eventId = newEventId();

        Response response = hub.sendWebhook("stripe", event(eventId, "payment.succeeded", "p"), Instant.now(),
                "application/json");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("code").asText()).isEqualTo("UNKNOWN_PROVIDER");
        assertThat(recordedEvents(eventId)).isZero();
    }

    @Test
    void acceptsJsonWhateverTheDeclaredContentType() {
        for (String contentType : List.of("application/x-www-form-urlencoded", "text/plain", "text/html")) {
            String eventId = newEventId();

            Response response = hub.sendWebhook("billing", event(eventId, "payment.pending", "p"), Instant.now(), contentType);

            assertThat(response.status()).as(contentType).isEqualTo(200);
            assertThat(recordedEvents(eventId)).as(contentType).isEqualTo(1);
        }
    }

    @Test
    void answersOtherMethodsAndPathsWithJsonNeverHtml() {
        Response get = hub.get("/webhooks/billing", "Accept", "text/html");
        Response nowhere = hub.get("/no/such/path", "Accept", "text/html");

        assertThat(get.status()).isEqualTo(405);
        assertThat(nowhere.status()).isEqualTo(404);
        for (Response response : List.of(get, nowhere)) {
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.json().path("code").asText()).isNotBlank();
        }
    }

    @Test
    void countsEveryOutcomeInPrometheusMetrics() {
        String eventId = newEventId();
        hub.sendWebhook(event(eventId, "payment.pending", "p"));
        hub.sendWebhook(event(eventId, "payment.pending", "p"));
        new HubClient(port, HubClient.OLD_TEST_SECRET.replace("dGVz", "eGVz")).sendWebhook(event(newEventId(), "payment.pending", "p"));

        String metrics = hub.get("/actuator/prometheus").body();

        assertThat(metrics).containsPattern("billing_webhooks_received_total\\{[^}]*outcome=\"accepted\"[^}]*provider=\"billing\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("billing_webhooks_received_total\\{[^}]*outcome=\"duplicate\"[^}]*provider=\"billing\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("billing_webhooks_received_total\\{[^}]*outcome=\"rejected\"[^}]*provider=\"billing\"[^}]*} [1-9]");
    }

    private int recordedEvents(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE provider = 'billing' AND event_id = ?",
                Integer.class, eventId);
    }

    private int inboxRows(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE provider = 'billing' AND event_id = ?",
                Integer.class, eventId);
    }

    /** The messages on the webhooks queue whose batch holds the event. */
    private List<Message> queuedMessages(String eventId) {
        return jms.browse(queue, (session, browser) -> {
            List<Message> matching = new ArrayList<>();
            java.util.Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                if (eventIn(message, eventId) != null) {
                    matching.add(message);
                }
            }
            return matching;
        });
    }

    private JsonNode eventIn(Message message, String eventId) {
        try {
            for (JsonNode entry : objectMapper.readTree(bodyOf(message)).path("events")) {
                if (eventId.equals(entry.path("event").path("eventId").asText())) {
                    return entry;
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bodyOf(Message message) throws Exception {
        BytesMessage bytes = (BytesMessage) message;
        bytes.reset();
        byte[] content = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(content);
        return new String(content, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String newEventId() {
        return "evt_" + UUID.randomUUID();
    }

    static String event(String eventId, String eventType, String providerPaymentId) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"" + eventType + "\",\"createdAt\":\"" + Instant.now()
                + "\",\"data\":{\"paymentId\":\"" + providerPaymentId + "\",\"amount\":5000,\"currency\":\"EUR\"}}";
    }
}
