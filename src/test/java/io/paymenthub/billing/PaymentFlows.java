package io.paymenthub.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;

/**
 * What the scenario tests of the outbound flow share: the merchant's requests to the hub, the platform's
 * signed webhooks, and stubs on a stand-in platform (the shared {@link BillingPlatformStub} server or a
 * class's own WireMock server). Every stub matches one idempotency key or one platform id, so classes that
 * share a server never answer each other's calls.
 */
final class PaymentFlows {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String QUEUED_MESSAGE = "Payment system temporarily unavailable. Your request has been queued.";

    private PaymentFlows() {
    }

    static String newKey(String purpose) {
        return purpose + "-" + UUID.randomUUID();
    }

    static String orderFor(String key) {
        return "order-" + key;
    }

    static String paymentBody(String userId, String orderId, long amount, String currency) {
        return "{\"userId\":\"" + userId + "\",\"orderId\":\"" + orderId + "\",\"amount\":" + amount + ",\"currency\":\""
                + currency + "\",\"description\":\"Order " + orderId + "\",\"returnUrl\":\"https://shop.example/return\"}";
    }

    /** POST /api/payments as the merchant's back end: its API key, an explicit Idempotency-Key, orderId from the key. */
    static Response create(HubClient hub, String key, String userId, long amount, String currency) {
        return hub.post("/api/payments", paymentBody(userId, orderFor(key), amount, currency),
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", key);
    }

    static Response create(HubClient hub, String key) {
        return create(hub, key, "user-1", 5000, "EUR");
    }

    static Response apiPost(HubClient hub, String path, String body) {
        return hub.post(path, body, "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json");
    }

    static Response apiGet(HubClient hub, String path) {
        return hub.get(path, "Authorization", "Bearer " + HubClient.TEST_API_KEY);
    }

    /** A platform webhook body (contract section 2) for the platform's payment id. */
    static String webhook(String eventId, String eventType, String providerPaymentId, String status) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"" + eventType + "\",\"createdAt\":\"2026-11-20T10:00:00Z\","
                + "\"data\":{\"paymentId\":\"" + providerPaymentId + "\",\"userId\":\"user-1\",\"amount\":5000,"
                + "\"currency\":\"EUR\",\"status\":\"" + status + "\"}}";
    }

    static String newEventId(String type) {
        return "evt_" + type.replace('.', '_') + "_" + UUID.randomUUID();
    }

    static JsonNode payment(HubClient hub, String id) {
        Response response = hub.getPayment(id);
        assertThat(response.status()).as("GET /api/payments/%s: %s", id, response.body()).isEqualTo(200);
        return response.json();
    }

    static JsonNode awaitStatus(HubClient hub, String id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> payment(hub, id).path("status").asText(), status::equals);
        return payment(hub, id);
    }

    static List<String> history(JsonNode payment, String field) {
        return payment.path("history").findValuesAsText(field);
    }

    static List<String> statuses(List<JsonNode> topicEvents) {
        return topicEvents.stream().map(event -> event.path("status").asText()).toList();
    }

    // --- the platform ---------------------------------------------------------------------------------------

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static MappingBuilder createFor(String key) {
        return post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key));
    }

    /** The platform accepts the payment of {@code key} as {@code pay_<key>}, PENDING. */
    static String acceptCreate(WireMockServer platform, String key) {
        String providerPaymentId = "pay_" + key;
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment(providerPaymentId, "PENDING"))));
        return providerPaymentId;
    }

    static int creates(WireMockServer platform, String key) {
        return platform.countRequestsMatching(postRequestedFor(urlPathEqualTo("/payments"))
                .withHeader("Idempotency-Key", equalTo(key)).build()).getCount();
    }

    /** Every create the platform saw for the order, whatever key it carried. */
    static int createsForOrder(WireMockServer platform, String orderId) {
        return platform.countRequestsMatching(postRequestedFor(urlPathEqualTo("/payments"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"" + orderId + "\"")).build())
                .getCount();
    }

    static int logins(WireMockServer platform) {
        return platform.countRequestsMatching(postRequestedFor(urlEqualTo("/auth/login")).build()).getCount();
    }
}
