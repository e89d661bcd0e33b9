package io.paymenthub.provider.cheqpay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.card;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.newOrderId;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.JsonHttp;
import io.paymenthub.support.JsonHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cheqpay unreachable or refusing the hub's key, against a WireMock Cheqpay (contract sections 3 and 5b): a payment
 * carrying card data is never queued — 503 UNAVAILABLE, the payment left CREATED without card data, nothing charged —
 * whichever call of the flow fails (the customer's lookup, its creation, the order), and a refused key shows in health.
 */
class CheqpayUnavailableRouteTest extends HubRouteTestBase {

    private static final WireMockServer CHEQPAY = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    static {
        CHEQPAY.start();
    }

    @DynamicPropertySource
    static void cheqpay(DynamicPropertyRegistry registry) {
        registry.add("hub.providers.cheqpay.base-url", () -> "http://127.0.0.1:" + CHEQPAY.port());
        registry.add("hub.providers.cheqpay.api-key", () -> "sk_test_key");
        registry.add("hub.providers.cheqpay.merchant-id", () -> "merchant-1");
        registry.add("hub.providers.cheqpay.webhook-secrets", () -> "cheqpay-test-secret");
        registry.add("hub.retry.initial-delay", () -> "10ms");
    }

    @AfterAll
    static void stop() {
        CHEQPAY.stop();
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void reset() {
        CHEQPAY.resetAll();
    }

    @Test
    void aCustomerThatCannotBeCreatedIs503AndNoOrderIsSent() throws Exception {
        CHEQPAY.stubFor(get(urlPathMatching("/pos/customers/.*")).willReturn(error(404, "NOT_FOUND")));
        CHEQPAY.stubFor(post(urlPathEqualTo("/pos/customers/add-update")).willReturn(error(503, "SERVICE_UNAVAILABLE")));
        String orderId = newOrderId();
        Map<String, Object> body = payment(orderId, 10_000, card(CheqpayPaymentRouteTest.VISA, "123"));
        body.put("customer", Map.of("externalId", "cust-" + UUID.randomUUID(), "email", "a@b.c", "firstName", "Ana"));

        Answer answer = pay(body);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
        assertThat(answer.body().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(statusOf(orderId)).isEqualTo("CREATED");
        assertThat(CHEQPAY.countRequestsMatching(postRequestedFor(urlPathEqualTo("/pos/v2/payment-orders")).build()).getCount())
                .isZero();
    }

    @Test
    void anOrderThatCannotBeSentIs503AndIsNotQueued() throws Exception {
        CHEQPAY.stubFor(get(urlPathMatching("/pos/customers/.*"))
                .willReturn(okJson("{\"id\":\"cus_1\",\"externalId\":\"user-123\",\"firstName\":\"María\",\"email\":\"a@b.c\"}")));
        CHEQPAY.stubFor(post(urlPathEqualTo("/pos/v2/payment-orders")).willReturn(error(503, "SERVICE_UNAVAILABLE")));
        String orderId = newOrderId();

        Answer answer = pay(payment(orderId, 10_000, card(CheqpayPaymentRouteTest.VISA, "123")));

        assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
        assertThat(statusOf(orderId)).isEqualTo("CREATED");
        assertThat(jdbc.queryForObject("SELECT next_attempt_at FROM payments WHERE order_id = ?", java.sql.Timestamp.class,
                orderId)).as("no background attempt").isNull();
        assertThat(CHEQPAY.countRequestsMatching(postRequestedFor(urlPathEqualTo("/pos/v2/payment-orders")).build()).getCount())
                .as("every retry of the call, then no more").isEqualTo(3);
        // the outage shows as a degraded providers component; the hub stays UP and ready (it still takes work)
        var health = json.readTree(new HubClient(port).get("/actuator/health").body());
        assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(health.path("components").path("providers").path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.path("components").path("providers").path("details").path("cheqpay").path("status").asText())
                .isEqualTo("DOWN");
        assertThat(health.path("components").path("providers").path("details").path("cheqpay").path("available")
                .asBoolean(true)).isFalse();
        HubClient.Response readiness = new HubClient(port).get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void aRefusedApiKeyIs503WithTheProviderDownInHealthAndTheHubUp() throws Exception {
        CHEQPAY.stubFor(get(urlPathMatching("/pos/customers/.*")).willReturn(error(401, "UNAUTHORIZED")));
        String orderId = newOrderId();
        Map<String, Object> body = payment(orderId, 10_000, card(CheqpayPaymentRouteTest.VISA, "123"));
        body.put("customer", Map.of("externalId", "cust-" + UUID.randomUUID(), "email", "a@b.c", "firstName", "Ana"));

        Answer answer = pay(body);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
        assertThat(statusOf(orderId)).isEqualTo("CREATED");
        assertThat(meters.get("hub.platform.auth.failures").tag("provider", "cheqpay").counter().count())
                .as("hub_platform_auth_failures_total{provider=cheqpay}, for the alert PlatformAuthenticationFailures").isPositive();
        var health = json.readTree(new HubClient(port).get("/actuator/health").body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("providers").path("details").path("cheqpay").path("status").asText())
                .isEqualTo("DOWN");
        assertThat(health.path("components").path("providers").path("details").path("cheqpay").path("credentialsAccepted")
                .asBoolean(true)).isFalse();
    }

    private Answer pay(Map<String, Object> body) throws Exception {
        return new JsonHttp(port).call("POST", "/api/payments", json.writeValueAsString(body),
                "Authorization", "Bearer " + HubClient.TEST_API_KEY);
    }

    private String statusOf(String orderId) {
        return jdbc.queryForObject("SELECT status FROM payments WHERE order_id = ?", String.class, orderId);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"test\"}}");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
