package io.paymenthub.fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paymenthub.support.HubProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 #1, end to end against the packaged hub in a process of its own: the hub is killed with SIGKILL
 * while its create call waits for the platform's answer, so the payment row (committed before the call)
 * stays CREATED. After the restart the payment must move on: a replay of the same request submits it
 * again with the same Idempotency-Key, and when nobody replays, the background retry does. Either way the
 * platform sees that one key only (it de-duplicates, so there is one platform payment), at most twice.
 * <p>
 * The platform is WireMock in this JVM: the first create call is answered only after {@link #FIRST_ANSWER_DELAY}
 * (the hub is long dead by then), every later one at once with the same platform payment. The payment
 * request has no Idempotency-Key header, so the key is derived from userId and orderId: the case where
 * the merchant cannot switch to a new key. Database and broker: {@link ChildHubStores}.
 */
class PaymentCrashRecoveryIT {

    private static final Duration FIRST_ANSWER_DELAY = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** from the restart until the background retry has submitted the interrupted payment again */
    private static final Duration SWEEP_BOUND = Duration.ofSeconds(90);
    private static final String API_KEY = "fault-key-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final WireMockServer platform = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Path runDir;
    private ChildHubStores stores;
    private HubProcess hub;
    private Thread killOnExit;
    private boolean passed;

    @BeforeEach
    void startPlatformAndPrepareHub() throws Exception {
        platform.start();
        platform.stubFor(post(urlEqualTo("/auth/login"))
                .willReturn(okJson("{\"accessToken\":\"fault.jwt.token\",\"expiresIn\":86400}")));
        // one payment per test: the first create call answers late, every later one at once; both with the
        // platform payment of the key, as a platform that de-duplicates by Idempotency-Key does
        platform.stubFor(post(urlPathEqualTo("/payments")).inScenario("create").whenScenarioStateIs(STARTED)
                .willReturn(created().withFixedDelay((int) FIRST_ANSWER_DELAY.toMillis())).willSetStateTo("answered"));
        platform.stubFor(post(urlPathEqualTo("/payments")).inScenario("create").whenScenarioStateIs("answered")
                .willReturn(created()));

        Path projectDir = Path.of("").toAbsolutePath();
        Path jar = HubProcess.executableJar(projectDir.resolve("target"));
        runDir = Files.createDirectories(projectDir.resolve("target/payment-crash-it-" + runId));
        stores = ChildHubStores.open(runId, runDir.resolve("data"), false);
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + HubProcess.freePort(),
                "--server.address=127.0.0.1",
                "--hub.routes-dir=" + projectDir.resolve("routes"),
                "--hub.log.format=plain"));
        args.addAll(stores.hubArguments());
        // real credentials, from the environment as in a deployment (so no sandbox), and short retry budgets
        Map<String, String> environment = Map.ofEntries(
                Map.entry("HUB_API_KEYS", "fault:" + API_KEY),
                Map.entry("HUB_PROVIDERS_BILLING_BASE_URL", "http://127.0.0.1:" + platform.port()),
                Map.entry("HUB_PROVIDERS_BILLING_TENANT_ID", "fault-tenant"),
                Map.entry("HUB_PROVIDERS_BILLING_TENANT_SECRET", "ts-fault-" + runId),
                Map.entry("HUB_PROVIDERS_BILLING_WEBHOOK_SECRETS", WEBHOOK_SECRET),
                Map.entry("HUB_PLATFORM_READ_TIMEOUT", "5000"),
                Map.entry("HUB_RETRY_MAX_ATTEMPTS", "2"),
                Map.entry("HUB_RETRY_INITIAL_DELAY", "200ms"),
                Map.entry("HUB_RETRY_QUEUE_DELAY", "2s"),
                Map.entry("HUB_RETRY_QUEUE_POLL_INTERVAL", "500"),
                // the killed hub's lease runs out 3 s after its last renewal (default 15 s): the replay after the
                // restart finds the payment free to submit again
                Map.entry("HUB_RETRY_ATTEMPT_LEASE", "3s"),
                Map.entry("HUB_RETRY_ATTEMPT_LEASE_RENEWAL", "1s"));
        hub = new HubProcess(jar, runDir, null, args, environment);
        killOnExit = new Thread(hub::kill, "payment-crash-it-kill-hub");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        System.out.println("[payment-crash-it] run " + runId + " in " + runDir + ", " + stores.describe());
    }

    @AfterEach
    void stopEverything() {
        hub.kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        platform.stop();
        if (passed) {
            stores.cleanUp();
        } else {
            stores.close();
            System.out.println("[payment-crash-it] FAILED: hub logs and data kept in " + runDir);
        }
    }

    @Test
    void aReplayAfterAKillMidCallSubmitsAgainWithTheSameKeyAndMovesOn() throws Exception {
        String key = killWhileTheFirstCreateCallWaits();

        hub.start();  // same data
        long started = System.nanoTime();
        HttpResponse<String> replay = client.send(paymentRequest(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        JsonNode payment = json(replay);
        System.out.printf("[payment-crash-it] replay after restart: %d in %d ms, %s; create calls of the key: %d%n",
                replay.statusCode(), took.toMillis(), replay.body(), creates().size());
        assertThat(replay.statusCode()).as("replay of the interrupted payment: %s", replay.body()).isIn(200, 201);
        assertThat(payment.path("providerPaymentId").asText(null))
                .as("the replay submitted it again (the platform answers every key with its one payment): %s", replay.body())
                .isEqualTo("pay_" + key);
        assertThat(payment.path("status").asText()).as("moving on").isEqualTo("PROVIDER_PENDING");
        assertOnePlatformPaymentFor(key);

        HttpResponse<String> fetched = client.send(HttpRequest.newBuilder(hub.uri("/api/payments/" + payment.path("id").asText()))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json(fetched).path("status").asText()).as(fetched.body()).isEqualTo("PROVIDER_PENDING");
        hub.stop();
        assertStoredOnce(key, "PROVIDER_PENDING");
        passed = true;
    }

    @Test
    void whenNobodyReplaysTheBackgroundRetrySubmitsTheInterruptedPaymentAgain() throws Exception {
        String key = killWhileTheFirstCreateCallWaits();

        hub.start();  // same data; nobody sends the request again
        Instant restarted = Instant.now();
        await("the background retry submits the interrupted payment again").atMost(SWEEP_BOUND)
                .pollInterval(Duration.ofMillis(250)).until(() -> hub.requireAlive() && creates().size() >= 2);
        System.out.printf("[payment-crash-it] background retry submitted it %d ms after the restart%n",
                Duration.between(restarted, Instant.now()).toMillis());
        hub.stop();  // graceful: the attempt in flight records its answer first

        assertOnePlatformPaymentFor(key);
        assertStoredOnce(key, "PROVIDER_PENDING");
        passed = true;
    }

    /** Starts the hub, sends the payment and kills the hub with SIGKILL while the platform has not answered yet. */
    private String killWhileTheFirstCreateCallWaits() throws Exception {
        hub.start();
        CompletableFuture<HttpResponse<String>> first = client.sendAsync(paymentRequest(), HttpResponse.BodyHandlers.ofString());
        await("the hub's create call reaches the platform").atMost(REQUEST_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> hub.requireAlive() && !creates().isEmpty());
        hub.kill();
        String key = creates().get(0).getHeader("Idempotency-Key");
        assertThat(key).as("the hub's Idempotency-Key").isNotBlank();
        assertThat(first).as("the client never got an answer: the hub died mid-call").failsWithin(REQUEST_TIMEOUT);
        return key;
    }

    /** Every create call carried the payment's one key, with the same request: one platform payment, at most two calls. */
    private void assertOnePlatformPaymentFor(String key) {
        List<LoggedRequest> creates = creates();
        assertThat(creates).as("create calls at the platform: the interrupted one and one resubmission").hasSize(2);
        assertThat(creates).extracting(call -> call.getHeader("Idempotency-Key")).as("their Idempotency-Keys").containsOnly(key);
        assertThat(creates).extracting(LoggedRequest::getBodyAsString).as("their bodies").containsOnly(creates.get(0).getBodyAsString());
    }

    /** With the hub stopped: one payment row for the key, with the platform's payment and the status. */
    private void assertStoredOnce(String key, String status) throws Exception {
        try (Connection db = stores.connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT status, provider_payment_id FROM payments WHERE idempotency_key = ?")) {
            query.setString(1, key);
            List<String> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + "/" + result.getString(2));
                }
            }
            assertThat(rows).as("payments stored for the key").containsExactly(status + "/pay_" + key);
        }
    }

    private List<LoggedRequest> creates() {
        return platform.findAll(postRequestedFor(urlPathEqualTo("/payments")));
    }

    private static ResponseDefinitionBuilder created() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\":\"pay_{{request.headers.Idempotency-Key}}\",\"status\":\"PENDING\",\"amount\":5000,"
                        + "\"currency\":\"EUR\",\"userId\":\"fault-user\",\"orderId\":\"fault-order\","
                        + "\"redirectUrl\":\"https://pay.example/checkout\",\"createdAt\":\"2026-11-20T10:00:00Z\"}");
    }

    /** The same request every time, without an Idempotency-Key header: the hub derives the key from user and order. */
    private HttpRequest paymentRequest() {
        return HttpRequest.newBuilder(hub.uri("/api/payments")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"fault-user\",\"orderId\":\"fault-order-" + runId
                        + "\",\"amount\":5000,\"currency\":\"EUR\",\"description\":\"Order after a crash\"}"))
                .build();
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        assertThat(answer.headers().firstValue("Content-Type")).as("answer %d %s", answer.statusCode(), answer.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(answer.body());
    }
}
