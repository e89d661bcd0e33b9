package io.paymenthub.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.junit.jupiter.api.Test;

/**
 * Answers of the API document that the scenario tests do not provoke, provoked here against the stand-in platform.
 * Every call goes through HubClient, so each answer is also checked against the document (support/ApiContract):
 * its status must be documented for the operation and its code listed for that answer.
 */
class ApiErrorAnswersRouteTest extends SharedPlatformRouteTestBase {

    private static final String KEY = "Bearer " + HubClient.TEST_API_KEY;
    /** Over hub.api.max-body-size (256 KB). */
    private static final String TOO_LARGE = "{\"amount\":1,\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";

    @Test
    void verifyOfAPaymentThePlatformDoesNotKnowIs502PlatformError() {
        Accepted payment = acceptedPayment("verify-unknown");
        platform.stubFor(get(urlPathEqualTo("/payments/" + payment.providerPaymentId())).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"NOT_FOUND\"}")));

        Response response = hub.get("/api/payments/" + payment.id() + "?verify=true", "Authorization", KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("PLATFORM_ERROR");
    }

    @Test
    void aListThePlatformRefusesIs502PlatformError() {
        String userId = "user-refused-list-" + UUID.randomUUID();
        platform.stubFor(get(urlPathEqualTo("/payments")).withQueryParam("userId", equalTo(userId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"INVALID_REQUEST\"}")));

        Response response = hub.get("/api/payments?userId=" + userId, "Authorization", KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(502);
        assertThat(response.json().path("code").asText()).isEqualTo("PLATFORM_ERROR");
    }

    @Test
    void aCancelThePlatformCannotBeReachedForIs503Unavailable() {
        Accepted payment = acceptedPayment("cancel-down");
        platform.stubFor(post(urlPathEqualTo("/payments/" + payment.providerPaymentId() + "/cancel"))
                .willReturn(aResponse().withStatus(503)));

        Response response = hub.post("/api/payments/" + payment.id() + "/cancel", "", "Authorization", KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(statusInDatabase(payment.id())).isEqualTo("PROVIDER_PENDING");
    }

    @Test
    void bodiesOverTheApiLimitAre413OnEveryOperationThatTakesOne() {
        String id = acceptedPayment("too-large").id();

        for (String path : new String[] {"/api/payments/" + id + "/refunds", "/api/payments/" + id + "/cancel",
                "/api/payments/" + id + "/authentication", "/api/payments/" + id + "/authentication/validate"}) {
            Response response = hub.post(path, TOO_LARGE, "Authorization", KEY, "Content-Type", "application/json");

            assertThat(response.status()).as(path).isEqualTo(413);
            assertThat(response.json().path("code").asText()).as(path).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void aThreeDSecureStepOfAPaymentThatIsNotWaitingForItIs409BeforeItsBodyIsRead() {
        String id = acceptedPayment("not-authenticating").id();

        Response device = hub.post("/api/payments/" + id + "/authentication", "{}", "Authorization", KEY);
        Response challenge = hub.post("/api/payments/" + id + "/authentication/validate", "not json", "Authorization", KEY);

        assertThat(device.status()).as(device.body()).isEqualTo(409);
        assertThat(device.json().path("code").asText()).isEqualTo("NOT_AUTHENTICATING");
        assertThat(challenge.status()).as(challenge.body()).isEqualTo(409);
        assertThat(challenge.json().path("code").asText()).isEqualTo("NOT_AUTHENTICATING");
    }

    private record Accepted(String id, String providerPaymentId) { }

    @Test
    void aThreeDSecureStepNeedsAKeyAndAPaymentTheHubKnows() {
        String unknown = UUID.randomUUID().toString();

        for (String step : new String[] {"/authentication", "/authentication/validate"}) {
            Response withoutKey = hub.post("/api/payments/" + unknown + step, "{}", "Content-Type", "application/json");
            Response unknownPayment = hub.post("/api/payments/" + unknown + step, "{}", "Authorization", KEY);

            assertThat(withoutKey.status()).as(step).isEqualTo(401);
            assertThat(withoutKey.json().path("code").asText()).as(step).isEqualTo("UNAUTHORIZED");
            assertThat(unknownPayment.status()).as(step).isEqualTo(404);
            assertThat(unknownPayment.json().path("code").asText()).as(step).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void savedCardsOfAHubWithoutCheqpayAre400UnknownProvider() {
        Response response = hub.get("/api/customers/user-1/payment-methods", "Authorization", KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("UNKNOWN_PROVIDER");
    }

    /** A payment the platform accepted, PROVIDER_PENDING. */
    private Accepted acceptedPayment(String purpose) {
        String key = purpose + "-" + UUID.randomUUID();
        platform.stubFor(post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))));
        Response created = hub.post("/api/payments", "{\"userId\":\"user-1\",\"orderId\":\"order-" + key
                        + "\",\"amount\":5000,\"currency\":\"EUR\"}", "Authorization", KEY, "Content-Type", "application/json",
                "Idempotency-Key", key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Accepted(created.json().path("id").asText(), "pay_" + key);
    }
}
