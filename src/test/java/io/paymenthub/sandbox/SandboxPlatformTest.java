package io.paymenthub.sandbox;

import io.paymenthub.support.JsonHttp;
import io.paymenthub.support.JsonHttp.Answer;
import io.paymenthub.support.SandboxTestEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.PaymentHubApplication;
import io.paymenthub.config.SandboxCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sandbox platform over HTTP, inside a whole hub: its webhooks must pass the hub's own signature
 * check and land in {@code webhook_events}, which proves signing and delivery end to end.
 */
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class SandboxPlatformTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SandboxTestEnvironment.register(registry);
        registry.add("hub.sandbox.slow-delay", () -> "1500ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SandboxLedger ledger;
    @Autowired
    SandboxTokens tokens;
    @Autowired
    SandboxCredentials credentials;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String token;

    @BeforeEach
    void logIn() throws Exception {
        token = login("sandbox-tenant", credentials.tenantSecret()).body().path("accessToken").asText();
    }

    @Test
    void loginGivesAJwtForTheConfiguredTenantOnly() throws Exception {
        int before = tokens.issuedCount();

        Answer ok = login("sandbox-tenant", credentials.tenantSecret());
        Answer wrongSecret = login("sandbox-tenant", "wrong");
        Answer wrongTenant = login("other-tenant", credentials.tenantSecret());

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("accessToken").asText().split("\\.")).hasSize(3);
        assertThat(ok.body().path("expiresIn").asLong()).isEqualTo(86_400);
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.body().path("code").asText()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(wrongTenant.status()).isEqualTo(401);
        assertThat(tokens.issuedCount()).isEqualTo(before + 1);
    }

    @Test
    void everyOtherCallNeedsAValidToken() throws Exception {
        String key = newKey();
        Answer none = call("POST", "/sandbox/payments", payment("user-a", 5000, "Order"), "Idempotency-Key", key);
        Answer forged = call("GET", "/sandbox/payments?userId=user-a", null, "Authorization", "Bearer a.b.c");
        HttpResponse<String> notJsonEither = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/payments"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(notJsonEither.statusCode()).as("no token is told first").isEqualTo(401);
        assertThat(json.readTree(notJsonEither.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(ledger.createCalls(key)).isZero();
    }

    @Test
    void createIsIdempotentByKeyAndTheWebhooksReachTheHub() throws Exception {
        String key = newKey();
        String user = "user-" + key;

        Answer first = create(key, payment(user, 5000, "Order 9"));
        Answer again = create(key, payment(user, 5000, "Order 9"));

        assertThat(first.status()).isEqualTo(201);
        JsonNode created = first.body();
        String id = created.path("id").asText();
        assertThat(id).startsWith("pay_");
        assertThat(created.path("status").asText()).isEqualTo("PENDING");
        assertThat(created.path("amount").asLong()).isEqualTo(5000);
        assertThat(created.path("currency").asText()).isEqualTo("EUR");
        assertThat(created.path("userId").asText()).isEqualTo(user);
        assertThat(created.path("orderId").asText()).isEqualTo("order-9");
        assertThat(created.path("redirectUrl").asText()).isEqualTo("http://127.0.0.1:" + port + "/sandbox/checkout/" + id);
        assertThat(created.path("createdAt").asText()).isNotBlank();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("id").asText()).isEqualTo(id);
        assertThat(ledger.createCalls(key)).isEqualTo(2);
        assertThat(list("userId=" + user).body().path("data")).hasSize(1);

        await().atMost(WAIT).until(() -> recordedEvents(id), List.of("payment.pending", "payment.succeeded")::equals);
        Answer fetched = call("GET", "/sandbox/payments/" + id, null, "Authorization", "Bearer " + token);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(get(first.body().path("redirectUrl").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void sameKeyForAnotherPaymentIsAConflict() throws Exception {
        String key = newKey();
        create(key, payment("user-c", 5000, "Order"));

        Answer otherAmount = create(key, payment("user-c", 6000, "Order"));

        assertThat(otherAmount.status()).isEqualTo(409);
        assertThat(otherAmount.body().path("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    @Test
    void refusesCallsWithoutKeyOrWithBadInput() throws Exception {
        Answer noKey = call("POST", "/sandbox/payments", payment("user-d", 5000, "Order"), "Authorization", "Bearer " + token);
        Answer noAmount = create(newKey(), "{\"userId\":\"user-d\",\"orderId\":\"o\",\"currency\":\"EUR\"}");
        Answer notJson = create(newKey(), "{not json");

        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noAmount.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().path("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(call("GET", "/sandbox/payments/pay_unknown", null, "Authorization", "Bearer " + token).status())
                .isEqualTo(404);
    }

    @Test
    void listsPagesOfAtMostAHundred() throws Exception {
        String user = "user-" + newKey();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(newKey(), payment(user, 1000 + i, "Order " + i)).body().path("id").asText());
        }

        Answer tooLarge = list("userId=" + user + "&limit=101");
        Answer page = list("userId=" + user + "&limit=2&offset=1");

        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body().path("code").asText()).isEqualTo("LIMIT_TOO_LARGE");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("data").findValuesAsText("id")).containsExactly(ids.get(1), ids.get(2));
        assertThat(list("userId=" + user).body().path("data")).hasSize(3);
    }

    @Test
    void scenariosChosenByTheDescription() throws Exception {
        Answer declined = create(newKey(), payment("user-s", 5000, "sandbox:decline"));
        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.body().path("code").asText()).isEqualTo("DECLINED");

        String expiryKey = newKey();
        assertThat(create(expiryKey, payment("user-s", 5000, "SANDBOX:TOKEN-EXPIRY")).status()).isEqualTo(401);
        assertThat(create(expiryKey, payment("user-s", 5000, "SANDBOX:TOKEN-EXPIRY")).status()).isEqualTo(201);

        String outageKey = newKey();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Answer down = create(outageKey, payment("user-s", 5000, "sandbox:outage"));
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().path("code").asText()).isEqualTo("UNAVAILABLE");
        }
        assertThat(create(outageKey, payment("user-s", 5000, "sandbox:outage")).status()).isEqualTo(201);
        assertThat(ledger.createCalls(outageKey)).isEqualTo(4);

        String downKey = newKey();
        for (int attempt = 1; attempt <= 5; attempt++) {
            Answer down = create(downKey, payment("user-s", 5000, "Order sandbox:down"));
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().path("code").asText()).isEqualTo("UNAVAILABLE");
        }
        assertThat(list("userId=user-s").body().path("data").findValuesAsText("description")).doesNotContain("Order sandbox:down");

        String failed = create(newKey(), payment("user-s", 5000, "sandbox:fail")).body().path("id").asText();
        String expired = create(newKey(), payment("user-s", 5000, "sandbox:expire")).body().path("id").asText();
        String outOfOrder = create(newKey(), payment("user-s", 5000, "sandbox:out-of-order")).body().path("id").asText();
        String duplicated = create(newKey(), payment("user-s", 5000, "sandbox:duplicate-webhooks")).body().path("id").asText();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(recordedEvents(failed)).containsExactlyInAnyOrder("payment.pending", "payment.failed");
            assertThat(recordedEvents(expired)).containsExactlyInAnyOrder("payment.pending", "payment.expired");
            assertThat(recordedEvents(outOfOrder)).containsExactlyInAnyOrder("payment.succeeded", "payment.pending");
            assertThat(recordedEvents(duplicated)).containsExactlyInAnyOrder("payment.pending", "payment.succeeded");
        });
    }

    @Test
    void slowCreateAnswersLateButARepeatAnswersAtOnce() throws Exception {
        String key = newKey();

        long started = System.nanoTime();
        Answer slow = create(key, payment("user-slow", 5000, "sandbox:slow"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        Answer repeat = create(key, payment("user-slow", 5000, "sandbox:slow"));

        assertThat(slow.status()).isEqualTo(201);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1000));
        assertThat(repeat.body().path("id").asText()).isEqualTo(slow.body().path("id").asText());
    }

    @Test
    void cancelsAPendingPaymentOnce() throws Exception {
        String id = create(newKey(), payment("user-x", 5000, "Order")).body().path("id").asText();

        Answer cancelled = call("POST", "/sandbox/payments/" + id + "/cancel", "", "Authorization", "Bearer " + token);
        Answer again = call("POST", "/sandbox/payments/" + id + "/cancel", "", "Authorization", "Bearer " + token);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("code").asText()).isEqualTo("NOT_CANCELLABLE");
        await().atMost(WAIT).until(() -> recordedEvents(id), List.of("payment.cancelled")::equals);
    }

    @Test
    void refundsSettleByWebhook() throws Exception {
        String id = create(newKey(), payment("user-r", 5000, "Order")).body().path("id").asText();
        await().atMost(WAIT).until(() -> recordedEvents(id).contains("payment.succeeded"));
        String key = newKey();

        Answer refund = refund(id, key, 3000);
        Answer sameKey = refund(id, key, 3000);
        Answer tooMuch = refund(id, newKey(), 2500);

        assertThat(refund.status()).isEqualTo(201);
        assertThat(refund.body().path("id").asText()).startsWith("re_");
        assertThat(refund.body().path("status").asText()).isEqualTo("PENDING");
        assertThat(sameKey.body().path("id").asText()).isEqualTo(refund.body().path("id").asText());
        assertThat(tooMuch.status()).isEqualTo(201);
        await().atMost(WAIT).untilAsserted(() -> assertThat(recordedEvents(id))
                .containsExactlyInAnyOrder("payment.pending", "payment.succeeded", "refund.succeeded", "refund.failed"));
    }

    private List<String> recordedEvents(String paymentId) {
        return jdbc.queryForList("SELECT event_type FROM webhook_events WHERE payment_id = ? ORDER BY processed_at",
                String.class, paymentId);
    }

    private Answer login(String tenantId, String secret) throws Exception {
        return call("POST", "/sandbox/auth/login", "{\"tenantId\":\"" + tenantId + "\",\"secret\":\"" + secret + "\"}");
    }

    private Answer create(String key, String body) throws Exception {
        return call("POST", "/sandbox/payments", body, "Authorization", "Bearer " + token, "Idempotency-Key", key);
    }

    private Answer refund(String paymentId, String key, long amount) throws Exception {
        return call("POST", "/sandbox/payments/" + paymentId + "/refunds", "{\"amount\":" + amount + "}",
                "Authorization", "Bearer " + token, "Idempotency-Key", key);
    }

    private Answer list(String query) throws Exception {
        return call("GET", "/sandbox/payments?" + query, null, "Authorization", "Bearer " + token);
    }

    private static String payment(String userId, long amount, String description) {
        return "{\"userId\":\"" + userId + "\",\"orderId\":\"order-9\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"description\":\"" + description + "\",\"returnUrl\":\"https://shop.example/return\"}";
    }

    private Answer call(String method, String path, String body, String... headers) throws Exception {
        return new JsonHttp(port).call(method, path, body, headers);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

}
