package io.paymenthub.provider.cheqpay;

import io.paymenthub.support.ApiContract;
import io.paymenthub.support.SandboxTestEnvironment;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.card;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.customer;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.newOrderId;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.PaymentHubApplication;
import io.paymenthub.config.SandboxCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/customers/{externalId}/payment-methods} (contract section 3) against the sandbox's Cheqpay:
 * the cards saved with {@code persist: true}, shown with their {@code pm_} id, brand, BIN and last 4 only, and
 * paid with again by that id and a CVC.
 */
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class CheqpayPaymentMethodsRouteTest {

    static final String VISA = CheqpayPaymentRouteTest.VISA;
    static final String MASTERCARD = "5200000000002151";

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SandboxTestEnvironment.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    SandboxCredentials credentials;

    // every /api and /webhooks exchange is checked against the API document the hub ships
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCardSavedWithPersistIsListedWithItsTokenBrandBinAndLast4Only() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        assertThat(payPersisted(customer, VISA).statusCode()).isEqualTo(201);

        HttpResponse<String> listed = list(customer, true);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode methods = json.readTree(listed.body()).path("data");
        assertThat(methods).hasSize(1);
        JsonNode method = methods.get(0);
        assertThat(method.path("id").asText()).startsWith("pm_");
        assertThat(method.path("brand").asText()).isEqualTo("visa");
        assertThat(method.path("bin").asText()).isEqualTo("400000");
        assertThat(method.path("last4").asText()).isEqualTo("2503");
        assertThat(method.path("expiryMonth").asText()).isEqualTo("12");
        assertThat(method.path("expiryYear").asText()).isEqualTo("30");
        assertThat(method.path("createdAt").asText()).isNotBlank();
        assertThat(listed.body()).doesNotContain(VISA).doesNotContain("cvc");
        assertThat(listed.headers().firstValue("Authorization")).as("request headers are not echoed").isEmpty();
    }

    @Test
    void aSecondSavedCardMakesTwoAndAnUnsavedCardNone() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        assertThat(payPersisted(customer, VISA).statusCode()).isEqualTo(201);
        assertThat(payPersisted(customer, MASTERCARD).statusCode()).isEqualTo(201);
        Map<String, Object> notSaved = payment(newOrderId(), 10_000, card(VISA, "123"));
        notSaved.put("customer", customer(customer, "a@b.c"));
        assertThat(pay(notSaved).statusCode()).isEqualTo(201);

        JsonNode methods = json.readTree(list(customer, true).body()).path("data");

        assertThat(methods).hasSize(2);
        assertThat(methods.findValuesAsText("brand")).containsExactlyInAnyOrder("visa", "mastercard");
        assertThat(methods.findValuesAsText("last4")).containsExactlyInAnyOrder("2503", "2151");
    }

    @Test
    void aCustomerCheqpayDoesNotKnowHasNoSavedCards() throws Exception {
        HttpResponse<String> listed = list("nobody-" + UUID.randomUUID(), true);

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(json.readTree(listed.body()).path("data").isArray()).isTrue();
        assertThat(json.readTree(listed.body()).path("data")).isEmpty();
    }

    @Test
    void listingNeedsTheClientApiKey() throws Exception {
        HttpResponse<String> refused = list("cust-" + UUID.randomUUID(), false);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void aSavedCardPaysAgainByItsIdAndCvc() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        assertThat(payPersisted(customer, VISA).statusCode()).isEqualTo(201);
        String savedId = json.readTree(list(customer, true).body()).path("data").get(0).path("id").asText();

        Map<String, Object> again = payment(newOrderId(), 12_000,
                Map.of("type", "payment_method_id", "paymentMethodId", savedId, "cvc", "123"));
        again.put("customer", customer(customer, "a@b.c"));
        HttpResponse<String> paid = pay(again);

        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
        JsonNode payment = json.readTree(paid.body());
        assertThat(payment.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(payment.path("paymentMethod").path("last4").asText()).isEqualTo("2503");
    }

    // --- helpers

    private HttpResponse<String> payPersisted(String customer, String number) throws Exception {
        Map<String, Object> method = card(number, "123");
        method.put("persist", true);
        Map<String, Object> body = payment(newOrderId(), 10_000, method);
        body.put("customer", customer(customer, "a@b.c"));
        return pay(body);
    }

    private HttpResponse<String> pay(Map<String, Object> body) throws Exception {
        return http.send(request("/api/payments", true)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> list(String customer, boolean withKey) throws Exception {
        return http.send(request("/api/customers/" + customer + "/payment-methods", withKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, boolean withKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/json");
        if (withKey) {
            request.header("Authorization", "Bearer " + credentials.apiKey());
        }
        return request;
    }
}
