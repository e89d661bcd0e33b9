package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.HubProcess;
import io.paymenthub.support.WebhookSigner;
import io.paymenthub.support.WebhookSigner.SignedWebhook;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.awaitility.core.ConditionTimeoutException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the webhook intake, end to end against the packaged hub in a process of its own:
 * thousands of signed refund events are posted concurrently, the hub is killed with SIGKILL while
 * requests are in flight, restarted on the same data, and every event without a 200 is sent again
 * (what the platform does). Every event must then be applied exactly once: each payment's refunded
 * amount equals its number of distinct one-unit refunds (a lost event makes it smaller, a doubled
 * one larger), and every acknowledged event is recorded.
 * <p>
 * Database and broker as in {@code HubTestEnvironment}: {@code HUB_IT_DATASOURCE_URL} (PostgreSQL, in
 * a fresh schema of this test) and {@code HUB_IT_BROKER_URL} (on a queue of this test) when set,
 * otherwise the zero-setup defaults in a data folder of this test (H2 file database and the embedded
 * KahaDB broker, which die with the process).
 */
class WebhookCrashRecoveryIT {

    private static final int PAYMENTS = 20;
    private static final int EVENTS = 3000;
    private static final int SENDERS = 16;
    /** the hub is killed once this many events have been acknowledged (40 %) */
    private static final int KILL_AFTER_ACKS = EVENTS * 2 / 5;
    private static final int ACKED_RESEND_SAMPLE = 100;
    private static final int RESEND_ATTEMPTS = 5;

    private static final String PROVIDER = "billing";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String API_KEY = "crash-key-123456";
    private static final String DEFAULT_QUEUE = "webhooks.events";
    private static final String H2_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookSigner signer = new WebhookSigner(SECRET);
    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Test
    void everyEventIsAppliedExactlyOnceWhenTheHubIsKilledWithRequestsInFlight() throws Exception {
        Path projectDir = Path.of("").toAbsolutePath();
        Path jar = HubProcess.executableJar(projectDir.resolve("target"));
        Path routesDir = projectDir.resolve("routes");
        assertThat(routesDir.resolve("webhooks/receiveWebhook.yaml")).as("the repository's routes folder").exists();
        Path runDir = Files.createDirectories(projectDir.resolve("target/crash-it-" + runId));
        Setup setup = Setup.choose(runId, runDir.resolve("data"));
        System.out.println("[crash-it] run " + runId + " in " + runDir + ", database " + setup.describeDatabase()
                + ", broker " + setup.describeBroker());

        List<String> events = new ArrayList<>(EVENTS);
        Map<String, Integer> expectedRefunds = new HashMap<>();
        String createdAt = Instant.now().toString();
        for (int n = 0; n < EVENTS; n++) {
            String paymentId = "crash-pay-" + (n % PAYMENTS);
            events.add("{\"eventId\":\"crash-evt-" + n + "\",\"eventType\":\"refund.succeeded\",\"createdAt\":\""
                    + createdAt + "\",\"data\":{\"paymentId\":\"" + paymentId + "\",\"amount\":1}}");
            expectedRefunds.merge(paymentId, 1, Integer::sum);
        }
        Map<String, String> hubIds = setup.preparePayments(); // provider payment id -> hub payment id

        HubProcess hub = new HubProcess(jar, runDir, setup.childArguments(HubProcess.freePort(), routesDir));
        Thread killOnExit = new Thread(hub::kill, "crash-it-kill-hub");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        AtomicBoolean killed = new AtomicBoolean();  // also stops the first senders when the test fails early
        boolean passed = false;
        try {
            hub.start();

            // ---- phase 1: concurrent first deliveries, SIGKILL in the middle ----
            AtomicReferenceArray<String> firstAnswers = new AtomicReferenceArray<>(EVENTS);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger acked = new AtomicInteger();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
            AtomicInteger failedAfterKill = new AtomicInteger();
            HttpClient client = newClient();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            for (int s = 0; s < SENDERS; s++) {
                senders.submit(() -> {
                    while (!killed.get()) {
                        int n = next.getAndIncrement();
                        if (n >= EVENTS) {
                            return;
                        }
                        inFlight.incrementAndGet();
                        try {
                            HttpResponse<String> answer = post(client, hub.port(), events.get(n));
                            if (answer.statusCode() == 200) {
                                firstAnswers.set(n, answer.body());
                                acked.incrementAndGet();
                            } else {
                                refused.incrementAndGet();
                                refusals.add("crash-evt-" + n + ": " + answer.statusCode() + " " + answer.body());
                            }
                        } catch (IOException e) {
                            if (killed.get()) {
                                failedAfterKill.incrementAndGet();
                            } else {
                                refused.incrementAndGet();
                                refusals.add("crash-evt-" + n + ": " + e);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }
                });
            }
            senders.shutdown();
            try {
                await("the first " + KILL_AFTER_ACKS + " acknowledgements").atMost(SEND_TIMEOUT).pollInterval(Duration.ofMillis(10))
                        .until(() -> hub.requireAlive() && (acked.get() >= KILL_AFTER_ACKS || senders.isTerminated()));
            } catch (ConditionTimeoutException e) {
                fail("Only " + acked.get() + " of the first " + KILL_AFTER_ACKS + " events were acknowledged within "
                        + SEND_TIMEOUT + "; not acknowledged: " + refusals.stream().limit(10).toList() + "\n" + hub.tail(), e);
            }
            int ackedAtKill = acked.get();
            int inFlightAtKill = inFlight.get();
            int startedAtKill = Math.min(next.get(), EVENTS);
            killed.set(true);  // from here on a failed request is the kill's doing, and no new one starts
            Instant killedAt = Instant.now();
            hub.kill();
            assertThat(ackedAtKill).as("events acknowledged before the kill (senders ended early?)")
                    .isGreaterThanOrEqualTo(KILL_AFTER_ACKS);
            assertThat(senders.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS))
                    .as("senders ended after the kill").isTrue();

            List<Integer> acknowledged = new ArrayList<>();
            List<Integer> unacknowledged = new ArrayList<>();
            for (int n = 0; n < EVENTS; n++) {
                String answer = firstAnswers.get(n);
                if (answer == null) {
                    unacknowledged.add(n);
                    continue;
                }
                acknowledged.add(n);
                JsonNode json = JSON.readTree(answer);
                assertThat(json.path("received").asBoolean()).as("first answer to event %d: %s", n, answer).isTrue();
                assertThat(json.has("duplicate")).as("first delivery of event %d answered as duplicate: %s", n, answer)
                        .isFalse();
            }
            System.out.printf("[crash-it] SIGKILL after %d acknowledged events: %d requests in flight (%d failed after the kill),"
                            + " %d refused before, %d never sent; %d acknowledged, %d to resend%n",
                    ackedAtKill, inFlightAtKill, failedAfterKill.get(), refused.get(), EVENTS - startedAtKill,
                    acknowledged.size(), unacknowledged.size());
            if (!refusals.isEmpty()) {
                System.out.println("[crash-it] not acknowledged before the kill (resent below): " + refusals);
            }

            // ---- phase 2: restart on the same data, the platform's retries ----
            hub.start();
            List<Integer> sample = new ArrayList<>(acknowledged);
            Collections.shuffle(sample, new Random(42));
            sample = sample.subList(0, Math.min(ACKED_RESEND_SAMPLE, sample.size()));
            List<Integer> resend = new ArrayList<>(unacknowledged);
            resend.addAll(sample);
            Map<Integer, String> retryAnswers = resendAll(hub, events, resend);

            int recordedBeforeKill = 0;
            for (int n : unacknowledged) {
                JsonNode json = JSON.readTree(retryAnswers.get(n));
                assertThat(json.path("received").asBoolean()).as("retry of event %d: %s", n, json).isTrue();
                if (json.path("duplicate").asBoolean()) {
                    recordedBeforeKill++;
                }
            }
            for (int n : sample) {
                JsonNode json = JSON.readTree(retryAnswers.get(n));
                assertThat(json.path("received").asBoolean() && json.path("duplicate").asBoolean())
                        .as("retry of the acknowledged event %d must be a duplicate: %s", n, json).isTrue();
            }
            System.out.printf("[crash-it] resent %d unacknowledged events (%d were already recorded before the kill,"
                    + " answered duplicate) and %d acknowledged ones (all duplicate)%n", unacknowledged.size(),
                    recordedBeforeKill, sample.size());

            // ---- every event applied ----
            String notApplied = awaitApplied(hub, hubIds, expectedRefunds);
            hub.stop();

            // ---- nothing given up on, exactly once, checked in the broker and the database ----
            List<String> deadLettered = setup.deadLetteredEvents();
            assertThat(deadLettered.size()).as("webhook events dead-lettered, so never applied, e.g. %s (%s)",
                    deadLettered.subList(0, Math.min(5, deadLettered.size())),
                    notApplied == null ? "all payments complete" : notApplied).isZero();
            if (notApplied != null) {
                fail(notApplied);
            }
            setup.assertDatabase(expectedRefunds, acknowledged);
            int appliedBeforeKill = setup.appliedBefore(killedAt);
            System.out.printf("[crash-it] at the kill %d events were applied, so %d acknowledged ones were still on the way"
                    + " to their payment; all %d applied exactly once%n", appliedBeforeKill, ackedAtKill - appliedBeforeKill, EVENTS);
            assertNoFailedProcessingLogged(runDir, setup.queue);
            passed = true;
        } finally {
            killed.set(true);
            hub.kill();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            setup.cleanUp(passed);
            if (!passed) {
                System.out.println("[crash-it] FAILED: hub logs and data kept in " + runDir);
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    private Map<Integer, String> resendAll(HubProcess hub, List<String> events, List<Integer> resend) throws Exception {
        HttpClient client = newClient();
        Map<Integer, String> answers = new ConcurrentHashMap<>();
        Map<Integer, String> failures = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < resend.size(); i = next.getAndIncrement()) {
                    int n = resend.get(i);
                    String failure = null;
                    for (int attempt = 1; attempt <= RESEND_ATTEMPTS; attempt++) {
                        try {
                            HttpResponse<String> answer = post(client, hub.port(), events.get(n));
                            if (answer.statusCode() == 200) {
                                answers.put(n, answer.body());
                                failure = null;
                                break;
                            }
                            failure = answer.statusCode() + " " + answer.body();
                        } catch (IOException e) {
                            failure = e.toString();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        sleep(Duration.ofMillis(500L * attempt));
                    }
                    if (failure != null) {
                        failures.put(n, failure);
                    }
                }
            });
        }
        senders.shutdown();
        boolean done = senders.awaitTermination(RESEND_ATTEMPTS * (REQUEST_TIMEOUT.toSeconds() + 5) + 120, TimeUnit.SECONDS);
        if (!done) {
            senders.shutdownNow();
        }
        assertThat(done).as("resending ended").isTrue();
        assertThat(failures).as("events the restarted hub did not answer 200 after %d attempts", RESEND_ATTEMPTS).isEmpty();
        assertThat(answers).hasSize(resend.size());
        return answers;
    }

    /** @return null when every payment shows all its events, else what was missing when the wait ended */
    private String awaitApplied(HubProcess hub, Map<String, String> hubIds, Map<String, Integer> expected) {
        HttpClient client = newClient();
        Map<String, String> progress = new ConcurrentHashMap<>();
        try {
            await("every event applied").atMost(APPLY_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                hub.requireAlive();
                boolean all = true;
                for (Map.Entry<String, String> payment : hubIds.entrySet()) {
                    HttpResponse<String> answer;
                    try {
                        answer = client.send(HttpRequest.newBuilder(hub.uri("/api/payments/" + payment.getValue()))
                                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + API_KEY).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        progress.put(payment.getKey(), e.toString());
                        return false;
                    }
                    assertThat(answer.statusCode()).as("GET payment %s: %s", payment.getKey(), answer.body()).isEqualTo(200);
                    JsonNode json = JSON.readTree(answer.body());
                    long refunded = json.path("refundedAmount").asLong();
                    int history = json.path("history").size();
                    progress.put(payment.getKey(), "refunded " + refunded + ", history " + history);
                    int want = expected.get(payment.getKey());
                    // more than expected cannot get better: stop waiting, the database assertions tell
                    all &= refunded >= want && history >= want;
                }
                return all;
            });
            return null;
        } catch (ConditionTimeoutException e) {
            return "Not every event was applied within " + APPLY_TIMEOUT + " (expected " + expected.values().iterator().next()
                    + " per payment): " + new TreeMap<>(progress);
        }
    }

    /**
     * Best effort: no log entry of the hubs about a webhook event that could not be handed off or
     * applied, or that went to a dead-letter queue. Entries of other routes (e.g. the timers that
     * meet a closed database during the graceful stop) are not this test's concern.
     */
    private static void assertNoFailedProcessingLogged(Path runDir, String queue) throws IOException {
        List<String> suspicious = new ArrayList<>();
        List<String> markers = List.of("applyWebhookEvent", "handOffWebhookEvent", "receiveWebhook", "sendToDeadLetter",
                "PaymentEventHandler", "DLQ.", "JmsConsumer[" + queue + "]");
        try (Stream<Path> logs = Files.list(runDir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().matches("hub-\\d+\\.log")).sorted().toList()) {
                // an entry is a line starting with the timestamp and the lines after it (message history, stack trace)
                List<String> entries = new ArrayList<>();
                StringBuilder entry = null;
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.matches("^\\d{4}-\\d{2}-\\d{2}T.*")) {
                        if (entry != null) {
                            entries.add(entry.toString());
                        }
                        entry = new StringBuilder(line);
                    } else if (entry != null) {
                        entry.append('\n').append(line);
                    }
                }
                if (entry != null) {
                    entries.add(entry.toString());
                }
                for (String logged : entries) {
                    String first = logged.lines().findFirst().orElse("");
                    boolean failure = first.contains(" ERROR ") || first.contains("sendToDeadLetter") || first.contains("DLQ.");
                    if (failure && markers.stream().anyMatch(logged::contains)) {
                        suspicious.add(log.getFileName() + ": " + first);
                    }
                }
            }
        }
        assertThat(suspicious).as("log entries about failed webhook processing").isEmpty();
    }

    private HttpResponse<String> post(HttpClient client, int port, String body) throws IOException, InterruptedException {
        SignedWebhook signed = signer.sign(body, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/" + PROVIDER))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("webhook-id", signed.id())
                .header("webhook-timestamp", signed.timestamp())
                .header("webhook-signature", signed.signature())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    // ------------------------------------------------------------------------------------------

    // ------------------------------------------------------------------------------------------

    /** Database and broker of the child hub, and the direct checks on them. */
    private static final class Setup {

        private final String runId;
        private final Path dataDir;
        private final String datasourceUrl;   // external base URL, or null for H2
        private final String brokerUrl;       // external broker, or null for the embedded one
        private final String schema;          // PostgreSQL schema of this test, or null
        private final String jdbcUrl;
        private final String user;
        private final String password;
        private final String queue;

        private Setup(String runId, Path dataDir, String datasourceUrl, String brokerUrl) {
            this.runId = runId;
            this.dataDir = dataDir;
            this.datasourceUrl = datasourceUrl;
            this.brokerUrl = brokerUrl;
            if (datasourceUrl != null) {
                this.schema = "hub_it_crash_" + runId;
                this.jdbcUrl = datasourceUrl.startsWith("jdbc:postgresql:")
                        ? datasourceUrl + (datasourceUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema
                        : datasourceUrl;
                this.user = envOr("HUB_IT_DATASOURCE_USERNAME", "postgres");
                this.password = envOr("HUB_IT_DATASOURCE_PASSWORD", "");
            } else {
                this.schema = null;
                // the file of application.yml's URL for this data folder; no compaction when this JVM closes it
                // (H2 2.3's compaction at close trips an internal assert under -ea, which failsafe switches on)
                this.jdbcUrl = "jdbc:h2:file:" + dataDir.resolve("hub") + H2_OPTIONS + ";MAX_COMPACT_TIME=0";
                this.user = "sa";
                this.password = "";
            }
            this.queue = brokerUrl != null ? DEFAULT_QUEUE + ".crash-" + runId : DEFAULT_QUEUE;
        }

        static Setup choose(String runId, Path dataDir) throws IOException {
            String datasourceUrl = System.getenv("HUB_IT_DATASOURCE_URL");
            String brokerUrl = System.getenv("HUB_IT_BROKER_URL");
            boolean required = "true".equalsIgnoreCase(System.getenv("HUB_IT_REQUIRE_EXTERNAL"));
            if (required && (isBlank(datasourceUrl) || isBlank(brokerUrl))) {
                throw new IllegalStateException("HUB_IT_REQUIRE_EXTERNAL is set but HUB_IT_DATASOURCE_URL or HUB_IT_BROKER_URL is not");
            }
            if (!isBlank(datasourceUrl) && !datasourceUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("WebhookCrashRecoveryIT supports PostgreSQL as external database, not " + datasourceUrl);
            }
            Files.createDirectories(dataDir);
            return new Setup(runId, dataDir, isBlank(datasourceUrl) ? null : datasourceUrl, isBlank(brokerUrl) ? null : brokerUrl);
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }

        String describeDatabase() {
            return schema == null ? "H2 file " + dataDir.resolve("hub") : datasourceUrl + " schema " + schema;
        }

        String describeBroker() {
            return brokerUrl == null ? "embedded KahaDB in " + dataDir.resolve("activemq") : brokerUrl + " queue " + queue;
        }

        List<String> childArguments(int port, Path routesDir) {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + port,
                    "--server.address=127.0.0.1",
                    "--hub.data-dir=" + dataDir,
                    "--hub.routes-dir=" + routesDir,
                    "--hub.sandbox.enabled=false",
                    "--hub.api-keys=crash:" + API_KEY,
                    "--hub.providers." + PROVIDER + ".webhook-secrets=" + SECRET,
                    "--hub.webhooks.parked-sweep-interval=500",
                    "--logging.level.root=WARN",
                    // plain lines whatever the environment says: the log check below reads them
                    "--hub.log.format=plain"));
            if (schema != null) {
                args.add("--spring.datasource.url=" + jdbcUrl);
                args.add("--spring.datasource.username=" + user);
                args.add("--spring.datasource.password=" + password);
                args.add("--spring.flyway.schemas=" + schema);
            }
            if (brokerUrl != null) {
                args.add("--spring.activemq.broker-url=" + brokerUrl);
                args.add("--hub.webhooks.queue=" + queue);
            }
            return args;
        }

        private Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }

        /** Migrates the (fresh) database and stores the payments; closes every connection. */
        Map<String, String> preparePayments() throws SQLException {
            Flyway.configure()
                    .dataSource(jdbcUrl, user, password)
                    .schemas(schema == null ? new String[0] : new String[] {schema})
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            Map<String, String> hubIds = new HashMap<>();
            Timestamp now = Timestamp.from(Instant.now());
            try (Connection db = connect();
                 PreparedStatement insert = db.prepareStatement("INSERT INTO payments (id, provider, provider_payment_id, "
                         + "status, user_id, order_id, amount, currency, refunded_amount, created_at, updated_at) "
                         + "VALUES (?, ?, ?, 'SUCCEEDED', ?, ?, 1000000000, 'EUR', 0, ?, ?)")) {
                for (int i = 0; i < PAYMENTS; i++) {
                    String id = UUID.randomUUID().toString();
                    String providerPaymentId = "crash-pay-" + i;
                    insert.setString(1, id);
                    insert.setString(2, PROVIDER);
                    insert.setString(3, providerPaymentId);
                    insert.setString(4, "crash-user");
                    insert.setString(5, "crash-order-" + i);
                    insert.setTimestamp(6, now);
                    insert.setTimestamp(7, now);
                    insert.executeUpdate();
                    hubIds.put(providerPaymentId, id);
                }
            }
            return hubIds;
        }

        void assertDatabase(Map<String, Integer> expectedRefunds, List<Integer> acknowledged) throws SQLException {
            try (Connection db = connect()) {
                Map<String, String> actual = new HashMap<>();
                Map<String, String> expected = new HashMap<>();
                expectedRefunds.forEach((payment, count) -> expected.put(payment, "PARTIALLY_REFUNDED/" + count));
                try (PreparedStatement query = db.prepareStatement("SELECT provider_payment_id, status, refunded_amount "
                        + "FROM payments WHERE provider = ? AND provider_payment_id LIKE 'crash-pay-%'")) {
                    query.setString(1, PROVIDER);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            actual.put(rows.getString(1), rows.getString(2) + "/" + rows.getLong(3));
                        }
                    }
                }
                assertThat(actual).as("status/refunded_amount of every payment (lower: an event lost, higher: applied twice)")
                        .isEqualTo(expected);

                try (Statement query = db.createStatement();
                     ResultSet rows = query.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id), COUNT(applied_at), "
                             + "SUM(CASE WHEN ignored THEN 1 ELSE 0 END), COUNT(payment_id) "
                             + "FROM payment_events WHERE event_id LIKE 'crash-evt-%'")) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("payment_events rows").isEqualTo(EVENTS);
                    assertThat(rows.getLong(2)).as("distinct events in payment_events").isEqualTo(EVENTS);
                    assertThat(rows.getLong(3)).as("payment_events with applied_at").isEqualTo(EVENTS);
                    assertThat(rows.getLong(4)).as("payment_events ignored").isZero();
                    assertThat(rows.getLong(5)).as("payment_events with a payment").isEqualTo(EVENTS);
                }

                // each payment's history: positions 1..n without gaps or doubles
                try (Statement query = db.createStatement();
                     ResultSet rows = query.executeQuery("SELECT p.provider_payment_id, COUNT(*), "
                             + "COUNT(DISTINCT e.history_position), MIN(e.history_position), MAX(e.history_position) "
                             + "FROM payment_events e JOIN payments p ON p.id = e.payment_id "
                             + "WHERE e.event_id LIKE 'crash-evt-%' GROUP BY p.provider_payment_id")) {
                    int payments = 0;
                    while (rows.next()) {
                        payments++;
                        String payment = rows.getString(1);
                        long count = rows.getLong(2);
                        assertThat(count).as("history of %s", payment).isEqualTo(expectedRefunds.get(payment).longValue());
                        assertThat(rows.getLong(3)).as("distinct history positions of %s", payment).isEqualTo(count);
                        assertThat(rows.getLong(4)).as("first history position of %s", payment).isEqualTo(1);
                        assertThat(rows.getLong(5)).as("last history position of %s", payment).isEqualTo(count);
                    }
                    assertThat(payments).as("payments with history").isEqualTo(PAYMENTS);
                }

                Set<String> recorded = new HashSet<>();
                try (PreparedStatement query = db.prepareStatement(
                        "SELECT event_id FROM webhook_events WHERE provider = ? AND event_id LIKE 'crash-evt-%'")) {
                    query.setString(1, PROVIDER);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            recorded.add(rows.getString(1));
                        }
                    }
                }
                List<String> acknowledgedNotRecorded = acknowledged.stream().map(n -> "crash-evt-" + n)
                        .filter(id -> !recorded.contains(id)).toList();
                assertThat(acknowledgedNotRecorded).as("events answered 200 before the kill but not in webhook_events").isEmpty();
                assertThat(recorded).as("webhook_events: every event was acknowledged in the end").hasSize(EVENTS);
            }
        }

        /** How many of the test's events were applied before the given instant (same machine, same clock). */
        int appliedBefore(Instant instant) throws SQLException {
            try (Connection db = connect();
                 PreparedStatement query = db.prepareStatement(
                         "SELECT COUNT(*) FROM payment_events WHERE event_id LIKE 'crash-evt-%' AND applied_at < ?")) {
                query.setTimestamp(1, Timestamp.from(instant));
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        }

        /**
         * With the hub stopped: the events in the dead-letter queues of the webhook queue, with the reason.
         * Copies still waiting on the webhook queue itself are only reported: once the database shows every
         * event applied, they can only be second copies.
         */
        List<String> deadLetteredEvents() throws Exception {
            if (brokerUrl != null) {
                return inspectQueues(new ActiveMQConnectionFactory(brokerUrl));
            }
            // the embedded broker's store, opened in this JVM now that the hub is gone
            String name = "crash-check-" + runId;
            BrokerService broker = new BrokerService();
            broker.setBrokerName(name);
            broker.setUseJmx(false);
            broker.setPersistent(true);
            broker.setUseShutdownHook(false);
            broker.setAdvisorySupport(false);
            broker.setDataDirectoryFile(dataDir.resolve("activemq").toFile());
            KahaDBPersistenceAdapter store = new KahaDBPersistenceAdapter();
            store.setDirectory(dataDir.resolve("activemq/kahadb").toFile());
            broker.setPersistenceAdapter(store);
            broker.start();
            try {
                broker.waitUntilStarted();
                return inspectQueues(new ActiveMQConnectionFactory("vm://" + name + "?create=false"));
            } finally {
                broker.stop();
                broker.waitUntilStopped();
            }
        }

        private List<String> inspectQueues(ActiveMQConnectionFactory factory) throws JMSException {
            ActiveMQConnection connection = (ActiveMQConnection) factory.createConnection();
            try {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                List<String> deadLettered = new ArrayList<>();
                for (Message message : browse(session, "DLQ." + queue)) {
                    deadLettered.add(describe(message));
                }
                for (Message message : browse(session, "ActiveMQ.DLQ")) {
                    if (message instanceof ActiveMQMessage amq && amq.getOriginalDestination() != null
                            && queue.equals(amq.getOriginalDestination().getPhysicalName())) {
                        deadLettered.add(describe(message));
                    }
                }
                List<Message> waiting = browse(session, queue);
                System.out.println("[crash-it] after the stop: " + waiting.size() + " messages still on " + queue
                        + ", " + deadLettered.size() + " dead-lettered");
                session.close();
                return deadLettered;
            } finally {
                connection.close();
            }
        }

        /** Removes this test's queues from the external broker (best effort). */
        private void removeExternalQueues() {
            if (brokerUrl == null) {
                return;
            }
            try {
                ActiveMQConnection connection = (ActiveMQConnection) new ActiveMQConnectionFactory(brokerUrl).createConnection();
                try {
                    for (String name : List.of(queue, "DLQ." + queue)) {
                        connection.destroyDestination(new ActiveMQQueue(name));
                    }
                } finally {
                    connection.close();
                }
            } catch (JMSException e) {
                System.out.println("[crash-it] could not remove the queues of " + queue + ": " + e);
            }
        }

        private static List<Message> browse(Session session, String name) throws JMSException {
            Queue destination = session.createQueue(name);
            List<Message> messages = new ArrayList<>();
            try (QueueBrowser browser = session.createBrowser(destination)) {
                var enumeration = browser.getEnumeration();
                while (enumeration.hasMoreElements() && messages.size() < 10_000) {
                    messages.add((Message) enumeration.nextElement());
                }
            }
            return messages;
        }

        private static String describe(Message message) throws JMSException {
            String reason = message.getStringProperty("hubFailureReason");
            if (reason == null) {
                reason = message.getStringProperty("dlqDeliveryFailureCause");  // given up on by the broker client
            }
            return message.getStringProperty("hubEventId") + " (" + reason + ")";
        }

        void cleanUp(boolean passed) {
            if (!passed) {
                return;
            }
            if (schema != null) {
                try (Connection db = DriverManager.getConnection(datasourceUrl, user, password);
                     Statement drop = db.createStatement()) {
                    drop.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                } catch (SQLException e) {
                    System.out.println("[crash-it] could not drop schema " + schema + ": " + e);
                }
            }
            removeExternalQueues();
            deleteRecursively(dataDir);
        }

        private static void deleteRecursively(Path dir) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.out.println("[crash-it] could not delete " + dir + ": " + e);
            }
        }
    }
}
