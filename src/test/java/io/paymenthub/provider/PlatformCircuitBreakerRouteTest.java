package io.paymenthub.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import io.paymenthub.support.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The per-provider circuit breaker on the whole hub, against the stand-in billing platform and a WireMock Cheqpay:
 * a small count-based window (4 attempts, opens from 50 % failed) and one half-open probe; the open duration passes on
 * the hub's clock (a TestClock), so nothing here waits for it. Once a platform failed enough attempts, a billing
 * payment is 202 QUEUED and a card payment 503 without any call reaching the platform; after the open duration a
 * probe lets traffic back and the background retry submits what was queued; the state is in health and metrics; and
 * 4xx refusals never open it.
 */
@DirtiesContext
class PlatformCircuitBreakerRouteTest extends SharedPlatformRouteTestBase {

    private static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final Duration OPEN = Duration.ofHours(1);
    /** The keys the platform answered 503 for, in every scenario so far. */
    private static final Set<String> OUTAGES = ConcurrentHashMap.newKeySet();
    private static final WireMockServer CHEQPAY = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    static {
        CHEQPAY.start();
    }

    @DynamicPropertySource
    static void breaker(DynamicPropertyRegistry registry) {
        registry.add("hub.circuit-breaker.enabled", () -> "true");
        registry.add("hub.circuit-breaker.sliding-window-type", () -> "COUNT_BASED");
        registry.add("hub.circuit-breaker.sliding-window-size", () -> "4");
        registry.add("hub.circuit-breaker.minimum-calls", () -> "4");
        registry.add("hub.circuit-breaker.failure-rate-threshold", () -> "50");
        // on the TestClock; the real hour never passes during the test, so only the test moves the breaker on
        registry.add("hub.circuit-breaker.open-duration", () -> OPEN.toString());
        registry.add("hub.circuit-breaker.half-open-calls", () -> "1");
        registry.add("hub.retry.queue-poll-interval", () -> "200");
        registry.add("hub.providers.cheqpay.base-url", () -> "http://127.0.0.1:" + CHEQPAY.port());
        registry.add("hub.providers.cheqpay.api-key", () -> "sk_test_key");
        registry.add("hub.providers.cheqpay.merchant-id", () -> "merchant-1");
        registry.add("hub.providers.cheqpay.webhook-secrets", () -> "cheqpay-test-secret");
    }

    @TestBean(name = "clock", methodName = "testClock")
    Clock clock;

    static Clock testClock() {
        return CLOCK;
    }

    @AfterAll
    static void stop() {
        CHEQPAY.stop();
    }

    @Autowired
    PlatformCircuitBreakers breakers;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void closedBreakers() {
        // each scenario starts from closed breakers with empty windows, whatever ran before it
        breakers.breaker("billing").reset();
        breakers.breaker("cheqpay").reset();
        CHEQPAY.resetAll();
    }

    @Test
    void onceTheBillingPlatformFailedEnoughAttemptsAPaymentIsQueuedAtOnceWithoutACall() {
        String first = outage();
        String second = outage();

        assertThat(create(first).status()).isEqualTo(202);
        assertThat(BillingPlatformStub.creates(first)).as("3 failed attempts: below the window's minimum of 4").isEqualTo(3);
        assertThat(create(second).status()).isEqualTo(202);
        assertThat(BillingPlatformStub.creates(second)).as("the 4th failed attempt opened it: no retries after it").isEqualTo(1);

        String third = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(third, 201, BillingPlatformStub.platformPayment("pay_" + third, "PENDING"));
        int callsBefore = platformCalls();
        Response queued = create(third);

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.json().path("statusMessage").asText())
                .isEqualTo("Payment system temporarily unavailable. Your request has been queued.");
        assertThat(statusInDatabase(queued.json().path("id").asText())).isEqualTo("QUEUED");
        assertThat(platformCalls()).as("no call reached the platform").isEqualTo(callsBefore);
    }

    @Test
    void onceCheqpayFailedEnoughAttemptsACardPaymentIs503AtOnceWithoutACallAndBillingStillFlows() throws Exception {
        CHEQPAY.stubFor(get(urlPathMatching("/pos/customers/.*"))
                .willReturn(okJson("{\"id\":\"cus_1\",\"externalId\":\"user-123\",\"firstName\":\"María\",\"email\":\"a@b.c\"}")));
        CHEQPAY.stubFor(post(urlPathEqualTo("/pos/v2/payment-orders")).willReturn(cheqpayError(503, "SERVICE_UNAVAILABLE")));
        // 4 failed order attempts (two payments) open Cheqpay's breaker, whatever the customer lookups added
        assertThat(pay(cardPayment()).status()).isEqualTo(503);
        assertThat(pay(cardPayment()).status()).isEqualTo(503);
        assertThat(breakers.state("cheqpay")).isEqualTo(CircuitBreaker.State.OPEN);
        int callsBefore = CHEQPAY.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount();

        Response refused = pay(cardPayment());

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(CHEQPAY.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount())
                .as("no call reached Cheqpay").isEqualTo(callsBefore);
        // the other provider's breaker is its own
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        assertThat(create(key).status()).isEqualTo(201);
    }

    @Test
    void afterTheOpenDurationAProbeLetsTrafficBackAndTheQueuedPaymentsAreSubmitted() {
        String first = outage();
        String second = outage();
        String queuedId = create(first).json().path("id").asText();
        String secondId = create(second).json().path("id").asText();
        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.OPEN);

        // the platform is back (for every payment queued so far: one queued by an earlier scenario may be the probe),
        // and the open duration (and the queued payments' delay) pass
        OUTAGES.forEach(key -> BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING")));
        CLOCK.advance(OPEN.plusSeconds(1));

        // the background retry's first attempt is the half-open probe; its success closes the breaker for the others
        await().atMost(Duration.ofSeconds(30)).until(() -> "PROVIDER_PENDING".equals(statusInDatabase(queuedId))
                && "PROVIDER_PENDING".equals(statusInDatabase(secondId)));
        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(BillingPlatformStub.creates(first)).isEqualTo(4);
        assertThat(BillingPlatformStub.creates(second)).isEqualTo(2);
        String later = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(later, 201, BillingPlatformStub.platformPayment("pay_" + later, "PENDING"));
        assertThat(create(later).status()).isEqualTo(201);
    }

    @Test
    void theStateIsAMetricAndAHealthDetailAndAnOpenBreakerLeavesTheHubUpAndReady() throws Exception {
        assertThat(breakerDetail("billing")).isEqualTo("CLOSED");
        assertThat(hub.get("/actuator/prometheus").body()).containsPattern(stateSeries("billing", "closed", "1.0"));

        create(outage());
        create(outage());

        assertThat(breakerDetail("billing")).isEqualTo("OPEN");
        assertThat(breakerDetail("cheqpay")).isEqualTo("CLOSED");
        JsonNode health = json.readTree(hub.get("/actuator/health").body());
        assertThat(health.path("components").path("providers").path("details").path("billing").path("status").asText())
                .isEqualTo("DOWN");
        assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
        Response readiness = hub.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
        String scrape = hub.get("/actuator/prometheus").body();
        assertThat(scrape).containsPattern(stateSeries("billing", "open", "1.0"));
        assertThat(scrape).containsPattern(stateSeries("billing", "closed", "0.0"));
        assertThat(scrape).containsPattern(stateSeries("cheqpay", "closed", "1.0"));

        CLOCK.advance(OPEN.plusSeconds(1));
        // the next attempt finds the open duration over: the breaker is half-open while its probe runs, and the probe's
        // answer decides. Here the platform still fails, so it opens again
        create(outage());
        assertThat(breakerDetail("billing")).isEqualTo("OPEN");
    }

    @Test
    void refusalsOfPaymentsByAWorkingPlatformNeverOpenIt() {
        for (int i = 0; i < 6; i++) {
            String key = "key-" + UUID.randomUUID();
            BillingPlatformStub.createAnswers(key, 402, "{\"code\":\"DECLINED\",\"message\":\"Card declined\"}");
            Response declined = create(key);
            assertThat(declined.status()).isEqualTo(402);
            assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
        }

        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.CLOSED);
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        assertThat(create(key).status()).isEqualTo(201);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
    }

    // --- helpers

    /** A payment key the platform answers 503 for. */
    private static String outage() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 503, "{\"code\":\"UNAVAILABLE\"}");
        OUTAGES.add(key);
        return key;
    }

    private static int platformCalls() {
        return BillingPlatformStub.count(postRequestedFor(urlPathEqualTo("/payments")));
    }

    private Response create(String key) {
        String body = "{\"userId\":\"user-1\",\"orderId\":\"order-" + key + "\",\"amount\":5000,\"currency\":\"EUR\","
                + "\"description\":\"Order\"}";
        return hub.post("/api/payments", body, "Authorization", "Bearer " + HubClient.TEST_API_KEY,
                "Content-Type", "application/json", "Idempotency-Key", key);
    }

    private Response pay(Map<String, Object> body) throws Exception {
        return hub.post("/api/payments", json.writeValueAsString(body), "Authorization", "Bearer " + HubClient.TEST_API_KEY,
                "Content-Type", "application/json");
    }

    private static Map<String, Object> cardPayment() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", "user-123");
        body.put("orderId", "order-" + UUID.randomUUID());
        body.put("amount", 10_000);
        body.put("currency", "MXN");
        body.put("provider", "cheqpay");
        body.put("description", "Order");
        body.put("customer", Map.of("externalId", "user-123", "email", "a@b.c", "firstName", "María", "lastName", "González"));
        body.put("paymentMethod", Map.of("type", "card", "persist", false, "cardDetails",
                Map.of("number", "4000000000002503", "expiryMonth", "12", "expiryYear", "30", "cvc", "123")));
        body.put("billingAddress", Map.of("address", "Av. Reforma 123", "city", "Mexico City", "state", "CDMX",
                "postalCode", "01000", "country", "MX"));
        return body;
    }

    private String breakerDetail(String provider) throws Exception {
        return json.readTree(hub.get("/actuator/health").body()).path("components").path("providers").path("details")
                .path(provider).path("circuitBreaker").asText();
    }

    private static String stateSeries(String provider, String state, String value) {
        return "(?m)^resilience4j_circuitbreaker_state\\{[^}]*provider=\"" + provider + "\"[^}]*state=\"" + state + "\"[^}]*} "
                + java.util.regex.Pattern.quote(value) + "$";
    }

    private static ResponseDefinitionBuilder cheqpayError(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"test\"}}");
    }

    private static ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
