package io.paymenthub.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;

/**
 * Client mistakes are 400s, never outages (issue 6, items 12 and 12b): over-long or invalid text and lenient JSON
 * through POST /api/payments and payments.requests, against the stand-in platform.
 */
class PaymentInputLimitsRouteTest extends SharedPlatformRouteTestBase {

    @Value("${hub.queues.payment-requests}")
    String requests;

    @Test
    void aDescriptionOf8100CharactersIs400FieldTooLongNot503AndNothingIsStoredOrSent() {
        String orderId = "order-" + UUID.randomUUID();

        Response response = create(orderId, "\"description\":\"" + "d".repeat(8100) + "\"");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("code").asText()).isEqualTo("FIELD_TOO_LONG");
        assertThat(response.json().path("error").asText()).isEqualTo("description is longer than 1000 characters");
        assertNothingStoredOrSent(orderId);
    }

    @Test
    void aNulInTheOrderIdIs400InvalidFieldAndNothingIsStored() {
        String orderId = "order-" + UUID.randomUUID();

        Response response = hub.post("/api/payments", "{\"userId\":\"user-1\",\"orderId\":\"" + orderId
                        + "\\u0000\",\"amount\":5000,\"currency\":\"EUR\"}",
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id LIKE ?", Integer.class, orderId + "%")).isZero();
    }

    @Test
    void aRepeatedAmountIsRefusedInsteadOfCreatingAPaymentOfTheLastOne() {
        String orderId = "order-" + UUID.randomUUID();

        Response response = hub.post("/api/payments", "{\"userId\":\"user-1\",\"orderId\":\"" + orderId
                        + "\",\"amount\":-1,\"amount\":5000,\"currency\":\"EUR\"}",
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("MALFORMED_JSON");
        assertNothingStoredOrSent(orderId);
    }

    @Test
    void anIdempotencyKeyOver255CharactersIs400FieldTooLong() {
        String orderId = "order-" + UUID.randomUUID();

        Response response = hub.post("/api/payments", "{\"userId\":\"user-1\",\"orderId\":\"" + orderId
                        + "\",\"amount\":5000,\"currency\":\"EUR\"}",
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", "k".repeat(256));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("FIELD_TOO_LONG");
        assertNothingStoredOrSent(orderId);
    }

    /**
     * The limits together keep the stored platform request within platform_request VARCHAR(8000): every field
     * at its limit, made of characters that JSON escapes to two, is stored and sent.
     */
    @Test
    void theLargestRequestTheLimitsAllowIsStoredWhole() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        String orderId = "\\\"".repeat(255 - key.length()) + key;
        String body = "{\"userId\":\"" + "\\\"".repeat(255) + "\",\"orderId\":\"" + orderId + "\",\"amount\":5000,"
                + "\"currency\":\"EUR\",\"description\":\"" + "\\\\".repeat(1000) + "\","
                + "\"returnUrl\":\"https://shop.example/" + "r".repeat(2048 - 21) + "\","
                + "\"customer\":{\"externalId\":\"" + "\\\"".repeat(255) + "\",\"email\":\"" + "\\\"".repeat(254)
                + "\",\"firstName\":\"" + "\\\"".repeat(100) + "\",\"lastName\":\"" + "\\\"".repeat(100)
                + "\",\"phoneNumber\":\"" + "\\\"".repeat(32) + "\"}}";

        Response response = hub.post("/api/payments", body, "Authorization", "Bearer " + HubClient.TEST_API_KEY,
                "Content-Type", "application/json", "Idempotency-Key", key);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String stored = jdbc.queryForObject("SELECT platform_request FROM payments WHERE idempotency_key = ?", String.class, key);
        // about 6,700 characters: the worst case the limits allow, within the column
        assertThat(stored.length()).isGreaterThan(6500).isLessThanOrEqualTo(8000);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
    }

    @Test
    void aCardNumberInTheDescriptionOrNameIsMaskedBeforeItIsStoredOrSent() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));

        Response response = create("order-" + key, key, "\"description\":\"Pay with 4000 0000 0000 2503 please\","
                + "\"customer\":{\"firstName\":\"4000000000002503\",\"lastName\":\"González\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String stored = jdbc.queryForObject("SELECT platform_request FROM payments WHERE idempotency_key = ?", String.class, key);
        assertThat(stored).contains("Pay with 4000 00** **** 2503 please").contains("400000******2503")
                .contains("González").doesNotContain("4000000000002503").doesNotContain("4000 0000 0000 2503");
        assertThat(BillingPlatformStub.count(postRequestedFor(urlPathEqualTo("/payments"))
                .withRequestBody(containing("4000 00** **** 2503")))).isEqualTo(1);
        assertThat(BillingPlatformStub.count(postRequestedFor(urlPathEqualTo("/payments"))
                .withRequestBody(containing("0000 0000 2503")))).isZero();
    }

    @Test
    void anOverLongRequestOnTheQueueGoesToItsDeadLetterQueueAtOnceWithTheReason() throws Exception {
        String marker = UUID.randomUUID().toString();
        String orderId = "order-" + marker;
        String body = "{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"amount\":5000,\"currency\":\"EUR\","
                + "\"description\":\"" + "d".repeat(8100) + "\"}";
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(Duration.ofSeconds(10).toMillis());

        long sent = System.nanoTime();
        jms.send(requests, session -> {
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("testMarker", marker);
            return message;
        });

        Message dead = jms.receiveSelected("DLQ." + requests, "testMarker = '" + marker + "'");
        assertThat(dead).as("dead letter").isNotNull();
        // no redelivery with back-off (1 s, 2 s, ...): the refusal is final
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
        assertThat(dead.getStringProperty("hubFailureReason")).contains("description is longer than 1000 characters");
        assertThat(((TextMessage) dead).getText()).isEqualTo(body);
        assertNothingStoredOrSent(orderId);
    }

    @Test
    void aControlCharacterInTheIdempotencyKeyPropertyOfAQueuedRequestIsDeadLetteredAndNothingStored() {
        String marker = UUID.randomUUID().toString();
        String orderId = "order-" + marker;
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(Duration.ofSeconds(10).toMillis());

        jms.send(requests, session -> {
            TextMessage message = session.createTextMessage("{\"userId\":\"user-1\",\"orderId\":\"" + orderId
                    + "\",\"amount\":5000,\"currency\":\"EUR\"}");
            message.setStringProperty("testMarker", marker);
            // not NUL: OpenWire (a standalone broker over TCP) drops it on the way, so the hub would never see it
            message.setStringProperty("idempotencyKey", "key\u0001" + marker);
            return message;
        });

        Message dead = jms.receiveSelected("DLQ." + requests, "testMarker = '" + marker + "'");
        assertThat(dead).as("dead letter").isNotNull();
        assertNothingStoredOrSent(orderId);
    }

    private Response create(String orderId, String extra) {
        return create(orderId, null, extra);
    }

    private Response create(String orderId, String key, String extra) {
        String body = "{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"amount\":5000,\"currency\":\"EUR\"," + extra + "}";
        return key == null
                ? hub.post("/api/payments", body, "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json")
                : hub.post("/api/payments", body, "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                        "Idempotency-Key", key);
    }

    private void assertNothingStoredOrSent(String orderId) {
        assertThat(paymentRowsForOrder(orderId)).as("payments rows").isZero();
        assertThat(BillingPlatformStub.count(postRequestedFor(urlPathEqualTo("/payments")).withRequestBody(containing(orderId))))
                .as("platform calls").isZero();
    }

}
