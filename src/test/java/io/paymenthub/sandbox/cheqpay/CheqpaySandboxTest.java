package io.paymenthub.sandbox.cheqpay;

import io.paymenthub.support.JsonHttp;
import io.paymenthub.support.JsonHttp.Answer;
import io.paymenthub.support.SandboxTestEnvironment;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paymenthub.PaymentHubApplication;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.support.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sandbox Cheqpay over HTTP inside a whole hub, called as the hub will call it. Its webhooks go to a
 * WireMock receiver ({@code hub.sandbox.cheqpay-webhook-url}), which shows what was sent and lets the test
 * check the signature with its own HMAC.
 */
// the sandbox's own lines at their most talkative, for the check that none holds card data (set here, not
// below: logging is configured before dynamic properties exist)
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.io.paymenthub.sandbox=DEBUG")
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class CheqpaySandboxTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BASE = "/sandbox/cheqpay";
    private static final String ORDERS = BASE + "/pos/v2/payment-orders";
    private static final String VISA = "4000000000002503";
    private static final String MASTERCARD = "5200000000002151";
    private static final String THREE_DS = "4000000000003220";

    private static final WireMockServer RECEIVER = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    static {
        RECEIVER.start();
        RECEIVER.stubFor(post(urlEqualTo("/webhooks/cheqpay")).willReturn(okJson("{\"received\":true}")));
    }

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SandboxTestEnvironment.register(registry);
        registry.add("hub.sandbox.slow-delay", () -> "1500ms");
        registry.add("hub.sandbox.cheqpay-webhook-url", () -> "http://127.0.0.1:" + RECEIVER.port() + "/webhooks/cheqpay");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    SandboxCredentials credentials;
    @Autowired
    CheqpayLedger ledger;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({VISA + ",visa", MASTERCARD + ",mastercard", "4111111111111111,visa", "378282246310005,amex"})
    void aGoodCardCompletesAtOnceAndTheCaptureIsAnnouncedSigned(String number, String brand) throws Exception {
        String externalId = newExternalId();

        Answer created = create(order(externalId, 10_000, "Order 9", card(number, false)));

        assertThat(created.status()).isEqualTo(201);
        JsonNode order = created.body();
        assertThat(order.path("id").asText()).isNotBlank();
        assertThat(order.path("externalId").asText()).isEqualTo(externalId);
        assertThat(order.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(order.path("amount").asLong()).isEqualTo(10_000);
        assertThat(order.path("currency").asText()).isEqualTo("MXN");
        assertThat(order.path("description").asText()).isEqualTo("Order 9");
        assertThat(order.path("customer").path("id").asText()).startsWith("cus_");
        assertThat(order.path("customer").path("externalId").asText()).isEqualTo("user-" + externalId);
        assertThat(order.path("paymentMethod").path("type").asText()).isEqualTo("card");
        assertThat(order.path("paymentMethod").path("id").isNull()).as("not saved").isTrue();
        JsonNode details = order.path("paymentMethod").path("cardDetails");
        assertThat(details.path("bin").asText()).isEqualTo(number.substring(0, 6));
        assertThat(details.path("last4").asText()).isEqualTo(number.substring(number.length() - 4));
        assertThat(details.path("brand").asText()).isEqualTo(brand);
        assertThat(details.path("expiryMonth").asText()).isEqualTo("12");
        assertThat(details.path("expiryYear").asText()).isEqualTo("30");
        assertThat(order.has("payerAuthentication")).isFalse();
        assertThat(order.path("refundedAmount").asLong()).isZero();
        assertThat(order.path("createdAt").asText()).isNotBlank();
        assertThat(created.raw()).doesNotContain(number).doesNotContain("\"cvc\"");

        Webhook webhook = awaitWebhooks(externalId, 1).get(0);
        assertThat(webhook.signature()).as("lower-case hex HMAC-SHA256 of the raw body")
                .isEqualTo(hmacHex(credentials.cheqpayWebhookSecret(), webhook.rawBody()));
        assertThat(UUID.fromString(webhook.body().path("id").asText())).isNotNull();
        assertThat(webhook.body().path("event").asText()).isEqualTo("payment.capture.success");
        JsonNode paymentOrder = webhook.body().path("data").path("paymentOrder");
        assertThat(paymentOrder.path("id").asText()).isEqualTo(order.path("id").asText());
        assertThat(paymentOrder.path("externalId").asText()).isEqualTo(externalId);
        assertThat(paymentOrder.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(paymentOrder.path("amount").asLong()).isEqualTo(10_000);
        assertThat(paymentOrder.path("currency").asText()).isEqualTo("MXN");
        assertThat(paymentOrder.path("refundedAmount").asLong()).isZero();
        assertThat(webhook.rawBody()).doesNotContain(number);
    }

    @ParameterizedTest
    @CsvSource({"900051,INSUFFICIENT_FUNDS,insufficient_funds", "900054,EXPIRED_CARD,expired_card",
            "900014,INVALID_CARD,invalid_card", "900005,DECLINED,declined", "900099,DECLINED,declined"})
    void declineAmountsAreRefusedAndTheOrderIsKeptAsFailed(long amount, String code, String reason) throws Exception {
        String externalId = newExternalId();

        Answer declined = create(order(externalId, amount, "Order", card(VISA, true)));

        assertThat(declined.status()).isEqualTo(422);
        assertThat(declined.body().path("code").asText()).isEqualTo(code);
        assertThat(declined.body().path("error").path("code").asText()).isEqualTo(code);
        assertThat(declined.body().path("error").path("message").asText()).isNotBlank();
        assertThat(declined.body().path("error").path("declineReason").asText()).isEqualTo(reason);
        assertThat(declined.raw()).doesNotContain(VISA);
        Answer kept = cheqpay("GET", ORDERS + "/" + externalId, null);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.body().path("status").asText()).isEqualTo("FAILED");
        assertThat(kept.body().path("paymentMethod").path("id").isNull()).as("a declined card is not saved").isTrue();
        assertThat(customer("user-" + externalId).body().path("paymentMethods")).isEmpty();
        Webhook webhook = awaitWebhooks(externalId, 1).get(0);
        assertThat(webhook.body().path("event").asText()).isEqualTo("payment.auth.failed");
        assertThat(webhook.body().path("data").path("paymentOrder").path("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void anAmountJustOutsideTheDeclineRangeCompletes() throws Exception {
        assertThat(create(order(newExternalId(), 900_100, "Order", card(VISA, false))).body().path("status").asText())
                .isEqualTo("COMPLETED");
        assertThat(create(order(newExternalId(), 899_999, "Order", card(VISA, false))).body().path("status").asText())
                .isEqualTo("COMPLETED");
    }

    @Test
    void threeDSecureDeviceDataThenChallengeThenCompleted() throws Exception {
        String externalId = newExternalId();

        Answer created = create(order(externalId, 5000, "Order", card(THREE_DS, true)));
        Answer validateTooEarly = validate(externalId, "txn-1");
        Answer challenge = cheqpay("POST", ORDERS + "/" + externalId + "/payer-authentication", deviceDataDone());
        Answer deviceDataAgain = cheqpay("POST", ORDERS + "/" + externalId + "/payer-authentication", deviceDataDone());
        Answer completed = validate(externalId, "txn-1");
        Answer validateAgain = validate(externalId, "txn-1");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("status").asText()).isEqualTo("PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED");
        JsonNode deviceData = created.body().path("payerAuthentication");
        assertThat(deviceData.path("id").asText()).isNotBlank();
        assertThat(deviceData.path("url").asText()).startsWith("http://127.0.0.1:" + port + BASE + "/3ds/");
        assertThat(deviceData.path("jwt").asText()).hasSizeGreaterThan(20);
        assertThat(page(deviceData.path("url").asText()).statusCode()).as("a page the browser can post to").isEqualTo(200);
        assertThat(validateTooEarly.status()).isEqualTo(409);
        assertThat(validateTooEarly.body().path("code").asText()).isEqualTo("INVALID_STATUS");

        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.body().path("status").asText()).isEqualTo("PAYER_AUTHENTICATION_CHALLENGE_REQUIRED");
        JsonNode challengeStep = challenge.body().path("payerAuthentication");
        assertThat(challengeStep.path("id").asText()).isNotBlank().isNotEqualTo(deviceData.path("id").asText());
        assertThat(challengeStep.path("jwt").asText()).isNotEqualTo(deviceData.path("jwt").asText());
        assertThat(page(challengeStep.path("url").asText()).statusCode()).isEqualTo(200);
        assertThat(deviceDataAgain.status()).isEqualTo(409);
        assertThat(deviceDataAgain.body().path("code").asText()).isEqualTo("INVALID_STATUS");

        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.body().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(completed.body().has("payerAuthentication")).isFalse();
        assertThat(completed.body().path("paymentMethod").path("id").asText()).as("persist: saved once completed")
                .startsWith("pm_");
        assertThat(validateAgain.status()).isEqualTo(409);
        assertThat(cheqpay("GET", ORDERS + "/" + externalId, null).body().path("status").asText()).isEqualTo("COMPLETED");
        List<Webhook> webhooks = awaitWebhooks(externalId, 1);
        assertThat(webhooks).extracting(w -> w.body().path("event").asText()).containsExactly("payment.capture.success");
    }

    @Test
    void aFailedChallengeFailsTheOrder() throws Exception {
        String externalId = newExternalId();
        create(order(externalId, 5000, "Order", card(THREE_DS, true)));
        cheqpay("POST", ORDERS + "/" + externalId + "/payer-authentication", deviceDataDone());

        Answer failed = validate(externalId, "fail");

        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed.body().path("code").asText()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(failed.body().path("error").has("declineReason")).isFalse();
        assertThat(cheqpay("GET", ORDERS + "/" + externalId, null).body().path("status").asText()).isEqualTo("FAILED");
        assertThat(customer("user-" + externalId).body().path("paymentMethods")).as("not saved").isEmpty();
        assertThat(awaitWebhooks(externalId, 1).get(0).body().path("event").asText()).isEqualTo("payment.auth.failed");
    }

    @Test
    void theIssuerStillDecidesAfterAPassedChallenge() throws Exception {
        String externalId = newExternalId();
        create(order(externalId, 900_051, "Order", card(THREE_DS, false)));
        cheqpay("POST", ORDERS + "/" + externalId + "/payer-authentication", deviceDataDone());

        Answer declined = validate(externalId, "txn-ok");

        assertThat(declined.status()).isEqualTo(422);
        assertThat(declined.body().path("code").asText()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void threeDSecureStepsCheckTheirBodies() throws Exception {
        String externalId = newExternalId();
        create(order(externalId, 5000, "Order", card(THREE_DS, false)));

        Answer noFields = cheqpay("POST", ORDERS + "/" + externalId + "/payer-authentication", "{}");
        Answer unknown = cheqpay("POST", ORDERS + "/order_unknown-" + externalId + "/payer-authentication", deviceDataDone());

        assertThat(noFields.status()).isEqualTo(400);
        assertThat(noFields.body().path("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(noFields.body().path("error").path("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("deviceInformation", "collectionReferenceId", "returnUrl");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(ledger.find(externalId).orElseThrow().status())
                .isEqualTo(CheqpayOrder.Status.PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED);
    }

    @Test
    void theSameExternalIdAnswersTheSameOrderUntilItFailed() throws Exception {
        String externalId = newExternalId();

        Answer first = create(order(externalId, 5000, "Order", card(VISA, false)));
        Answer again = create(order(externalId, 5000, "Order", card(VISA, false)));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
        assertThat(again.body().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(ledger.createCalls(externalId)).isEqualTo(2);

        String retried = newExternalId();
        Answer declined = create(order(retried, 900_051, "Order", card(VISA, false)));
        String failedId = awaitWebhooks(retried, 1).get(0).body().path("data").path("paymentOrder").path("id").asText();
        Answer newAttempt = create(order(retried, 5000, "Order", card(MASTERCARD, false)));

        assertThat(declined.status()).isEqualTo(422);
        assertThat(newAttempt.status()).isEqualTo(201);
        assertThat(newAttempt.body().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(newAttempt.body().path("id").asText()).isNotBlank().isNotEqualTo(failedId);
        assertThat(cheqpay("GET", ORDERS + "/" + retried, null).body().path("paymentMethod").path("cardDetails")
                .path("brand").asText()).as("the new attempt replaced the failed one").isEqualTo("mastercard");
        assertThat(awaitWebhooks(retried, 2)).extracting(w -> w.body().path("event").asText())
                .containsExactly("payment.auth.failed", "payment.capture.success");
        assertThat(webhooks(externalId)).as("the replay announced nothing").hasSize(1);
    }

    @Test
    void aCardSavedWithPersistIsListedOnTheCustomerAndPaysAgainByItsId() throws Exception {
        String externalId = newExternalId();
        String user = "user-" + externalId;

        Answer first = create(order(externalId, 5000, "Order", card(MASTERCARD, true)));
        String pm = first.body().path("paymentMethod").path("id").asText();
        Answer listed = customer(user);
        Answer again = create(order(newExternalId(), 7000, user, "Order 2", savedCard(pm, "123"), false));
        Answer noCvc = create(order(newExternalId(), 7000, user, "Order 3", savedCard(pm, null), false));
        Answer unknown = create(order(newExternalId(), 7000, user, "Order 4", savedCard("pm_nope", "123"), false));
        Answer otherCustomer = create(order(newExternalId(), 7000, "someone-else-" + externalId, "Order 5",
                savedCard(pm, "123"), false));

        assertThat(first.status()).isEqualTo(201);
        assertThat(pm).startsWith("pm_");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("externalId").asText()).isEqualTo(user);
        assertThat(listed.body().path("id").asText()).isEqualTo(first.body().path("customer").path("id").asText());
        JsonNode methods = listed.body().path("paymentMethods");
        assertThat(methods).hasSize(1);
        assertThat(methods.get(0).path("id").asText()).isEqualTo(pm);
        assertThat(methods.get(0).path("createdAt").asText()).isNotBlank();
        JsonNode details = methods.get(0).path("cardDetails");
        assertThat(details.path("bin").asText()).isEqualTo("520000");
        assertThat(details.path("last4").asText()).isEqualTo("2151");
        assertThat(details.path("brand").asText()).isEqualTo("mastercard");
        assertThat(details.path("expiryMonth").asText()).isEqualTo("12");
        assertThat(details.path("expiryYear").asText()).isEqualTo("30");
        assertThat(listed.raw()).doesNotContain(MASTERCARD);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(again.body().path("paymentMethod").path("id").asText()).isEqualTo(pm);
        assertThat(again.body().path("paymentMethod").path("cardDetails").path("last4").asText()).isEqualTo("2151");
        assertThat(noCvc.status()).isEqualTo(400);
        assertThat(noCvc.body().path("error").path("details").findValuesAsText("field")).containsExactly("paymentMethod.cvc");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("error").path("details").findValuesAsText("field"))
                .containsExactly("paymentMethod.paymentMethodId");
        assertThat(otherCustomer.status()).as("another customer's card").isEqualTo(400);
        assertThat(customer(user).body().path("paymentMethods")).as("paying again saves nothing new").hasSize(1);
    }

    @Test
    void refundsArePartialUpToTheTotalAndMoveTheOrderOn() throws Exception {
        String externalId = newExternalId();
        create(order(externalId, 5000, "Order", card(VISA, false)));

        Answer partial = refund(externalId, "{\"amount\":2000,\"reason\":\"requested_by_customer\"}");
        Answer afterPartial = cheqpay("GET", ORDERS + "/" + externalId, null);
        Answer tooMuch = refund(externalId, "{\"amount\":3001}");
        Answer rest = refund(externalId, "{\"amount\":3000}");
        Answer afterAll = cheqpay("GET", ORDERS + "/" + externalId, null);
        Answer nothingLeft = refund(externalId, "{\"amount\":1}");
        Answer notAnAmount = refund(externalId, "{\"amount\":\"10\"}");

        assertThat(partial.status()).isEqualTo(201);
        assertThat(partial.body().path("id").asText()).startsWith("ref_");
        assertThat(partial.body().path("status").asText()).as("the refund's own status").isEqualTo("COMPLETED");
        assertThat(partial.body().path("amount").asLong()).isEqualTo(2000);
        assertThat(partial.body().path("refundedAmount").asLong()).isEqualTo(2000);
        assertThat(afterPartial.body().path("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(afterPartial.body().path("refundedAmount").asLong()).isEqualTo(2000);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.body().path("code").asText()).isEqualTo("REFUND_EXCEEDS_AVAILABLE");
        assertThat(rest.status()).isEqualTo(201);
        assertThat(rest.body().path("amount").asLong()).isEqualTo(3000);
        assertThat(rest.body().path("refundedAmount").asLong()).isEqualTo(5000);
        assertThat(afterAll.body().path("status").asText()).isEqualTo("REFUNDED");
        assertThat(afterAll.body().path("refundedAmount").asLong()).isEqualTo(5000);
        assertThat(nothingLeft.status()).isEqualTo(409);
        assertThat(nothingLeft.body().path("code").asText()).isEqualTo("INVALID_STATUS");
        assertThat(notAnAmount.status()).isEqualTo(400);

        List<Webhook> webhooks = awaitWebhooks(externalId, 3);
        assertThat(webhooks).extracting(w -> w.body().path("event").asText())
                .containsExactlyInAnyOrder("payment.capture.success", "payment.refund.success", "payment.refund.success");
        assertThat(webhooks).filteredOn(w -> w.body().path("event").asText().equals("payment.refund.success"))
                .extracting(w -> w.body().path("data").path("paymentOrder").path("status").asText() + "/"
                        + w.body().path("data").path("paymentOrder").path("refundedAmount").asLong())
                .containsExactlyInAnyOrder("PARTIALLY_REFUNDED/2000", "REFUNDED/5000");
    }

    @Test
    void aRefundWithoutAmountRefundsWhatIsLeftAndOnlyCompletedOrdersRefund() throws Exception {
        String completed = newExternalId();
        create(order(completed, 5000, "Order", card(VISA, false)));
        refund(completed, "{\"amount\":1000}");
        String failed = newExternalId();
        create(order(failed, 900_005, "Order", card(VISA, false)));
        String authenticating = newExternalId();
        create(order(authenticating, 5000, "Order", card(THREE_DS, false)));

        Answer rest = refund(completed, "{\"reason\":\"duplicate\"}");
        Answer ofFailed = refund(failed, "{\"amount\":100}");
        Answer ofAuthenticating = refund(authenticating, "{\"amount\":100}");
        Answer ofUnknown = refund("order_unknown-" + completed, "{\"amount\":100}");

        assertThat(rest.status()).isEqualTo(201);
        assertThat(rest.body().path("amount").asLong()).isEqualTo(4000);
        assertThat(rest.body().path("refundedAmount").asLong()).isEqualTo(5000);
        assertThat(ofFailed.status()).isEqualTo(409);
        assertThat(ofAuthenticating.status()).isEqualTo(409);
        assertThat(ofUnknown.status()).isEqualTo(404);
    }

    @Test
    void everyCallNeedsTheApiKeyAndMerchantId() throws Exception {
        String externalId = newExternalId();
        String body = order(externalId, 5000, "Order", card(VISA, false));
        String key = credentials.cheqpayApiKey();
        String merchant = credentials.cheqpayMerchantId();

        Answer none = call("POST", ORDERS, body);
        Answer wrongKey = call("POST", ORDERS, body, "x-api-key", key + "x", "x-merchant-id", merchant);
        Answer wrongMerchant = call("POST", ORDERS, body, "x-api-key", key, "x-merchant-id", merchant + "x");
        Answer keyAlone = call("POST", ORDERS, body, "x-api-key", key);
        Answer billingKey = call("POST", ORDERS, body, "x-api-key", credentials.apiKey(), "x-merchant-id", merchant);
        Answer customerRead = call("GET", BASE + "/pos/customers/user-" + externalId, null);

        for (Answer refused : List.of(none, wrongKey, wrongMerchant, keyAlone, billingKey, customerRead)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body().path("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(refused.body().path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(refused.raw()).doesNotContain(key).doesNotContain(merchant);
        }
        assertThat(ledger.createCalls(externalId)).as("refused before the body was read").isZero();

        Answer bearer = call("POST", ORDERS, body, "Authorization", "Bearer " + key, "x-merchant-id", merchant);
        assertThat(bearer.status()).as("Authorization: Bearer is accepted too").isEqualTo(201);
        Answer headers = call("GET", ORDERS + "/" + externalId, null, "x-api-key", key, "x-merchant-id", merchant);
        assertThat(headers.status()).isEqualTo(200);
    }

    @Test
    void aBadOrderIsRefusedWithEveryWrongFieldAndNoCardDataInTheAnswer() throws Exception {
        Answer empty = create("{}");
        Answer notJson = create("{\"externalId\": \"x\", \"paymentMethod\": {\"cardDetails\": {\"number\": \"" + VISA);
        String badCard = "{\"externalId\":\"" + newExternalId() + "\",\"amount\":-5,\"currency\":\"MX\","
                + "\"customer\":{\"firstName\":\"Ana\"},"
                + "\"paymentMethod\":{\"type\":\"card\",\"cardDetails\":{\"number\":\"4000000000002504\","
                + "\"expiryMonth\":\"13\",\"expiryYear\":\"2030x\",\"cvc\":\"98765\"}},"
                + "\"billingAddress\":{\"country\":\"MEX\"}}";
        Answer wrong = create(badCard);
        Answer noAddress = create("{\"externalId\":\"" + newExternalId() + "\",\"amount\":5000,\"currency\":\"MXN\","
                + "\"customer\":{\"externalId\":\"u\"},\"paymentMethod\":" + card(VISA, false) + "}");
        Answer otherType = create("{\"externalId\":\"" + newExternalId() + "\",\"amount\":5000,\"currency\":\"MXN\","
                + "\"customer\":{\"externalId\":\"u\"},\"paymentMethod\":{\"type\":\"spei\"}}");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(empty.body().path("error").path("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("externalId", "amount", "currency", "customer", "paymentMethod");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.raw()).doesNotContain(VISA);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("error").path("details").findValuesAsText("field")).containsExactlyInAnyOrder(
                "amount", "currency", "customer.externalId", "paymentMethod.cardDetails.number",
                "paymentMethod.cardDetails.expiryMonth", "paymentMethod.cardDetails.expiryYear",
                "paymentMethod.cardDetails.cvc", "billingAddress.country");
        assertThat(wrong.raw()).doesNotContain("4000000000002504").doesNotContain("98765");
        assertThat(noAddress.status()).isEqualTo(400);
        assertThat(noAddress.body().path("error").path("details").findValuesAsText("field")).containsExactly("billingAddress");
        assertThat(otherType.status()).isEqualTo(400);
        assertThat(otherType.body().path("error").path("details").findValuesAsText("field")).containsExactly("paymentMethod.type");
    }

    @Test
    void aCardPastItsExpiryIsDeclinedAsExpired() throws Exception {
        String expired = "{\"type\":\"card\",\"cardDetails\":{\"number\":\"" + VISA
                + "\",\"expiryMonth\":\"01\",\"expiryYear\":\"20\",\"cvc\":\"123\"}}";

        Answer declined = create(order(newExternalId(), 5000, "user-x", "Order", expired, true));

        assertThat(declined.status()).isEqualTo(422);
        assertThat(declined.body().path("code").asText()).isEqualTo("EXPIRED_CARD");
    }

    @Test
    void outageAnswers503ForTheFirstAttemptsOfAnExternalIdAndDownForEveryOne() throws Exception {
        String externalId = newExternalId();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Answer unavailable = create(order(externalId, 5000, "Order sandbox:outage", card(VISA, false)));
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.body().path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        }
        assertThat(cheqpay("GET", ORDERS + "/" + externalId, null).status()).as("nothing made meanwhile").isEqualTo(404);
        Answer back = create(order(externalId, 5000, "Order sandbox:outage", card(VISA, false)));
        assertThat(back.status()).isEqualTo(201);
        assertThat(back.body().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(ledger.createCalls(externalId)).isEqualTo(4);

        String down = newExternalId();
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertThat(create(order(down, 5000, "SANDBOX:DOWN", card(VISA, false))).status()).isEqualTo(503);
        }
        assertThat(ledger.find(down)).isEmpty();
    }

    @Test
    void slowCreatesTheOrderButAnswersLateAndARepeatAnswersAtOnce() throws Exception {
        String externalId = newExternalId();

        long started = System.nanoTime();
        Answer slow = create(order(externalId, 5000, "sandbox:slow", card(VISA, false)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        Answer repeat = create(order(externalId, 5000, "sandbox:slow", card(VISA, false)));

        assertThat(slow.status()).isEqualTo(201);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1000));
        assertThat(repeat.body().path("id").asText()).isEqualTo(slow.body().path("id").asText());
    }

    @Test
    void duplicateWebhooksDeliversEachEventTwiceWithOneId() throws Exception {
        String externalId = newExternalId();
        create(order(externalId, 5000, "sandbox:duplicate-webhooks", card(VISA, false)));

        List<Webhook> webhooks = awaitWebhooks(externalId, 2);

        assertThat(webhooks).hasSize(2);
        assertThat(webhooks.get(1).body().path("id").asText()).isEqualTo(webhooks.get(0).body().path("id").asText());
        assertThat(webhooks.get(1).rawBody()).isEqualTo(webhooks.get(0).rawBody());
        assertThat(webhooks.get(1).signature()).isEqualTo(hmacHex(credentials.cheqpayWebhookSecret(), webhooks.get(1).rawBody()));
    }

    @Test
    void customersAreAddedAndUpdatedByExternalId() throws Exception {
        String externalId = "cust-" + UUID.randomUUID();

        Answer added = cheqpay("POST", BASE + "/pos/customers/add-update", "{\"externalId\":\"" + externalId
                + "\",\"firstName\":\"María\",\"lastName\":\"González\",\"email\":\"maria@example.com\",\"phoneNumber\":\"+525512345678\"}");
        Answer updated = cheqpay("POST", BASE + "/pos/customers/add-update",
                "{\"externalId\":\"" + externalId + "\",\"email\":\"maria@example.org\"}");
        Answer read = customer(externalId);
        Answer noId = cheqpay("POST", BASE + "/pos/customers/add-update", "{\"firstName\":\"Ana\"}");
        Answer unknown = customer("nobody-" + externalId);

        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().path("id").asText()).startsWith("cus_");
        assertThat(added.body().path("firstName").asText()).isEqualTo("María");
        assertThat(added.body().path("createdAt").asText()).isNotBlank();
        assertThat(added.body().path("updatedAt").asText()).isNotBlank();
        assertThat(updated.body().path("id").asText()).isEqualTo(added.body().path("id").asText());
        assertThat(updated.body().path("email").asText()).isEqualTo("maria@example.org");
        assertThat(updated.body().path("lastName").asText()).as("what is not given stays").isEqualTo("González");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().path("phoneNumber").asText()).isEqualTo("+525512345678");
        assertThat(read.body().path("paymentMethods")).isEmpty();
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.body().path("error").path("details").findValuesAsText("field")).containsExactly("externalId");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(cheqpay("GET", ORDERS + "/order_unknown-" + externalId, null).status()).isEqualTo(404);
    }

    @Test
    void noCardNumberOrCvcReachesALogLine() throws Exception {
        String externalId = newExternalId();
        try (LogCapture logs = LogCapture.start()) {
            create(order(externalId, 5000, "Order", card(MASTERCARD, true)));
            create(order(newExternalId(), 900_051, "Order", card(VISA, false)));
            create("{\"externalId\":\"" + newExternalId() + "\",\"paymentMethod\":{\"type\":\"card\",\"cardDetails\":"
                    + "{\"number\":\"4000000000002504\",\"cvc\":\"987\"}}}");
            awaitWebhooks(externalId, 1);
            await().atMost(WAIT).until(() -> !logs.containing("delivered").isEmpty());

            assertThat(logs.events()).as("the sandbox's lines are captured at all").isNotEmpty();
            for (String secret : List.of(MASTERCARD, VISA, "4000000000002504", "\"987\"", "cvc")) {
                assertThat(logs.containing(secret)).as(LogCapture.describe(logs.events())).isEmpty();
            }
        }
    }

    private Answer create(String body) throws Exception {
        return cheqpay("POST", ORDERS, body);
    }

    private Answer validate(String externalId, String transactionId) throws Exception {
        return cheqpay("POST", ORDERS + "/" + externalId + "/payer-authentication/validate",
                "{\"authenticationTransactionId\":\"" + transactionId + "\"}");
    }

    private Answer refund(String externalId, String body) throws Exception {
        return cheqpay("POST", ORDERS + "/" + externalId + "/refund", body);
    }

    private Answer customer(String externalId) throws Exception {
        return cheqpay("GET", BASE + "/pos/customers/" + externalId, null);
    }

    private static String order(String externalId, long amount, String description, String paymentMethod) {
        return order(externalId, amount, "user-" + externalId, description, paymentMethod, true);
    }

    private static String order(String externalId, long amount, String customer, String description, String paymentMethod,
                                boolean withAddress) {
        return "{\"externalId\":\"" + externalId + "\",\"amount\":" + amount + ",\"currency\":\"MXN\","
                + "\"description\":\"" + description + "\","
                + "\"customer\":{\"externalId\":\"" + customer + "\",\"firstName\":\"María\",\"lastName\":\"González\","
                + "\"email\":\"maria@example.com\",\"phoneNumber\":\"+525512345678\"},"
                + "\"paymentMethod\":" + paymentMethod + ","
                + (withAddress ? "\"billingAddress\":{\"address\":\"Av. Reforma 123\",\"city\":\"Mexico City\","
                + "\"state\":\"CDMX\",\"postalCode\":\"01000\",\"country\":\"MX\"}," : "")
                + "\"deviceInformation\":{\"ipAddress\":\"203.0.113.9\",\"userAgent\":\"Mozilla/5.0\"}}";
    }

    private static String card(String number, boolean persist) {
        return "{\"type\":\"card\",\"cardDetails\":{\"number\":\"" + number
                + "\",\"expiryMonth\":\"12\",\"expiryYear\":\"30\",\"cvc\":\"123\"},\"persist\":" + persist + "}";
    }

    private static String savedCard(String paymentMethodId, String cvc) {
        return "{\"type\":\"payment_method_id\",\"paymentMethodId\":\"" + paymentMethodId + "\""
                + (cvc == null ? "" : ",\"cvc\":\"" + cvc + "\"") + "}";
    }

    private static String deviceDataDone() {
        return "{\"deviceInformation\":{\"ipAddress\":\"203.0.113.9\",\"userAgent\":\"Mozilla/5.0\","
                + "\"httpBrowserLanguage\":\"es-MX\",\"httpBrowserJavaScriptEnabled\":true},"
                + "\"collectionReferenceId\":\"session-1\",\"returnUrl\":\"https://shop.example/3ds-return\"}";
    }

    /** The webhooks the receiver got for this order, once there are at least {@code count}. */
    private List<Webhook> awaitWebhooks(String externalId, int count) throws Exception {
        await().atMost(WAIT).until(() -> webhooks(externalId).size() >= count);
        return webhooks(externalId);
    }

    private List<Webhook> webhooks(String externalId) throws Exception {
        List<Webhook> found = new ArrayList<>();
        for (LoggedRequest request : RECEIVER.findAll(postRequestedFor(urlEqualTo("/webhooks/cheqpay")))) {
            String raw = request.getBodyAsString();
            JsonNode body = json.readTree(raw);
            if (externalId.equals(body.path("data").path("paymentOrder").path("externalId").asText())) {
                found.add(new Webhook(raw, body, request.getHeader("x-webhook-signature")));
            }
        }
        return found;
    }

    private static String hmacHex(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> page(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("JWT=x")).header("Content-Type", "application/x-www-form-urlencoded")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private Answer cheqpay(String method, String path, String body) throws Exception {
        return call(method, path, body, "x-api-key", credentials.cheqpayApiKey(),
                "x-merchant-id", credentials.cheqpayMerchantId());
    }

    private Answer call(String method, String path, String body, String... headers) throws Exception {
        return new JsonHttp(port).call(method, path, body, headers);
    }

    /** The hub's shape of a Cheqpay externalId (contract section 5b), unique per test. */
    private static String newExternalId() {
        return "order_" + UUID.randomUUID();
    }


    record Webhook(String rawBody, JsonNode body, String signature) {
    }
}
