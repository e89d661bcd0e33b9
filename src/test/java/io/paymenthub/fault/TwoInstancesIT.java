package io.paymenthub.fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.paymenthub.support.HubProcess;
import io.paymenthub.support.WebhookSigner;
import io.paymenthub.support.WebhookSigner.SignedWebhook;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, "two instances with one killed": two packaged hubs on one database and one broker. While
 * the platform is down, payments are queued through both; signed webhooks flow into both the whole time.
 * The platform comes back, both background retries submit the queued payments, and one instance is killed
 * with SIGKILL mid-way. Then, with every unacknowledged webhook sent again to the survivor (what the
 * platform does):
 * <ul>
 *   <li>every acknowledged webhook is applied once and none twice (refunded amounts, payment_events);</li>
 *   <li>no idempotency key is created twice at the platform: per Idempotency-Key at most one call answered
 *       201, except one more from the survivor, after the kill, for a key whose call the killed instance had
 *       in flight;</li>
 *   <li>every queued payment moves on;</li>
 *   <li>every answer of a live instance is the contract's JSON, within {@link #ANSWER_BOUND}.</li>
 * </ul>
 * The platform is WireMock in this JVM; each instance has a base URL of its own ({@code /a}, {@code /b}),
 * so the calls show which instance made them. Database and broker: {@link ChildHubStores} (shared).
 */
class TwoInstancesIT {

    private static final int PAID_PAYMENTS = 10;
    private static final int EVENTS = 800;
    private static final int QUEUED_PAYMENTS = 30;
    private static final int SENDERS = 8;
    private static final int RESEND_ATTEMPTS = 5;
    /** each sender's pause between webhooks: EVENTS take about half a minute, so they flow through the kill */
    private static final Duration SEND_PAUSE = Duration.ofMillis(300);
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(90);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(150);
    /** the platform, once back, takes this long per create call: attempts overlap as they do under load */
    private static final int CREATE_DELAY_MS = 300;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String API_KEY = "two-key-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final WebhookSigner signer = new WebhookSigner(SECRET);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** answers that break the contract: not JSON, too late, a live instance not answering */
    private final ConcurrentLinkedQueue<String> badAnswers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answers = new AtomicInteger();
    private volatile Instant killedAt;

    @Test
    void everyAcknowledgedWebhookAppliedOnceAndNoKeyCreatedTwiceWhenOneOfTwoInstancesIsKilled() throws Exception {
        Path projectDir = Path.of("").toAbsolutePath();
        Path jar = HubProcess.executableJar(projectDir.resolve("target"));
        Path runDir = Files.createDirectories(projectDir.resolve("target/two-instances-it-" + runId));
        WireMockServer platform = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(40));
        platform.start();
        ChildHubStores stores = ChildHubStores.open(runId, runDir.resolve("data"), true);
        System.out.println("[two-instances-it] run " + runId + " in " + runDir + ", " + stores.describe());
        HubProcess a = hub("a", jar, runDir, projectDir, stores, platform);
        HubProcess b = hub("b", jar, runDir, projectDir, stores, platform);
        HubProcess[] hubs = {a, b};
        Thread killOnExit = new Thread(() -> { a.kill(); b.kill(); }, "two-instances-it-kill-hubs");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        AtomicBoolean stopSending = new AtomicBoolean();
        boolean passed = false;
        try {
            platform.stubFor(post(urlPathMatching("/[ab]/auth/login"))
                    .willReturn(okJson("{\"accessToken\":\"two.jwt.token\",\"expiresIn\":86400}")));
            platform.stubFor(post(urlPathMatching("/[ab]/payments")).atPriority(5).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withFixedDelay(CREATE_DELAY_MS)
                    .withTransformers("response-template")
                    .withBody("{\"id\":\"pay_{{request.headers.Idempotency-Key}}\",\"status\":\"PENDING\",\"amount\":5000,"
                            + "\"currency\":\"EUR\",\"redirectUrl\":\"https://pay.example/checkout\","
                            + "\"createdAt\":\"2026-11-20T10:00:00Z\"}")));
            StubMapping down = platform.stubFor(post(urlPathMatching("/[ab]/payments")).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                            .withBody("{\"code\":\"UNAVAILABLE\",\"message\":\"Maintenance\"}")));

            stores.migrate();
            Map<String, String> paidIds = preparePaidPayments(stores);  // provider payment id -> hub id
            a.start();
            b.start();

            // ---- webhooks flow into both instances from now on ----
            List<String> events = new ArrayList<>(EVENTS);
            Map<String, Integer> expectedRefunds = new HashMap<>();
            String createdAt = Instant.now().toString();
            for (int n = 0; n < EVENTS; n++) {
                String paymentId = "two-pay-" + runId + "-" + (n % PAID_PAYMENTS);
                events.add("{\"eventId\":\"two-evt-" + runId + "-" + n + "\",\"eventType\":\"refund.succeeded\",\"createdAt\":\""
                        + createdAt + "\",\"data\":{\"paymentId\":\"" + paymentId + "\",\"amount\":1}}");
                expectedRefunds.merge(paymentId, 1, Integer::sum);
            }
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            for (int s = 0; s < SENDERS; s++) {
                senders.submit(() -> {
                    for (int n = next.getAndIncrement(); n < EVENTS && !stopSending.get(); n = next.getAndIncrement()) {
                        HubProcess target = n % 2 == 0 && killedAt == null ? a : b;
                        if (sendWebhook(target, target == a ? "a" : "b", events.get(n))) {
                            acknowledged.add(n);
                        }
                        pause(SEND_PAUSE);  // a steady flow through the whole run and the kill, not one burst
                    }
                });
            }

            // ---- payments while the platform is down, at once through both instances: 202 QUEUED, due together ----
            Map<String, String> queued = new ConcurrentHashMap<>();  // Idempotency-Key -> hub payment id
            ExecutorService merchants = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> creations = new ArrayList<>();
            for (int i = 0; i < QUEUED_PAYMENTS; i++) {
                int n = i;
                creations.add(merchants.submit(() -> {
                    String key = "two-" + runId + "-" + n;
                    JsonNode payment = createPayment(hubs[n % 2], n % 2 == 0 ? "a" : "b", key, n);
                    assertThat(payment).as("payment %s while the platform is down", key).isNotNull();
                    assertThat(payment.path("status").asText()).as("payment %s: %s", key, payment).isEqualTo("QUEUED");
                    queued.put(key, payment.path("id").asText());
                }));
            }
            merchants.shutdown();
            for (Future<?> creation : creations) {
                creation.get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
            }

            // ---- the platform is back: both background retries submit; one instance dies mid-way ----
            platform.removeStub(down);
            Instant platformBack = Instant.now();
            // mid-way: a quarter of the queued payments created at the platform, webhooks flowing
            await("the background retries under way and webhooks acknowledged").atMost(KILL_WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> a.requireAlive() && b.requireAlive()
                            && created(platform).size() >= QUEUED_PAYMENTS / 4 && acknowledged.size() >= EVENTS / 10);
            killedAt = Instant.now();
            a.kill();
            int sentAtKill = Math.min(next.get(), EVENTS);
            System.out.printf("[two-instances-it] instance a killed %d ms after the platform came back: %d create calls"
                            + " answered 201, %d of %d webhooks acknowledged, %d still to send%n",
                    Duration.between(platformBack, killedAt).toMillis(), created(platform).size(), acknowledged.size(), EVENTS,
                    EVENTS - sentAtKill);
            assertThat(sentAtKill).as("webhooks sent before the kill: they must flow through it").isLessThan(EVENTS);

            senders.shutdown();
            assertThat(senders.awaitTermination(EVENTS * (REQUEST_TIMEOUT.toMillis() / 1000) / SENDERS + 60, TimeUnit.SECONDS))
                    .as("first deliveries ended").isTrue();
            List<Integer> resend = new ArrayList<>();
            for (int n = 0; n < EVENTS; n++) {
                if (!acknowledged.contains(n)) {
                    resend.add(n);
                }
            }
            Set<Integer> firstAcknowledged = Set.copyOf(acknowledged);
            for (int n : resend) {  // the platform's retries, to the instance that is left
                for (int attempt = 1; attempt <= RESEND_ATTEMPTS && !acknowledged.contains(n); attempt++) {
                    if (sendWebhook(b, "b", events.get(n))) {
                        acknowledged.add(n);
                    } else {
                        pause(Duration.ofMillis(500L * attempt));
                    }
                }
            }
            System.out.printf("[two-instances-it] %d webhooks acknowledged on first delivery, %d resent to b%n",
                    firstAcknowledged.size(), resend.size());
            assertThat(acknowledged).as("webhooks acknowledged in the end").hasSize(EVENTS);

            // ---- everything settles on the survivor ----
            String unsettled = awaitSettled(stores, queued, expectedRefunds);
            b.stop();

            // ---- the promises ----
            assertThat(unsettled).as("state when the wait ended").isNull();
            assertWebhooksAppliedOnce(stores, expectedRefunds, paidIds);
            assertQueuedPaymentsMovedOn(stores, queued);
            assertNoKeyCreatedTwice(platform, queued.keySet());
            assertThat(badAnswers).as("answers of a live instance that were not JSON within %s (of %d)", ANSWER_BOUND,
                    answers.get()).isEmpty();
            passed = true;
        } finally {
            stopSending.set(true);
            senders.shutdownNow();
            a.kill();
            b.kill();
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
                System.out.println("[two-instances-it] FAILED: hub logs and data kept in " + runDir);
            }
        }
    }

    private HubProcess hub(String name, Path jar, Path runDir, Path projectDir, ChildHubStores stores, WireMockServer platform)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + HubProcess.freePort(),
                "--server.address=127.0.0.1",
                "--hub.routes-dir=" + projectDir.resolve("routes"),
                "--hub.log.format=plain",
                "--hub.webhooks.parked-sweep-interval=500"));
        args.addAll(stores.hubArguments());
        Map<String, String> environment = Map.ofEntries(
                Map.entry("HUB_API_KEYS", "two:" + API_KEY),
                Map.entry("HUB_PROVIDERS_BILLING_BASE_URL", "http://127.0.0.1:" + platform.port() + "/" + name),
                Map.entry("HUB_PROVIDERS_BILLING_TENANT_ID", "two-tenant"),
                Map.entry("HUB_PROVIDERS_BILLING_TENANT_SECRET", "ts-two-" + runId),
                Map.entry("HUB_PROVIDERS_BILLING_WEBHOOK_SECRETS", SECRET),
                Map.entry("HUB_PLATFORM_READ_TIMEOUT", "5000"),
                Map.entry("HUB_RETRY_MAX_ATTEMPTS", "2"),
                Map.entry("HUB_RETRY_INITIAL_DELAY", "100ms"),
                Map.entry("HUB_RETRY_QUEUE_DELAY", "3s"),
                Map.entry("HUB_RETRY_QUEUE_POLL_INTERVAL", "500"),
                // the outage opens each instance's circuit breaker; the payments are to flow again within a queue delay
                // of the platform's return (the kill comes then), not after the default open duration of 30 s
                Map.entry("HUB_CIRCUIT_BREAKER_OPEN_DURATION", "1s"));
        return new HubProcess(jar, runDir, name, args, environment);
    }

    /** @return true when the webhook was acknowledged (200 received) */
    private boolean sendWebhook(HubProcess hub, String name, String body) {
        SignedWebhook signed = signer.sign(body, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/webhooks/billing")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("webhook-id", signed.id())
                .header("webhook-timestamp", signed.timestamp())
                .header("webhook-signature", signed.signature())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        JsonNode answer = exchange(name, "webhook", request);
        return answer != null && answer.path("received").asBoolean();
    }

    private JsonNode createPayment(HubProcess hub, String name, String key, int n) {
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/api/payments")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"two-user-" + n + "\",\"orderId\":\"two-order-" + n
                        + "\",\"amount\":5000,\"currency\":\"EUR\",\"description\":\"Queued order " + n + "\"}")).build();
        return exchange(name, "payment " + key, request);
    }

    /**
     * One request; records a contract breach (not JSON, later than {@link #ANSWER_BOUND}, no answer from a live
     * instance). A request to the killed instance that fails from the kill on is not a breach.
     * @return the answer's JSON for a 2xx, else null
     */
    private JsonNode exchange(String name, String what, HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            answers.incrementAndGet();
            String type = answer.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            try {
                json = JSON.readTree(answer.body());
            } catch (IOException notJson) {
                // recorded below
            }
            if (!type.startsWith("application/json") || json == null || !json.isObject()) {
                badAnswers.add(name + " " + what + ": " + answer.statusCode() + " " + type + " " + answer.body());
            } else if (took.compareTo(ANSWER_BOUND) > 0) {
                badAnswers.add(name + " " + what + ": answered after " + took.toMillis() + " ms");
            } else if (answer.statusCode() >= 300 || answer.statusCode() < 200) {
                // a 503 is allowed (the platform retries a webhook), but it must be JSON: nothing to record
                return null;
            }
            return answer.statusCode() / 100 == 2 ? json : null;
        } catch (IOException e) {
            if (!("a".equals(name) && killedAt != null)) {
                badAnswers.add(name + " " + what + ": no answer: " + e);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Map<String, String> preparePaidPayments(ChildHubStores stores) throws SQLException {
        Map<String, String> ids = new HashMap<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection db = stores.connect();
             PreparedStatement insert = db.prepareStatement("INSERT INTO payments (id, provider, provider_payment_id, "
                     + "status, user_id, order_id, amount, currency, refunded_amount, created_at, updated_at) "
                     + "VALUES (?, 'billing', ?, 'SUCCEEDED', ?, ?, 1000000000, 'EUR', 0, ?, ?)")) {
            for (int i = 0; i < PAID_PAYMENTS; i++) {
                String id = UUID.randomUUID().toString();
                String providerPaymentId = "two-pay-" + runId + "-" + i;
                insert.setString(1, id);
                insert.setString(2, providerPaymentId);
                insert.setString(3, "two-paid-user");
                insert.setString(4, "two-paid-order-" + runId + "-" + i);
                insert.setTimestamp(5, now);
                insert.setTimestamp(6, now);
                insert.executeUpdate();
                ids.put(providerPaymentId, id);
            }
        }
        return ids;
    }

    /** @return null once every queued payment has its platform id and every refund is applied, else the state at the end */
    private String awaitSettled(ChildHubStores stores, Map<String, String> queued, Map<String, Integer> expectedRefunds) {
        Map<String, Object> state = new ConcurrentHashMap<>();
        try {
            await("the survivor settles everything").atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, String> statuses = statuses(stores, queued.keySet());
                long open = statuses.values().stream().filter(status -> !status.startsWith("PROVIDER_PENDING/pay_")).count();
                Map<String, Long> refunded = refunded(stores);
                long behind = expectedRefunds.entrySet().stream()
                        .filter(e -> refunded.getOrDefault(e.getKey(), 0L) < e.getValue()).count();
                state.put("queued payments not moved on", open);
                state.put("paid payments with refunds missing", behind);
                return open == 0 && behind == 0;
            });
            return null;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return new TreeMap<>(state).toString();
        }
    }

    private static Map<String, String> statuses(ChildHubStores stores, Set<String> keys) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (Connection db = stores.connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT idempotency_key, status, provider_payment_id FROM payments WHERE idempotency_key LIKE ?")) {
            query.setString(1, keys.iterator().next().replaceAll("-\\d+$", "") + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (keys.contains(rows.getString(1))) {
                        statuses.put(rows.getString(1), rows.getString(2) + "/" + rows.getString(3));
                    }
                }
            }
        }
        return statuses;
    }

    private Map<String, Long> refunded(ChildHubStores stores) throws SQLException {
        Map<String, Long> refunded = new HashMap<>();
        try (Connection db = stores.connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT provider_payment_id, refunded_amount FROM payments WHERE provider_payment_id LIKE ?")) {
            query.setString(1, "two-pay-" + runId + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    refunded.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return refunded;
    }

    private void assertWebhooksAppliedOnce(ChildHubStores stores, Map<String, Integer> expectedRefunds,
                                           Map<String, String> paidIds) throws SQLException {
        assertThat(refunded(stores)).as("refunded amount of each paid payment (lower: an event lost, higher: applied twice)")
                .isEqualTo(toLong(expectedRefunds));
        try (Connection db = stores.connect();
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id), COUNT(applied_at) "
                     + "FROM payment_events WHERE event_id LIKE 'two-evt-" + runId + "-%'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("payment_events rows").isEqualTo(EVENTS);
            assertThat(rows.getLong(2)).as("distinct events applied").isEqualTo(EVENTS);
            assertThat(rows.getLong(3)).as("payment_events applied").isEqualTo(EVENTS);
        }
        try (Connection db = stores.connect();
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT COUNT(DISTINCT event_id) FROM webhook_events "
                     + "WHERE event_id LIKE 'two-evt-" + runId + "-%'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("webhook_events: every acknowledged event recorded").isEqualTo(EVENTS);
        }
        assertThat(paidIds).hasSize(PAID_PAYMENTS);
    }

    private static void assertQueuedPaymentsMovedOn(ChildHubStores stores, Map<String, String> queued) throws SQLException {
        Map<String, String> expected = new HashMap<>();
        queued.keySet().forEach(key -> expected.put(key, "PROVIDER_PENDING/pay_" + key));
        assertThat(statuses(stores, queued.keySet())).as("status/platform id of every payment queued while the platform was down")
                .isEqualTo(expected);
    }

    /**
     * Per Idempotency-Key, the calls the platform answered 201 (it created or returned the payment): one, or two
     * when the killed instance had that key's call in flight at the kill (its answer died with the process).
     */
    private void assertNoKeyCreatedTwice(WireMockServer platform, Set<String> keys) {
        Map<String, List<String>> createdBy = new TreeMap<>();
        for (ServeEvent call : created(platform)) {
            createdBy.computeIfAbsent(call.getRequest().getHeader("Idempotency-Key"), key -> new ArrayList<>())
                    .add(call.getRequest().getUrl().substring(1, 2) + "@" + call.getRequest().getLoggedDate().toInstant());
        }
        // a call received this long before the kill may still have been waiting for its answer, or to be recorded
        Instant inFlightFrom = killedAt.minusMillis(CREATE_DELAY_MS + 1000L);
        Map<String, List<String>> twice = new TreeMap<>();
        Map<String, List<String>> explainedByTheKill = new TreeMap<>();
        createdBy.forEach((key, calls) -> {
            if (calls.size() < 2) {
                return;
            }
            // the killed instance's call was in flight at the kill, and the survivor took the payment over after it
            boolean inFlightAtTheKill = calls.size() == 2
                    && calls.stream().anyMatch(call -> call.startsWith("a@") && !receivedAt(call).isBefore(inFlightFrom)
                            && !receivedAt(call).isAfter(killedAt))
                    && calls.stream().anyMatch(call -> call.startsWith("b@") && receivedAt(call).isAfter(killedAt));
            (inFlightAtTheKill ? explainedByTheKill : twice).put(key, calls);
        });
        int totalCalls = platform.getAllServeEvents().stream()
                .filter(call -> call.getRequest().getUrl().matches("/[ab]/payments.*")).toList().size();
        System.out.printf("[two-instances-it] platform: %d create calls, %d keys answered 201, %d of them twice because of"
                + " the kill %s, %d twice otherwise%n", totalCalls, createdBy.size(), explainedByTheKill.size(),
                explainedByTheKill, twice.size());
        assertThat(createdBy.keySet()).as("keys created at the platform").isEqualTo(new HashSet<>(keys));
        assertThat(twice).as("keys created more than once at the platform (instance@received)").isEmpty();
    }

    private static Instant receivedAt(String call) {
        return Instant.parse(call.substring(2));
    }

    private static List<ServeEvent> created(WireMockServer platform) {
        return platform.getAllServeEvents().stream()
                .filter(call -> call.getRequest().getUrl().matches("/[ab]/payments") && call.getResponse() != null
                        && call.getResponse().getStatus() == 201)
                .toList();
    }

    private static Map<String, Long> toLong(Map<String, Integer> counts) {
        Map<String, Long> longs = new HashMap<>();
        counts.forEach((key, count) -> longs.put(key, count.longValue()));
        return longs;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
