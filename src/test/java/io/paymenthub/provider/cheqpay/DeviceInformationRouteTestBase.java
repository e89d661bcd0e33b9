package io.paymenthub.provider.cheqpay;

import io.paymenthub.support.ApiContract;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.card;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.newOrderId;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.PaymentHubApplication;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.sandbox.cheqpay.CheqpayLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A Cheqpay card payment from 127.0.0.1 with a forged {@code X-Forwarded-For} and a body that names its own
 * {@code ipAddress}, and what the sandbox's Cheqpay received as {@code deviceInformation} (contract 5b).
 */
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
abstract class DeviceInformationRouteTestBase {

    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) DeviceInformationTest";
    static final String ACCEPT_LANGUAGE = "es-MX,es;q=0.9,en;q=0.8";

    @LocalServerPort
    int port;
    @Autowired
    SandboxCredentials credentials;
    @Autowired
    CheqpayLedger ledger;

    // every /api and /webhooks exchange is checked against the API document the hub ships
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final ObjectMapper json = new ObjectMapper();

    /** Pays from 127.0.0.1 and answers the deviceInformation Cheqpay received for the order. */
    JsonNode payAndReadWhatCheqpayReceived(String forwardedFor) throws Exception {
        String orderId = newOrderId();
        Map<String, Object> body = payment(orderId, 10_000, card(CheqpayPaymentRouteTest.VISA, "123"));
        body.put("deviceInformation", Map.of("ipAddress", "1.2.3.4", "httpBrowserScreenWidth", "1920",
                "httpBrowserJavaEnabled", true));
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/payments"))
                .timeout(Duration.ofSeconds(40))
                .header("Authorization", "Bearer " + credentials.apiKey())
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .header("User-Agent", USER_AGENT)
                .header("Accept-Language", ACCEPT_LANGUAGE)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
        JsonNode device = ledger.deviceInformation("order_" + orderId).orElseThrow();
        assertThat(device.path("userAgent").asText()).isEqualTo(USER_AGENT);
        assertThat(device.path("httpBrowserLanguage").asText()).isEqualTo(ACCEPT_LANGUAGE);
        assertThat(device.path("httpBrowserScreenWidth").asText()).isEqualTo("1920");
        assertThat(device.path("httpBrowserJavaScriptEnabled").asBoolean()).isTrue();
        return device;
    }
}
