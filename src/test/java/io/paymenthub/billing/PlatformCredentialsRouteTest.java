package io.paymenthub.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.apiGet;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.createFor;
import static io.paymenthub.billing.PaymentFlows.creates;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.logins;
import static io.paymenthub.billing.PaymentFlows.newEventId;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static io.paymenthub.billing.PaymentFlows.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub's credentials at the platform (seed 000, Token Caching and Security; contract section 5): one login
 * per token lifetime, a new login five minutes before expiry, one re-login and repeat on a rejected token, and
 * neither the tenant secret nor a token ever shown to a client or written to the log; nor does the client's API
 * key ever reach the platform. The platform is a WireMock server of this class's own, so its login count is
 * this class's alone.
 *
 * <p>The token cache lives as long as the Spring context, so each test starts from a known token: its
 * platform stubs accept only the token its login hands out and answer 401 to any other, as a platform does to
 * a token it no longer honours, which makes the hub drop whatever it held before.
 */
@HubSpringTest
@ExtendWith(OutputCaptureExtension.class)
class PlatformCredentialsRouteTest {

    private static final String TENANT_SECRET = "tenant-secret-" + UUID.randomUUID();
    private static final WireMockServer PLATFORM = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    static {
        PLATFORM.start();
    }

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.providers.billing.base-url", () -> "http://127.0.0.1:" + PLATFORM.port());
        registry.add("hub.providers.billing.tenant-secret", () -> TENANT_SECRET);
        registry.add("hub.retry.initial-delay", () -> "50ms");
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void aRejectedTokenMakesTheHubLogInOnceMoreAndRepeatTheCreateWithTheSameKey() {
        String oldToken = holdToken(86400);
        int loginsBefore = logins(PLATFORM);
        String newToken = newToken();
        stubLogin(newToken, 86400);
        String key = newKey("token-rejected");
        acceptOnlyWith(key, newToken);

        Response response = create(hub, key);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(logins(PLATFORM)).isEqualTo(loginsBefore + 1);
        assertThat(creates(PLATFORM, key)).isEqualTo(2);
        assertThat(createsOf(key)).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer " + oldToken, "Bearer " + newToken);
    }

    @Test
    void manyPaymentsShareOneLogin() {
        int loginsBefore = logins(PLATFORM);
        String token = newToken();
        stubLogin(token, 86400);
        List<String> keys = new ArrayList<>();

        for (int n = 0; n < 10; n++) {
            String key = newKey("cached-token-" + n);
            acceptOnlyWith(key, token);
            keys.add(key);
            assertThat(create(hub, key).status()).isEqualTo(201);
        }

        assertThat(logins(PLATFORM)).isEqualTo(loginsBefore + 1);
        for (String key : keys) {
            assertThat(createsOf(key)).last().extracting(r -> r.getHeader("Authorization")).isEqualTo("Bearer " + token);
        }
    }

    @Test
    void aTokenWithFiveMinutesOrLessToLiveIsNotReused() {
        holdToken(300);
        int loginsBefore = logins(PLATFORM);
        String next = newToken();
        stubLogin(next, 86400);
        String key = newKey("short-token");
        acceptOnlyWith(key, next);

        assertThat(create(hub, key).status()).isEqualTo(201);

        assertThat(logins(PLATFORM)).isEqualTo(loginsBefore + 1);
        assertThat(creates(PLATFORM, key)).as("no call was made with the expiring token").isEqualTo(1);
    }

    @Test
    void aTokenIsRefreshedFiveMinutesBeforeItExpires() {
        String expiring = holdToken(301);
        int loginsBefore = logins(PLATFORM);
        String next = newToken();
        stubLogin(next, 86400);

        // 301 s of life is one second of use: within a few seconds a call must come with a fresh login
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String key = newKey("refresh-" + keys.size());
            keys.add(key);
            acceptCreate(PLATFORM, key);
            assertThat(create(hub, key).status()).isEqualTo(201);
            return logins(PLATFORM) > loginsBefore;
        });

        assertThat(logins(PLATFORM)).isEqualTo(loginsBefore + 1);
        assertThat(createsOf(keys.get(keys.size() - 1))).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer " + next);
        assertThat(keys.subList(0, keys.size() - 1)).allSatisfy(key -> assertThat(createsOf(key))
                .extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer " + expiring));
    }

    @Test
    void neitherTheTenantSecretNorTheTokenReachAClientOrTheLogAndTheApiKeyNeverReachesThePlatform(CapturedOutput output) {
        String token = newToken();
        stubLogin(token, 86400);
        List<Response> responses = new ArrayList<>();
        // a fresh login during the capture, then the flows that log most: accepted, declined, unavailable
        String accepted = newKey("secret-accepted");
        acceptOnlyWith(accepted, token);
        Response created = create(hub, accepted);
        responses.add(created);
        String declined = newKey("secret-declined");
        PLATFORM.stubFor(createFor(declined).willReturn(json(402, "{\"code\":\"DECLINED\",\"message\":\"Card declined\"}")));
        responses.add(create(hub, declined));
        PLATFORM.stubFor(get(urlPathEqualTo("/payments/pay_" + accepted)).willReturn(aResponse().withStatus(503)));
        responses.add(apiGet(hub, "/api/payments/" + created.json().path("id").asText() + "?verify=true"));
        String userId = "user-secret-" + UUID.randomUUID();
        PLATFORM.stubFor(get(urlPathEqualTo("/payments")).withQueryParam("userId", equalTo(userId)).willReturn(aResponse().withStatus(500)));
        responses.add(apiGet(hub, "/api/payments?userId=" + userId));
        responses.add(hub.sendWebhook(webhook(newEventId("payment.succeeded"), "payment.succeeded", "pay_" + accepted, "SUCCEEDED")));
        responses.add(hub.getPayment(created.json().path("id").asText()));

        assertThat(responses).extracting(Response::status).containsExactly(201, 402, 503, 503, 200, 200);
        // the secret and the token really were in play: the login carried the one and answered the other
        assertThat(PLATFORM.countRequestsMatching(postRequestedFor(urlEqualTo("/auth/login"))
                .withRequestBody(containing(TENANT_SECRET)).build()).getCount()).isPositive();
        assertThat(createsOf(accepted)).last().extracting(r -> r.getHeader("Authorization")).isEqualTo("Bearer " + token);
        for (Response response : responses) {
            assertThat(response.body()).doesNotContain(TENANT_SECRET).doesNotContain(token);
        }
        await().atMost(WAIT).until(() -> output.getAll().contains("Payment created paymentId=" + created.json().path("id").asText()));
        assertThat(output.getAll()).as("the captured log").doesNotContain(TENANT_SECRET).doesNotContain(token)
                .doesNotContain(HubClient.TEST_API_KEY);
        for (ServeEvent call : PLATFORM.getAllServeEvents()) {
            for (HttpHeader header : call.getRequest().getHeaders().all()) {
                assertThat(header.values()).as("%s %s header %s", call.getRequest().getMethod(), call.getRequest().getUrl(),
                        header.key()).noneMatch(value -> value.contains(HubClient.TEST_API_KEY));
            }
            assertThat(call.getRequest().getBodyAsString()).doesNotContain(HubClient.TEST_API_KEY);
        }
    }


    @Test
    void aPaymentIsQueuedNotFailedWhileThePlatformsLoginIsDownAndGoesThroughOnceItIsBack() {
        String key = newKey("login-down");
        // the hub's token is refused, and the login it then needs answers 503
        acceptOnlyWith(key, newToken());
        PLATFORM.stubFor(post(urlEqualTo("/auth/login")).withRequestBody(containing(TENANT_SECRET))
                .willReturn(aResponse().withStatus(503)));

        Response queued = create(hub, key);

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.json().path("failureCode").isNull()).isTrue();
        String token = newToken();
        stubLogin(token, 86400);
        acceptOnlyWith(key, token);
        Response retried = create(hub, key);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("id").asText()).isEqualTo(queued.json().path("id").asText());
        assertThat(retried.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(createsOf(key)).last().extracting(r -> r.getHeader("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void aPaymentIsNotFailedWhenThePlatformRefusesTheHubsOwnCredentials() {
        String key = newKey("login-refused");
        acceptOnlyWith(key, newToken());
        PLATFORM.stubFor(post(urlEqualTo("/auth/login")).withRequestBody(containing(TENANT_SECRET))
                .willReturn(json(401, "{\"code\":\"INVALID_CREDENTIALS\",\"message\":\"Invalid tenant credentials\"}")));

        double refusedBefore = credentialsRefused();

        Response response = create(hub, key);

        assertThat(response.status()).as(response.body()).isNotEqualTo(402).isIn(202, 503);
        assertThat(jdbcStatusOfKey(key)).isNotEqualTo("FAILED");
        // the alert PlatformAuthenticationFailures counts it; the rejected token before the login is not a refusal
        assertThat(credentialsRefused() - refusedBefore).as("hub_platform_auth_failures_total{provider=billing}").isPositive();
        // once the operator has fixed the credentials, the merchant's retry with the same key goes through
        String token = newToken();
        stubLogin(token, 86400);
        acceptOnlyWith(key, token);
        Response retried = create(hub, key);
        assertThat(retried.json().path("status").asText()).as(retried.body()).isEqualTo("PROVIDER_PENDING");
    }

    /** A login answered 403 (a forbidden tenant) or 404 (a base URL without the platform's API) is the hub's fault. */
    @org.junit.jupiter.params.ParameterizedTest(name = "login answered {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {403, 404})
    void aPaymentIsQueuedNotFailedWhenThePlatformRefusesTheHubsLoginForAnyReason(int loginStatus, CapturedOutput output) {
        String key = newKey("login-" + loginStatus);
        // the hub's token is refused, and the login it then needs is refused too
        acceptOnlyWith(key, newToken());
        PLATFORM.stubFor(post(urlEqualTo("/auth/login")).withRequestBody(containing(TENANT_SECRET))
                .willReturn(json(loginStatus, "{\"code\":\"FORBIDDEN\",\"message\":\"No such tenant here\"}")));

        Response response = create(hub, key);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(response.json().path("failureCode").isNull()).isTrue();
        assertThat(jdbcStatusOfKey(key)).isEqualTo("QUEUED");
        assertThat(jdbc.queryForObject("SELECT failure_code FROM payments WHERE idempotency_key = ?", String.class, key)).isNull();
        assertThat(jdbc.queryForObject("SELECT next_attempt_at FROM payments WHERE idempotency_key = ?",
                java.sql.Timestamp.class, key)).as("still due for the background retry").isNotNull();
        assertThat(output.getAll()).contains("The billing platform refused the hub's login with HTTP " + loginStatus);
        // the operator sees it in the providers health component, and the hub is still UP (it queues)
        JsonNode health = hub.get("/actuator/health").json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("providers").path("details").path("billing").path("status").asText())
                .as(health.toString()).isEqualTo("DOWN");
        // once the operator has fixed the configuration, the merchant's retry with the same key goes through
        String token = newToken();
        stubLogin(token, 86400);
        acceptOnlyWith(key, token);
        Response retried = create(hub, key);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(hub.get("/actuator/health").json().path("components").path("providers").path("details").path("billing")
                .path("credentialsAccepted").asBoolean()).isTrue();
        assertThat(retried.json().path("id").asText()).isEqualTo(response.json().path("id").asText());
        assertThat(retried.json().path("status").asText()).as(retried.body()).isEqualTo("PROVIDER_PENDING");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /**
     * Makes the hub hold a new token valid for {@code expiresIn} seconds: whatever it held before is refused by the
     * create this makes, so it logs in and gets this one. @return the token
     */
    private String holdToken(long expiresIn) {
        String token = newToken();
        stubLogin(token, expiresIn);
        String key = newKey("take-token");
        acceptOnlyWith(key, token);
        assertThat(create(hub, key).status()).isEqualTo(201);
        assertThat(createsOf(key)).last().extracting(r -> r.getHeader("Authorization")).isEqualTo("Bearer " + token);
        return token;
    }

    private String jdbcStatusOfKey(String key) {
        return jdbc.queryForObject("SELECT status FROM payments WHERE idempotency_key = ?", String.class, key);
    }

    private static String newToken() {
        return "jwt-" + UUID.randomUUID();
    }

    private static void stubLogin(String token, long expiresIn) {
        PLATFORM.stubFor(post(urlEqualTo("/auth/login")).withRequestBody(containing(TENANT_SECRET))
                .willReturn(okJson("{\"accessToken\":\"" + token + "\",\"expiresIn\":" + expiresIn + "}")));
    }

    /** The create of {@code key} succeeds with {@code token} and is answered 401 with any other. */
    private static void acceptOnlyWith(String key, String token) {
        PLATFORM.stubFor(createFor(key).atPriority(1).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))));
        PLATFORM.stubFor(createFor(key).atPriority(5)
                .willReturn(json(401, "{\"code\":\"TOKEN_EXPIRED\",\"message\":\"Token expired\"}")));
    }

    private static List<LoggedRequest> createsOf(String key) {
        return PLATFORM.findAll(postRequestedFor(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key)))
                .stream().sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    private double credentialsRefused() {
        io.micrometer.core.instrument.Counter counter = meters.find("hub.platform.auth.failures").tag("provider", "billing").counter();
        return counter == null ? 0 : counter.count();
    }
}
