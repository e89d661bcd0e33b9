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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.paymenthub.support.HubProcess;
import io.paymenthub.support.TopicRecorder;
import io.paymenthub.support.WebhookSigner;
import io.paymenthub.support.WebhookSigner.SignedWebhook;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Scaling out (docs-draft/scaling-out.md): two packaged hubs on one database schema and one broker, one billing platform
 * (WireMock in this JVM; each hub has a base path of its own, {@code /a} or {@code /b}, so every call shows who made it).
 * Payments queued while the platform is down wait for both background retries; then, with the platform back, signed
 * webhooks and new payments (some sent to both hubs at once with the same Idempotency-Key) are spread over both, and hub
 * {@code a} is killed with SIGKILL mid-load. A request to {@code a} that got no answer is sent again to {@code b} (what a
 * client does), a webhook {@code a} did not acknowledge too (what the platform does). Then:
 * <ul>
 *   <li>every acknowledged webhook event is applied exactly once (refunded amounts, payment_events);</li>
 *   <li>no Idempotency-Key is created twice at the platform: one call answered 201 per key, except one more by the
 *       survivor after the kill for a key whose call {@code a} had in flight (a client retrying gets the same payment);</li>
 *   <li>no job ran twice: every payment's status change is on {@code payments.events} once (one {@code payment.pending}
 *       per payment: no queued payment submitted twice; one {@code payment.partially_refunded} per refunded payment), except
 *       the one message the killed instance's outbox relay may have published without committing (sent again by the
 *       survivor, after the kill, same event id);</li>
 *   <li>both answers to one key sent to both hubs name the same payment.</li>
 * </ul>
 * Database and broker: {@link ChildHubStores} (PostgreSQL schema and broker queues of this run when
 * {@code HUB_IT_DATASOURCE_URL} and {@code HUB_IT_BROKER_URL} are set).
 */
class ScaledOutJobsIT {

    private static final int PAID_PAYMENTS = 8;
    private static final int EVENTS = 240;
    private static final int QUEUED_PAYMENTS = 10;
    private static final int NEW_PAYMENTS = 30;
    private static final int SENDERS = 6;
    private static final int MERCHANTS = 4;
    private static final Duration SEND_PAUSE = Duration.ofMillis(120);
    private static final Duration PAYMENT_PAUSE = Duration.ofMillis(250);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final int CREATE_DELAY_MS = 200;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String API_KEY = "scale-key-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final WebhookSigner signer = new WebhookSigner(SECRET);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** answers that break the contract: a live instance not answering, or answering what the test did not expect */
    private final ConcurrentLinkedQueue<String> badAnswers = new ConcurrentLinkedQueue<>();
    private volatile Instant killedAt;
    /** set just before the kill: its requests that get no answer from then on are not a breach */
    private volatile HubProcess killed;

    @Test
    void twoInstancesShareTheWorkAndNoJobDoesItTwiceWhenOneIsKilledMidLoad() throws Exception {
        Path projectDir = Path.of("").toAbsolutePath();
        Path jar = HubProcess.executableJar(projectDir.resolve("target"));
        Path runDir = Files.createDirectories(projectDir.resolve("target/scaled-out-it-" + runId));
        WireMockServer platform = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(40));
        platform.start();
        ChildHubStores stores = ChildHubStores.open(runId, runDir.resolve("data"), true);
        System.out.println("[scaled-out-it] run " + runId + " in " + runDir + ", " + stores.describe());
        HubProcess a = hub("a", jar, runDir, projectDir, stores, platform);
        HubProcess b = hub("b", jar, runDir, projectDir, stores, platform);
        Thread killOnExit = new Thread(() -> { a.kill(); b.kill(); }, "scaled-out-it-kill-hubs");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        ExecutorService merchants = Executors.newFixedThreadPool(MERCHANTS * 2);
        TopicRecorder topic = null;
        boolean passed = false;
        try {
            platform.stubFor(post(urlPathMatching("/[ab]/auth/login"))
                    .willReturn(okJson("{\"accessToken\":\"scale.jwt.token\",\"expiresIn\":86400}")));
            // the platform de-duplicates by key: the same key always answers the same payment
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
            topic = new TopicRecorder(new ActiveMQConnectionFactory(stores.brokerUrl()), "payments.events");
            // both start at once: the machine is small, and readiness of one must not wait for the other
            CompletableFuture<Void> startA = CompletableFuture.runAsync(() -> start(a));
            CompletableFuture<Void> startB = CompletableFuture.runAsync(() -> start(b));
            startA.get(HubProcess.READY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            startB.get(HubProcess.READY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);

            // ---- payments while the platform is down, through both: 202 QUEUED, due for both background retries ----
            Map<String, String> payments = new ConcurrentHashMap<>();  // Idempotency-Key -> hub payment id
            List<CompletableFuture<Void>> queuing = new ArrayList<>();
            for (int i = 0; i < QUEUED_PAYMENTS; i++) {
                int n = i;
                queuing.add(CompletableFuture.runAsync(() -> {
                    String key = "scale-queued-" + runId + "-" + n;
                    JsonNode payment = createPayment(n % 2 == 0 ? a : b, key, "q" + n);
                    assertThat(payment).as("payment %s while the platform is down", key).isNotNull();
                    assertThat(payment.path("status").asText()).as("payment %s: %s", key, payment).isEqualTo("QUEUED");
                    payments.put(key, payment.path("id").asText());
                }, merchants));
            }
            CompletableFuture.allOf(queuing.toArray(CompletableFuture[]::new))
                    .get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);

            // ---- the platform is back: webhooks and new payments through both, while both retries submit ----
            platform.removeStub(down);
            List<String> events = new ArrayList<>(EVENTS);
            Map<String, Integer> expectedRefunds = new HashMap<>();
            String createdAt = Instant.now().toString();
            for (int n = 0; n < EVENTS; n++) {
                String paymentId = "scale-pay-" + runId + "-" + (n % PAID_PAYMENTS);
                events.add("{\"eventId\":\"scale-evt-" + runId + "-" + n + "\",\"eventType\":\"refund.succeeded\",\"createdAt\":\""
                        + createdAt + "\",\"data\":{\"paymentId\":\"" + paymentId + "\",\"amount\":1}}");
                expectedRefunds.merge(paymentId, 1, Integer::sum);
            }
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger nextEvent = new AtomicInteger();
            for (int s = 0; s < SENDERS; s++) {
                senders.submit(() -> {
                    for (int n = nextEvent.getAndIncrement(); n < EVENTS; n = nextEvent.getAndIncrement()) {
                        HubProcess target = n % 2 == 0 && killedAt == null ? a : b;
                        if (sendWebhook(target, events.get(n))) {
                            acknowledged.add(n);
                        }
                        pause(SEND_PAUSE);
                    }
                });
            }
            Map<String, Set<String>> sameKeyAnswers = new ConcurrentHashMap<>();  // key sent to both -> the ids answered
            AtomicInteger nextPayment = new AtomicInteger();
            List<CompletableFuture<Void>> ordering = new ArrayList<>();
            for (int m = 0; m < MERCHANTS; m++) {
                ordering.add(CompletableFuture.runAsync(() -> {
                    for (int n = nextPayment.getAndIncrement(); n < NEW_PAYMENTS; n = nextPayment.getAndIncrement()) {
                        String key = "scale-new-" + runId + "-" + n;
                        int order = n;
                        if (n % 3 == 0) {
                            // the same key to both instances at once (a client that gave up on one and tried the other)
                            CompletableFuture<JsonNode> viaA = CompletableFuture.supplyAsync(
                                    () -> createPaymentUntilAnswered(a, b, key, "n" + order), merchants);
                            JsonNode viaB = createPaymentUntilAnswered(b, b, key, "n" + order);
                            JsonNode first = viaA.join();
                            sameKeyAnswers.put(key, new HashSet<>(List.of(first == null ? "none" : first.path("id").asText(),
                                    viaB == null ? "none" : viaB.path("id").asText())));
                            if (viaB != null) {
                                payments.put(key, viaB.path("id").asText());
                            }
                        } else {
                            JsonNode payment = createPaymentUntilAnswered(n % 2 == 0 ? a : b, b, key, "n" + order);
                            if (payment != null) {
                                payments.put(key, payment.path("id").asText());
                            }
                        }
                        pause(PAYMENT_PAUSE);
                    }
                }, merchants));
            }

            // ---- mid-load: some payments created at the platform, webhooks flowing; a dies ----
            await("the load under way through both instances").atMost(KILL_WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> a.requireAlive() && b.requireAlive()
                            && created(platform).size() >= (QUEUED_PAYMENTS + NEW_PAYMENTS) / 4
                            && acknowledged.size() >= EVENTS / 4);
            killed = a;
            killedAt = Instant.now();
            a.kill();
            int sentAtKill = Math.min(nextEvent.get(), EVENTS);
            System.out.printf("[scaled-out-it] a killed: %d create calls answered 201, %d of %d webhooks acknowledged,"
                    + " %d of %d new payments asked for%n", created(platform).size(), acknowledged.size(), EVENTS,
                    Math.min(nextPayment.get(), NEW_PAYMENTS), NEW_PAYMENTS);
            assertThat(sentAtKill).as("webhooks sent before the kill: they must flow through it").isLessThan(EVENTS);

            senders.shutdown();
            assertThat(senders.awaitTermination(EVENTS * REQUEST_TIMEOUT.toSeconds() / SENDERS + 60, TimeUnit.SECONDS))
                    .as("first deliveries ended").isTrue();
            CompletableFuture.allOf(ordering.toArray(CompletableFuture[]::new))
                    .get(NEW_PAYMENTS * REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            for (int n = 0; n < EVENTS; n++) {  // the platform's retries of what a did not acknowledge, to b
                for (int attempt = 1; attempt <= 5 && !acknowledged.contains(n); attempt++) {
                    if (sendWebhook(b, events.get(n))) {
                        acknowledged.add(n);
                    } else {
                        pause(Duration.ofMillis(500L * attempt));
                    }
                }
            }
            assertThat(acknowledged).as("webhooks acknowledged in the end").hasSize(EVENTS);
            assertThat(payments).as("payments answered in the end").hasSize(QUEUED_PAYMENTS + NEW_PAYMENTS);

            // ---- everything settles on the survivor, and its messages reach the topic ----
            String unsettled = awaitSettled(stores, payments.keySet(), expectedRefunds, topic, paidIds);
            b.stop();

            // ---- the promises ----
            assertThat(unsettled).as("state when the wait ended").isNull();
            assertThat(badAnswers).as("answers of a live instance that broke the contract").isEmpty();
            sameKeyAnswers.forEach((key, ids) -> assertThat(ids).as("payments answered for key %s sent to both", key)
                    .hasSize(1).doesNotContain("none"));
            assertWebhooksAppliedOnce(stores, expectedRefunds);
            assertNoKeyCreatedTwice(platform, payments.keySet());
            assertEveryChangePublishedOnce(topic, payments, paidIds);
            passed = true;
        } finally {
            senders.shutdownNow();
            merchants.shutdownNow();
            a.kill();
            b.kill();
            if (topic != null) {
                topic.close();
            }
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
                System.out.println("[scaled-out-it] FAILED: hub logs and data kept in " + runDir);
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
                "--hub.monitoring.instance=" + name,
                "--hub.webhooks.parked-sweep-interval=500"));
        args.addAll(stores.hubArguments());
        Map<String, String> environment = Map.ofEntries(
                Map.entry("HUB_API_KEYS", "scale:" + API_KEY),
                Map.entry("HUB_PROVIDERS_BILLING_BASE_URL", "http://127.0.0.1:" + platform.port() + "/" + name),
                Map.entry("HUB_PROVIDERS_BILLING_TENANT_ID", "scale-tenant"),
                Map.entry("HUB_PROVIDERS_BILLING_TENANT_SECRET", "ts-scale-" + runId),
                Map.entry("HUB_PROVIDERS_BILLING_WEBHOOK_SECRETS", SECRET),
                Map.entry("HUB_PLATFORM_READ_TIMEOUT", "5000"),
                Map.entry("HUB_RETRY_MAX_ATTEMPTS", "2"),
                Map.entry("HUB_RETRY_INITIAL_DELAY", "100ms"),
                Map.entry("HUB_RETRY_QUEUE_DELAY", "2s"),
                Map.entry("HUB_RETRY_QUEUE_POLL_INTERVAL", "500"),
                // a payment whose attempt died with a is taken over soon: its lease runs out, the sweep finds it
                Map.entry("HUB_RETRY_ATTEMPT_LEASE", "6s"),
                Map.entry("HUB_RETRY_ATTEMPT_LEASE_RENEWAL", "2s"),
                Map.entry("HUB_RETRY_INTERRUPTED_AFTER", "3s"),
                // the outage opens each instance's circuit breaker (merged after this test was written); the queued
                // payments are to flow within a queue delay of the platform's return, not after the default 30 s
                Map.entry("HUB_CIRCUIT_BREAKER_OPEN_DURATION", "1s"));
        return new HubProcess(jar, runDir, name, args, environment);
    }

    private static void start(HubProcess hub) {
        try {
            hub.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return true when the webhook was acknowledged (200 received) */
    private boolean sendWebhook(HubProcess hub, String body) {
        SignedWebhook signed = signer.sign(body, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/webhooks/billing")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("webhook-id", signed.id())
                .header("webhook-timestamp", signed.timestamp())
                .header("webhook-signature", signed.signature())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> answer = exchange(hub, "webhook", request);
        // a 503 is allowed (the platform retries it)
        return answer != null && answer.statusCode() == 200 && json(answer).path("received").asBoolean();
    }

    /** The payment, sent again to {@code survivor} when {@code hub} gave no answer (it was killed): what a client does. */
    private JsonNode createPaymentUntilAnswered(HubProcess hub, HubProcess survivor, String key, String order) {
        JsonNode payment = createPayment(hub, key, order);
        return payment != null || hub == survivor ? payment : createPayment(survivor, key, order);
    }

    /** @return the payment answered (2xx), or null when the instance gave no answer */
    private JsonNode createPayment(HubProcess hub, String key, String order) {
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/api/payments")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"scale-user\",\"orderId\":\"scale-order-" + runId + "-"
                        + order + "\",\"amount\":5000,\"currency\":\"EUR\",\"description\":\"Order " + order + "\"}")).build();
        HttpResponse<String> answer = exchange(hub, "payment " + key, request);
        if (answer == null) {
            return null;
        }
        if (answer.statusCode() / 100 != 2) {
            badAnswers.add(hub.port() + " payment " + key + ": " + answer.statusCode() + " " + answer.body());
            return null;
        }
        return json(answer);
    }

    /** @return the answer, or null when there was none (recorded as a breach unless the killed instance was asked) */
    private HttpResponse<String> exchange(HubProcess hub, String what, HttpRequest request) {
        try {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                badAnswers.add(hub.port() + " " + what + ": " + answer.statusCode() + " not JSON: " + answer.body());
            }
            return answer;
        } catch (IOException e) {
            // (the process may still look alive for a moment after SIGKILL: the kill decides, not isAlive)
            if (hub != killed) {
                badAnswers.add(hub.port() + " " + what + ": no answer from a live instance: " + e);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
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
                String providerPaymentId = "scale-pay-" + runId + "-" + i;
                insert.setString(1, id);
                insert.setString(2, providerPaymentId);
                insert.setString(3, "scale-paid-user");
                insert.setString(4, "scale-paid-order-" + runId + "-" + i);
                insert.setTimestamp(5, now);
                insert.setTimestamp(6, now);
                insert.executeUpdate();
                ids.put(providerPaymentId, id);
            }
        }
        return ids;
    }

    /**
     * @return null once every payment has its platform id, every refund is applied, the outbox and the webhook inbox are
     *         empty and the topic has each payment's pending (or partially refunded) event; else the state at the end
     */
    private String awaitSettled(ChildHubStores stores, Set<String> keys, Map<String, Integer> expectedRefunds,
                                TopicRecorder topic, Map<String, String> paidIds) {
        Map<String, Object> state = new ConcurrentHashMap<>();
        try {
            await("the survivor settles everything").atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, String> statuses = statuses(stores, keys);
                long open = keys.stream().filter(key -> !("PROVIDER_PENDING/pay_" + key).equals(statuses.get(key))).count();
                Map<String, Long> refunded = refunded(stores);
                long behind = expectedRefunds.entrySet().stream()
                        .filter(e -> refunded.getOrDefault(e.getKey(), 0L) < e.getValue()).count();
                long unpublished = count(stores, "SELECT COUNT(*) FROM outbox_messages");
                long unrelayed = count(stores, "SELECT COUNT(*) FROM webhook_inbox");
                Map<String, String> ids = ids(stores, keys);
                long notOnTopic = ids.values().stream().filter(id -> eventsOfType(topic, id, "payment.pending").isEmpty()).count()
                        + paidIds.values().stream().filter(id -> eventsOfType(topic, id, "payment.partially_refunded").isEmpty()).count();
                state.put("payments without their platform id", open);
                state.put("paid payments with refunds missing", behind);
                state.put("outbox rows", unpublished);
                state.put("inbox rows", unrelayed);
                state.put("payments whose change is not on the topic", notOnTopic);
                return open == 0 && behind == 0 && unpublished == 0 && unrelayed == 0 && notOnTopic == 0;
            });
            return null;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return new TreeMap<>(state).toString();
        }
    }

    private static List<JsonNode> eventsOfType(TopicRecorder topic, String paymentId, String type) {
        return topic.forPayment(paymentId).stream().filter(event -> type.equals(event.path("eventType").asText())).toList();
    }

    private static long count(ChildHubStores stores, String sql) throws SQLException {
        try (Connection db = stores.connect(); Statement query = db.createStatement(); ResultSet rows = query.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Map<String, String> statuses(ChildHubStores stores, Set<String> keys) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (Connection db = stores.connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT idempotency_key, status, provider_payment_id FROM payments WHERE idempotency_key LIKE ?")) {
            query.setString(1, "scale-%-" + runId + "-%");
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

    private Map<String, String> ids(ChildHubStores stores, Set<String> keys) throws SQLException {
        Map<String, String> ids = new HashMap<>();
        try (Connection db = stores.connect();
             PreparedStatement query = db.prepareStatement("SELECT idempotency_key, id FROM payments WHERE idempotency_key LIKE ?")) {
            query.setString(1, "scale-%-" + runId + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (keys.contains(rows.getString(1))) {
                        ids.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return ids;
    }

    private Map<String, Long> refunded(ChildHubStores stores) throws SQLException {
        Map<String, Long> refunded = new HashMap<>();
        try (Connection db = stores.connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT provider_payment_id, refunded_amount FROM payments WHERE provider_payment_id LIKE ?")) {
            query.setString(1, "scale-pay-" + runId + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    refunded.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return refunded;
    }

    private void assertWebhooksAppliedOnce(ChildHubStores stores, Map<String, Integer> expectedRefunds) throws SQLException {
        Map<String, Long> expected = new HashMap<>();
        expectedRefunds.forEach((key, total) -> expected.put(key, total.longValue()));
        assertThat(refunded(stores)).as("refunded amount of each paid payment (lower: an event lost, higher: applied twice)")
                .isEqualTo(expected);
        try (Connection db = stores.connect();
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id), COUNT(applied_at) "
                     + "FROM payment_events WHERE event_id LIKE 'scale-evt-" + runId + "-%'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("payment_events rows").isEqualTo(EVENTS);
            assertThat(rows.getLong(2)).as("distinct events applied").isEqualTo(EVENTS);
            assertThat(rows.getLong(3)).as("payment_events applied").isEqualTo(EVENTS);
        }
    }

    /**
     * Per Idempotency-Key, the calls the platform answered 201: one, or two when the killed instance had that key's call
     * in flight at the kill and the survivor made the other after it.
     */
    private void assertNoKeyCreatedTwice(WireMockServer platform, Set<String> keys) {
        Map<String, List<String>> createdBy = new TreeMap<>();
        for (ServeEvent call : created(platform)) {
            createdBy.computeIfAbsent(call.getRequest().getHeader("Idempotency-Key"), key -> new ArrayList<>())
                    .add(call.getRequest().getUrl().substring(1, 2) + "@" + call.getRequest().getLoggedDate().toInstant());
        }
        Instant inFlightFrom = killedAt.minusMillis(CREATE_DELAY_MS + 1000L);
        Map<String, List<String>> twice = new TreeMap<>();
        Map<String, List<String>> explainedByTheKill = new TreeMap<>();
        createdBy.forEach((key, calls) -> {
            if (calls.size() < 2) {
                return;
            }
            boolean inFlightAtTheKill = calls.size() == 2
                    && calls.stream().anyMatch(call -> call.startsWith("a@") && !receivedAt(call).isBefore(inFlightFrom)
                            && !receivedAt(call).isAfter(killedAt))
                    && calls.stream().anyMatch(call -> call.startsWith("b@") && receivedAt(call).isAfter(killedAt));
            (inFlightAtTheKill ? explainedByTheKill : twice).put(key, calls);
        });
        System.out.printf("[scaled-out-it] platform: %d keys answered 201, %d of them twice because of the kill %s%n",
                createdBy.size(), explainedByTheKill.size(), explainedByTheKill);
        assertThat(createdBy.keySet()).as("keys created at the platform").isEqualTo(new HashSet<>(keys));
        assertThat(twice).as("keys created more than once at the platform (instance@received)").isEmpty();
    }

    /**
     * Each status change of this run's payments on payments.events once: one payment.pending per payment (submitted
     * once), one payment.partially_refunded per refunded payment, no event id twice, except the one message the killed
     * instance's relay may have published without committing its delete (one copy sent before the kill, the survivor's
     * after it).
     */
    private void assertEveryChangePublishedOnce(TopicRecorder topic, Map<String, String> payments, Map<String, String> paidIds) {
        Set<String> ours = new HashSet<>(payments.values());
        ours.addAll(paidIds.values());
        Map<String, List<TopicRecorder.Received>> byEventId = new TreeMap<>();
        for (TopicRecorder.Received message : topic.all()) {
            if (message.body() != null && ours.contains(message.body().path("paymentId").asText())) {
                byEventId.computeIfAbsent(message.body().path("eventId").asText(), id -> new ArrayList<>()).add(message);
            }
        }
        long kill = killedAt.toEpochMilli();
        Map<String, String> repeated = new TreeMap<>();
        Map<String, String> explainedByTheKill = new TreeMap<>();
        byEventId.forEach((eventId, copies) -> {
            if (copies.size() < 2) {
                return;
            }
            String description = copies.stream().map(c -> c.body().path("eventType").asText() + "@" + Instant.ofEpochMilli(c.sentAt()))
                    .toList().toString();
            boolean straddlesTheKill = copies.size() == 2 && copies.get(0).body().equals(copies.get(1).body())
                    && copies.stream().anyMatch(c -> c.sentAt() <= kill) && copies.stream().anyMatch(c -> c.sentAt() > kill);
            (straddlesTheKill ? explainedByTheKill : repeated).put(eventId, description);
        });
        System.out.printf("[scaled-out-it] payments.events: %d changes, published again after the kill: %s%n",
                byEventId.size(), explainedByTheKill);
        assertThat(repeated).as("payments.events messages published twice (not explained by the kill)").isEmpty();
        assertThat(explainedByTheKill).as("one relay a process, one row at a time: at most one in flight at the kill")
                .hasSizeLessThanOrEqualTo(1);
        Map<String, Long> pending = new TreeMap<>();
        Map<String, Long> expectedPending = new TreeMap<>();
        payments.forEach((key, id) -> {
            pending.put(key, byEventId.values().stream().filter(copies -> id.equals(copies.get(0).body().path("paymentId").asText())
                    && "payment.pending".equals(copies.get(0).body().path("eventType").asText())).count());
            expectedPending.put(key, 1L);
        });
        assertThat(pending).as("distinct payment.pending changes per payment (2: submitted twice)").isEqualTo(expectedPending);
        Map<String, Long> refundedChanges = new TreeMap<>();
        Map<String, Long> expectedRefunded = new TreeMap<>();
        paidIds.values().forEach(id -> {
            refundedChanges.put(id, byEventId.values().stream().filter(copies -> id.equals(copies.get(0).body().path("paymentId").asText())
                    && "payment.partially_refunded".equals(copies.get(0).body().path("eventType").asText())).count());
            expectedRefunded.put(id, 1L);
        });
        assertThat(refundedChanges).as("distinct payment.partially_refunded changes per paid payment").isEqualTo(expectedRefunded);
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

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
