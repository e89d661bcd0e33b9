package io.paymenthub.billing;

import io.paymenthub.support.SharedPlatformRouteTestBase;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.apiGet;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.createFor;
import static io.paymenthub.billing.PaymentFlows.creates;
import static io.paymenthub.billing.PaymentFlows.createsForOrder;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static io.paymenthub.billing.PaymentFlows.orderFor;
import static io.paymenthub.billing.PaymentFlows.paymentBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The merchant's side of POST /api/payments and GET /api/payments (contract section 3) against the platform's
 * behaviour (section 5): retries with one idempotency key, no retry of a refusal, one platform call for
 * concurrent requests with one key, every page of a user's payments, and input refused before anything is
 * stored or sent.
 */
class PaymentRequestRouteTest extends SharedPlatformRouteTestBase {

    // --- retries ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "platform answers {0} twice")
    @ValueSource(ints = {503, 500, 408, 429})
    void retriesAnUnavailablePlatformWithTheSameIdempotencyKeyUntilItAccepts(int unavailable) {
        String key = newKey("retry-" + unavailable);
        platform.stubFor(createFor(key).inScenario(key).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(unavailable)).willSetStateTo("second"));
        platform.stubFor(createFor(key).inScenario(key).whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(unavailable)).willSetStateTo("third"));
        platform.stubFor(createFor(key).inScenario(key).whenScenarioStateIs("third")
                .willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))));

        Response response = create(hub, key);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(response.json().path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(creates(platform, key)).isEqualTo(3);
        assertThat(createsForOrder(platform, orderFor(key))).as("every attempt carried the same key").isEqualTo(3);
        assertThat(paymentRowsForOrder(orderFor(key))).isEqualTo(1);
    }

    @ParameterizedTest(name = "platform answers {0} {1}")
    @CsvSource({"400, INVALID_REQUEST", "422, INVALID_CARD", "404, NOT_FOUND"})
    void neverRetriesARefusalAndAnswersFailed(int refusal, String code) {
        String key = newKey("refused-" + refusal);
        platform.stubFor(createFor(key).willReturn(json(refusal, "{\"code\":\"" + code + "\",\"message\":\"refused\"}")));

        Response response = create(hub, key);

        assertThat(response.status()).isEqualTo(402);
        assertThat(response.json().path("status").asText()).isEqualTo("FAILED");
        assertThat(response.json().path("failureCode").asText()).isEqualTo(code);
        assertThat(response.json().path("statusMessage").asText()).isNotBlank();
        assertThat(creates(platform, key)).isEqualTo(1);
        assertThat(statusInDatabase(response.json().path("id").asText())).isEqualTo("FAILED");
    }

    // --- concurrent requests with one key ------------------------------------------------------------------------

    @Test
    void concurrentRequestsWithOneKeyCreateOnePaymentAndCallThePlatformOnce() throws Exception {
        String key = newKey("concurrent");
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))
                .withFixedDelay(300)));
        int clients = 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Response> responses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = IntStream.range(0, clients).mapToObj(i -> pool.submit(() -> {
                start.await();
                return create(hub, key);
            })).toList();
            start.countDown();
            for (Future<Response> call : calls) {
                responses.add(call.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).extracting(Response::status).allMatch(status -> status < 500, "no 5xx");
        assertThat(responses).extracting(Response::status).filteredOn(status -> status == 201).hasSize(1);
        assertThat(responses).extracting(Response::status).filteredOn(status -> status == 200).hasSize(clients - 1);
        assertThat(responses).extracting(r -> r.json().path("id").asText()).containsOnly(responses.get(0).json().path("id").asText());
        assertThat(responses).extracting(r -> r.json().path("status").asText())
                .allMatch(status -> status.equals("CREATED") || status.equals("PROVIDER_PENDING"));
        assertThat(creates(platform, key)).isEqualTo(1);
        assertThat(paymentRowsForOrder(orderFor(key))).isEqualTo(1);
    }

    // --- every page of a user's payments ------------------------------------------------------------------------

    @Test
    void listsAllOfAUsersPaymentsPageByPageWithTheLargestPage() {
        String userId = "user-list-" + UUID.randomUUID();
        stubPage(userId, 0, 100);
        stubPage(userId, 100, 100);
        stubPage(userId, 200, 50);
        // one of them was created through the hub: the listing carries the hub's id for it
        String key = newKey("listed");
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment(platformId(userId, 7), "PENDING"))));
        String hubId = create(hub, key, userId, 5000, "EUR").json().path("id").asText();

        Response response = apiGet(hub, "/api/payments?userId=" + userId);

        assertThat(response.status()).isEqualTo(200);
        JsonNode listed = response.json();
        assertThat(listed.path("count").asInt()).isEqualTo(250);
        assertThat(listed.path("data")).hasSize(250);
        assertThat(listed.path("data").findValuesAsText("providerPaymentId"))
                .containsExactlyElementsOf(IntStream.range(0, 250).mapToObj(n -> platformId(userId, n)).toList());
        assertThat(listed.path("data").get(7).path("id").asText()).isEqualTo(hubId);
        assertThat(listed.path("data").get(8).path("id").isNull()).isTrue();
        assertThat(listCalls(userId)).isEqualTo(3);
        assertThat(platform.countRequestsMatching(getRequestedFor(urlPathEqualTo("/payments"))
                .withQueryParam("userId", equalTo(userId)).withQueryParam("limit", equalTo("100")).build()).getCount())
                .as("every page asked with limit=100").isEqualTo(3);
        for (int offset : new int[] {0, 100, 200}) {
            assertThat(platform.countRequestsMatching(getRequestedFor(urlPathEqualTo("/payments"))
                    .withQueryParam("userId", equalTo(userId)).withQueryParam("offset", equalTo(Integer.toString(offset)))
                    .build()).getCount()).as("page at offset %d", offset).isEqualTo(1);
        }
    }

    @Test
    void asksForOneMorePageWhenTheLastPageIsFull() {
        String userId = "user-list-full-" + UUID.randomUUID();
        stubPage(userId, 0, 100);
        stubPage(userId, 100, 0);

        Response response = apiGet(hub, "/api/payments?userId=" + userId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("count").asInt()).isEqualTo(100);
        assertThat(listCalls(userId)).isEqualTo(2);
    }

    // --- validation --------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            MALFORMED_JSON      | application/json                  | {"userId":"user-1","orderId":"%s","amount":
            MALFORMED_JSON      | application/x-www-form-urlencoded | userId=user-1&orderId=%s&amount=5000&currency=EUR
            MALFORMED_JSON      | text/plain                        | orderId %s, 5000 EUR
            MALFORMED_JSON      | application/json                  | ["%s"]
            MISSING_FIELD       | application/json                  | {"orderId":"%s","amount":5000,"currency":"EUR"}
            MISSING_FIELD       | application/json                  | {"userId":"user-1","orderId":"%s","currency":"EUR"}
            MISSING_FIELD       | application/json                  | {"userId":"user-1","orderId":"%s","amount":5000}
            MISSING_FIELD       | application/json                  | {"userId":" ","orderId":"%s","amount":5000,"currency":"EUR"}
            INVALID_CURRENCY    | application/json                  | {"userId":"user-1","orderId":"%s","amount":5000,"currency":"GBP"}
            AMOUNT_OUT_OF_RANGE | application/json                  | {"userId":"user-1","orderId":"%s","amount":99,"currency":"HUF"}
            AMOUNT_OUT_OF_RANGE | application/json                  | {"userId":"user-1","orderId":"%s","amount":49,"currency":"EUR"}
            AMOUNT_OUT_OF_RANGE | application/json                  | {"userId":"user-1","orderId":"%s","amount":100000001,"currency":"USD"}
            AMOUNT_OUT_OF_RANGE | application/json                  | {"userId":"user-1","orderId":"%s","amount":999,"currency":"MXN"}
            AMOUNT_OUT_OF_RANGE | application/json                  | {"userId":"user-1","orderId":"%s","amount":1000000001,"currency":"HUF"}
            AMOUNT_OUT_OF_RANGE | application/json                  | {"userId":"user-1","orderId":"%s","amount":-5000,"currency":"EUR"}
            AMOUNT_NOT_INTEGER  | application/json                  | {"userId":"user-1","orderId":"%s","amount":50.5,"currency":"EUR"}
            AMOUNT_NOT_INTEGER  | application/json                  | {"userId":"user-1","orderId":"%s","amount":"5000","currency":"EUR"}
            """)
    void refusesAnInvalidRequestWithItsCodeBeforeStoringOrSendingAnything(String code, String contentType, String template) {
        String orderId = "order-invalid-" + UUID.randomUUID();
        String key = "key-" + orderId;

        Response response = hub.post("/api/payments", template.formatted(orderId), "Authorization",
                "Bearer " + HubClient.TEST_API_KEY, "Content-Type", contentType, "Idempotency-Key", key);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("error").asText()).isNotBlank();
        assertNothingStoredOrSent(orderId, key);
    }

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({"100, HUF", "1000000000, HUF", "50, EUR", "100000000, EUR", "50, USD", "100000000, USD",
            "1000, MXN", "100000000, MXN"})
    void acceptsTheAmountsAtTheEdgesOfEachCurrencysLimits(long amount, String currency) {
        String key = newKey("limit-" + currency + "-" + amount);
        acceptCreate(platform, key);

        Response response = create(hub, key, "user-1", amount, currency);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("amount").asLong()).isEqualTo(amount);
        assertThat(response.json().path("currency").asText()).isEqualTo(currency);
        assertThat(creates(platform, key)).isEqualTo(1);
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(strings = {"", "Bearer not-a-key", "Basic dGVzdDp0ZXN0"})
    void refusesAPaymentWithoutAValidApiKey(String authorization) {
        String orderId = "order-noauth-" + UUID.randomUUID();
        String key = "key-" + orderId;
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json", "Idempotency-Key", key));
        if (!authorization.isEmpty()) {
            headers.addAll(List.of("Authorization", authorization));
        }

        Response response = hub.post("/api/payments", paymentBody("user-1", orderId, 5000, "EUR"), headers.toArray(String[]::new));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertNothingStoredOrSent(orderId, key);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void assertNothingStoredOrSent(String orderId, String key) {
        assertThat(paymentRowsForOrder(orderId)).as("payments rows for %s", orderId).isZero();
        assertThat(creates(platform, key)).as("platform calls with the key").isZero();
        assertThat(platform.countRequestsMatching(postRequestedFor(urlPathEqualTo("/payments"))
                .withRequestBody(containing(orderId)).build()).getCount()).as("platform calls for the order").isZero();
    }

    private static String platformId(String userId, int n) {
        return "pay_" + userId + "_" + n;
    }

    private void stubPage(String userId, int offset, int size) {
        StringBuilder data = new StringBuilder();
        for (int n = offset; n < offset + size; n++) {
            if (data.length() > 0) {
                data.append(',');
            }
            data.append("{\"id\":\"").append(platformId(userId, n)).append("\",\"status\":\"SUCCEEDED\",\"amount\":5000,")
                    .append("\"currency\":\"EUR\",\"userId\":\"").append(userId).append("\",\"orderId\":\"order-").append(n)
                    .append("\",\"createdAt\":\"2026-11-20T10:00:00Z\"}");
        }
        platform.stubFor(get(urlPathEqualTo("/payments")).withQueryParam("userId", equalTo(userId))
                .withQueryParam("limit", equalTo("100")).withQueryParam("offset", equalTo(Integer.toString(offset)))
                .willReturn(json(200, "{\"data\":[" + data + "]}")));
    }

    private int listCalls(String userId) {
        return platform.countRequestsMatching(getRequestedFor(urlPathEqualTo("/payments"))
                .withQueryParam("userId", equalTo(userId)).build()).getCount();
    }
}
