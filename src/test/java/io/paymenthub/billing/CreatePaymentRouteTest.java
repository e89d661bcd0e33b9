package io.paymenthub.billing;

import io.paymenthub.support.SharedPlatformRouteTestBase;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

/** POST /api/payments through createPayment and submitPayment against a stand-in platform. */
class CreatePaymentRouteTest extends SharedPlatformRouteTestBase {

    @Test
    void createsThePaymentAtThePlatformAndAnswers201() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));

        Response response = create(key, 5000, "EUR");

        assertThat(response.status()).isEqualTo(201);
        JsonNode payment = response.json();
        assertThat(payment.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(payment.path("statusMessage").asText()).isEqualTo("Processing your payment. This may take a few moments.");
        assertThat(payment.path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(payment.path("redirectUrl").asText()).isEqualTo("https://pay.example/pay_" + key);
        assertThat(payment.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
        // the client's API key never reaches the platform; the platform's token does
        assertThat(BillingPlatformStub.count(postRequestedFor(urlPathEqualTo("/payments"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing(HubClient.TEST_API_KEY))))
                .isZero();
    }

    @Test
    void replaysTheSamePaymentForTheSameKeyWithoutChargingAgain() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        Response first = create(key, 5000, "EUR");

        Response replay = create(key, 5000, "EUR");

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
    }

    @Test
    void refusesTheSameKeyWithADifferentAmountAsAConflict() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        create(key, 5000, "EUR");

        Response conflict = create(key, 6000, "EUR");

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().path("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
    }

    @Test
    void answers402FailedWithTheCodeWhenThePlatformDeclinesAndNeverRetries() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 402, "{\"code\":\"DECLINED\",\"message\":\"Card declined\"}");

        Response response = create(key, 5000, "EUR");

        assertThat(response.status()).isEqualTo(402);
        assertThat(response.json().path("status").asText()).isEqualTo("FAILED");
        assertThat(response.json().path("failureCode").asText()).isEqualTo("DECLINED");
        assertThat(response.json().path("statusMessage").asText()).contains("declined");
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
    }

    @Test
    void retriesA5xxWithTheSameIdempotencyKeyUntilItSucceeds() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments")).inScenario(key)
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(key))
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments")).inScenario(key)
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(key))
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))));

        Response response = create(key, 5000, "EUR");

        assertThat(response.status()).isEqualTo(201);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(2);
    }

    @Test
    void callsThePlatformExactlyMaxAttemptsTimesWhenItStaysDownThenQueues() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 503, "{\"code\":\"UNAVAILABLE\"}");

        Response response = create(key, 5000, "EUR");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(response.json().path("statusMessage").asText())
                .isEqualTo("Payment system temporarily unavailable. Your request has been queued.");
        // hub.retry.max-attempts (3), and no hidden retries of the HTTP client on top
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(3);
    }

    @Test
    void countsPlatformErrorsByEndpointAndStatus() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.createAnswers(key, 402, "{\"code\":\"DECLINED\"}");

        create(key, 5000, "EUR");

        assertThat(hub.get("/actuator/prometheus").body()).containsPattern(
                "billing_api_errors_total\\{[^}]*endpoint=\"POST /payments\"[^}]*status=\"402\"[^}]*} [1-9]");
    }

    @Test
    void retriesAConnectionThatBreaksThenQueuesAndCountsItAsNoResponse() {
        String key = "key-" + UUID.randomUUID();
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments"))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(key))
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

        Response response = create(key, 5000, "EUR");

        assertThat(response.status()).isEqualTo(202);
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(3);
        assertThat(hub.get("/actuator/prometheus").body()).containsPattern(
                "billing_api_errors_total\\{[^}]*endpoint=\"POST /payments\"[^}]*status=\"no_response\"[^}]*} [1-9]");
    }

    private Response create(String key, long amount, String currency) {
        String body = "{\"userId\":\"user-1\",\"orderId\":\"order-" + key + "\",\"amount\":" + amount + ",\"currency\":\""
                + currency + "\",\"description\":\"Order\"}";
        return hub.post("/api/payments", body, "Authorization", "Bearer " + HubClient.TEST_API_KEY,
                "Content-Type", "application/json", "Idempotency-Key", key);
    }
}
