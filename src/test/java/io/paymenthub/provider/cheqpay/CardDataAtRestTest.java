package io.paymenthub.provider.cheqpay;

import io.paymenthub.support.ApiContract;
import io.paymenthub.support.SandboxTestEnvironment;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.card;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.newOrderId;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.PaymentHubApplication;
import io.paymenthub.config.SandboxCredentials;
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
 * PCI DSS 3.4.1 (seed 004: "never log, store, or display full card numbers"): after card payments through the API —
 * paid at once, with 3-D Secure, declined, saved and paid again by token, refunded — no file the hub wrote holds a
 * card number or a CVC field: not the H2 database file, not the embedded broker's KahaDB journal, nothing else under
 * the data folder. The embedded defaults on disk, as {@code ./mvnw spring-boot:run} runs them.
 */
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class CardDataAtRestTest {

    private static final String DATA_DIR = "./target/test-data/card-at-rest-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String VISA = "4000000000002503";
    private static final String MASTERCARD = "5200000000002151";
    private static final String THREE_DS = "4000000000003220";

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        // the zero-setup default: an H2 file and the embedded persistent broker, both under the data folder
        registry.add("hub.data-dir", () -> DATA_DIR);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DATA_DIR + "/hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
        registry.add("hub.embedded-broker.name", () -> "card-at-rest");
        SandboxTestEnvironment.sandbox(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    SandboxCredentials credentials;
    @Autowired
    JdbcTemplate jdbc;

    // every /api and /webhooks exchange is checked against the API document the hub ships
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void noFileOfTheHubHoldsACardNumberOrACvc() throws Exception {
        String paidOrder = newOrderId();
        String paid = post("/api/payments", payment(paidOrder, 10_000, card(VISA, "987"))).path("id").asText();
        post("/api/payments", payment(newOrderId(), 900051, card(MASTERCARD, "654")));
        String threeDs = post("/api/payments", payment(newOrderId(), 10_000, card(THREE_DS, "321"))).path("id").asText();
        post("/api/payments/" + threeDs + "/authentication", Map.of("collectionReferenceId", "s-1",
                "returnUrl", "https://shop.example/3ds", "deviceInformation", Map.of("httpBrowserScreenWidth", "1920")));
        post("/api/payments/" + threeDs + "/authentication/validate", Map.of("authenticationTransactionId", "tx-1"));
        Map<String, Object> saving = payment(newOrderId(), 10_000, card(MASTERCARD, "246"));
        ((Map<String, Object>) saving.get("paymentMethod")).put("persist", true);
        JsonNode saved = post("/api/payments", saving);
        String token = saved.path("paymentMethod").path("id").asText();
        post("/api/payments", payment(newOrderId(), 10_000, Map.of("type", "payment_method_id", "paymentMethodId", token,
                "cvc", "135")));
        post("/api/payments/" + paid + "/refunds", Map.of("amount", 1000));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM payment_events WHERE payment_id = ?", Integer.class, paid) >= 2);
        // everything written so far reaches the files
        jdbc.execute("CHECKPOINT SYNC");

        List<Path> files = files();
        assertThat(files).as("the H2 file and the broker's journal are there")
                .anyMatch(file -> file.toString().endsWith(".mv.db"))
                .anyMatch(file -> file.toString().contains("activemq") && file.toString().endsWith(".log"));
        String everything = read(files);
        assertThat(everything).as("the scan sees what the hub stored").contains(paidOrder);
        assertThat(everything).doesNotContain(VISA).doesNotContain(MASTERCARD).doesNotContain(THREE_DS)
                .doesNotContain("\"cvc\"").doesNotContain("cardDetails\":{\"number");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of(DATA_DIR))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** Each file's bytes as ISO-8859-1, so that every byte is one character and no text is lost or merged. */
    private static String read(List<Path> files) {
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            try {
                texts.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return String.join("\n", texts);
    }

    private JsonNode post(String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(40))
                .header("Authorization", "Bearer " + credentials.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isLessThan(500);
        return json.readTree(response.body());
    }
}
