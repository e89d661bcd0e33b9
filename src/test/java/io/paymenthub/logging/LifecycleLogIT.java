package io.paymenthub.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.HubProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged hub on its embedded defaults (the sandbox platforms deliver real signed webhooks) with
 * {@code hub.log.format=json}, as in production: every line of its console is one JSON object; the lifecycle lines of
 * seeds 000 and 004 are there with their fields; one payment's flows carry their correlation ids from the HTTP request
 * through the routes, the queues and the webhook inbox; and no secret, API key or card number is in the log.
 */
class LifecycleLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    static Path runDir;
    static HubProcess hub;
    static Properties sandbox = new Properties();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path projectDir = Path.of("").toAbsolutePath();
        runDir = Files.createDirectories(projectDir.resolve("target/lifecycle-log-it-" + UUID.randomUUID()));
        hub = new HubProcess(HubProcess.executableJar(projectDir.resolve("target")), runDir, List.of(
                "--server.port=" + HubProcess.freePort(), "--server.address=127.0.0.1",
                "--hub.routes-dir=" + projectDir.resolve("routes"), "--hub.log.format=json",
                "--hub.sandbox.webhook-delay=200ms"));
        hub.start();
        try (var in = Files.newInputStream(runDir.resolve("data/sandbox-credentials.properties"))) {
            sandbox.load(in);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.stop();
        }
    }

    @Test
    void theLifecycleOfAPaymentIsLoggedAsJsonWithItsFieldsAndCorrelationIdsAndNoSecret() throws Exception {
        String key = sandbox.getProperty("api-key");
        JsonNode created = call("POST", "/api/payments", "{\"userId\":\"user-log\",\"orderId\":\"order-log-1\",\"amount\":5000,"
                + "\"currency\":\"EUR\",\"description\":\"Order log 1\"}", "checkout-7", key);
        String id = created.path("id").asText();
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(call("GET", "/api/payments/" + id, null, null, key).path("status").asText()));
        call("POST", "/api/payments/" + id + "/refunds", "{\"amount\":1000}", "refund-3", key);
        await().atMost(WAIT).until(() -> "PARTIALLY_REFUNDED".equals(
                call("GET", "/api/payments/" + id, null, null, key).path("status").asText()));
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(hub.uri("/webhooks/billing"))
                .header("webhook-id", "msg_forged").header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                .header("webhook-signature", "v1,Zm9yZ2Vk").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        JsonNode card = call("POST", "/api/payments", "{\"userId\":\"user-log\",\"orderId\":\"order-log-2\",\"amount\":25000,"
                + "\"currency\":\"MXN\",\"provider\":\"cheqpay\",\"customer\":{\"externalId\":\"user-log\",\"email\":\"a@b.c\","
                + "\"firstName\":\"Ana\",\"lastName\":\"Ruiz\"},\"paymentMethod\":{\"type\":\"card\",\"cardDetails\":{"
                + "\"number\":\"4000000000002503\",\"expiryMonth\":\"12\",\"expiryYear\":\"30\",\"cvc\":\"123\"}},"
                + "\"billingAddress\":{\"address\":\"Av. Reforma 1\",\"city\":\"CDMX\",\"state\":\"CDMX\",\"postalCode\":\"01000\","
                + "\"country\":\"MX\"}}", "card-1", key);
        assertThat(card.path("status").asText()).as(card.toString()).isEqualTo("SUCCEEDED");

        await().atMost(WAIT).until(() -> !withEvent(lines(), "refund.completed").isEmpty());
        List<JsonNode> lines = lines();

        JsonNode paymentCreated = one(lines, "payment.created", id);
        assertThat(paymentCreated.path("correlationId").asText()).isEqualTo("checkout-7");
        assertThat(paymentCreated.path("userId").asText()).isEqualTo("user-log");
        assertThat(paymentCreated.path("amount").asLong()).isEqualTo(5000);
        assertThat(paymentCreated.path("currency").asText()).isEqualTo("EUR");
        assertThat(paymentCreated.path("idempotencyKey").asText()).isNotBlank();
        assertThat(paymentCreated.path("level").asText()).isEqualTo("INFO");
        // every line of the create request's flow carries its id
        assertThat(lines.stream().filter(line -> "checkout-7".equals(line.path("correlationId").asText())).count())
                .isGreaterThanOrEqualTo(2);

        JsonNode completed = one(lines, "payment.completed", id);
        String webhookFlow = completed.path("correlationId").asText();
        assertThat(webhookFlow).as("the platform's webhook's own flow").isNotBlank().isNotEqualTo("checkout-7");
        assertThat(withEvent(lines, "webhook.received").stream()
                .filter(line -> webhookFlow.equals(line.path("correlationId").asText()))).as("received under the same id").hasSize(1);
        assertThat(one(lines, "order.fulfilled", id).path("orderId").asText()).isEqualTo("order-log-1");

        JsonNode refundInitiated = one(lines, "refund.initiated", id);
        assertThat(refundInitiated.path("correlationId").asText()).as("through refunds.requests").isEqualTo("refund-3");
        assertThat(refundInitiated.path("amount").asLong()).isEqualTo(1000);
        assertThat(one(lines, "refund.completed", id).path("amount").asLong()).isEqualTo(1000);

        JsonNode rejected = withEvent(lines, "webhook.rejected").get(0);
        assertThat(rejected.path("reason").asText()).isNotBlank();
        assertThat(rejected.path("source").asText()).isEqualTo("127.0.0.1");
        assertThat(rejected.path("level").asText()).isEqualTo("WARN");

        String log = Files.readString(hub.logFile(), StandardCharsets.UTF_8);
        for (String secret : List.of("api-key", "tenant-secret", "webhook-secret", "cheqpay-api-key", "cheqpay-webhook-secret")) {
            String value = sandbox.getProperty(secret);
            if (value != null && !value.isBlank()) {
                assertThat(log).as(secret).doesNotContain(value);
            }
        }
        assertThat(log).doesNotContain("4000000000002503").doesNotContain("\"cvc\"");
    }

    private JsonNode call(String method, String path, String body, String correlationId, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return JSON.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Every line of the console, each of which must be one JSON object. */
    private static List<JsonNode> lines() throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(hub.logFile(), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode json = JSON.readTree(line);
            assertThat(json.isObject()).as(line).isTrue();
            parsed.add(json);
        }
        return parsed;
    }

    private static List<JsonNode> withEvent(List<JsonNode> lines, String event) {
        return lines.stream().filter(line -> event.equals(line.path("event").asText())).toList();
    }

    private static JsonNode one(List<JsonNode> lines, String event, String paymentId) {
        List<JsonNode> found = withEvent(lines, event).stream()
                .filter(line -> paymentId.equals(line.path("paymentId").asText())).toList();
        assertThat(found).as(event + " of " + paymentId).hasSize(1);
        return found.get(0);
    }
}
