package io.paymenthub.provider.cheqpay;

import io.paymenthub.support.ApiContract;
import io.paymenthub.support.JsonHttp;
import io.paymenthub.support.JsonHttp.Answer;
import io.paymenthub.support.SandboxTestEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.PaymentHubApplication;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.sandbox.cheqpay.CheqpayLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cheqpay payments through the hub's own API against the sandbox's Cheqpay mode, which the hub calls over HTTP
 * as it would call Cheqpay (contract sections 3 and 5b): cards, declines, idempotency by externalId, one
 * customer per externalId, webhooks signed hmac-sha256-hex, and card data nowhere but on its way to Cheqpay.
 */
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
@ExtendWith(OutputCaptureExtension.class)
class CheqpayPaymentRouteTest {

    static final String VISA = "4000000000002503";
    static final String THREE_DS = "4000000000003220";

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SandboxTestEnvironment.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    SandboxCredentials credentials;
    @Autowired
    CheqpayLedger ledger;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    jakarta.jms.ConnectionFactory connectionFactory;
    @org.springframework.beans.factory.annotation.Value("${hub.queues.payment-requests}")
    String requests;

    // every /api and /webhooks exchange is checked against the API document the hub ships
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCardPaymentSucceedsAndKeepsOnlyTheTokenBrandBinAndLast4(CapturedOutput output) throws Exception {
        String orderId = newOrderId();

        Answer created = pay(payment(orderId, 10_000, card(VISA, "123")), null);

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode payment = created.body();
        assertThat(payment.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(payment.path("provider").asText()).isEqualTo("cheqpay");
        assertThat(payment.path("idempotencyKey").asText()).as("the order's externalId").isEqualTo("order_" + orderId);
        assertThat(ledger.find("order_" + orderId)).isPresent();
        JsonNode method = payment.path("paymentMethod");
        assertThat(method.path("type").asText()).isEqualTo("card");
        assertThat(method.path("brand").asText()).isEqualTo("visa");
        assertThat(method.path("bin").asText()).isEqualTo("400000");
        assertThat(method.path("last4").asText()).isEqualTo("2503");
        assertThat(method.path("expiryMonth").asText()).isEqualTo("12");
        assertThat(method.path("expiryYear").asText()).isEqualTo("30");
        assertThat(created.raw()).doesNotContain(VISA).doesNotContain("\"cvc\"");
        // the capture webhook, signed hmac-sha256-hex, lands in the history with Cheqpay's event id
        await().atMost(Duration.ofSeconds(20)).until(() -> get(payment.path("id").asText()).path("history").size() >= 1);
        JsonNode entry = get(payment.path("id").asText()).path("history").get(0);
        assertThat(entry.path("eventType").asText()).isEqualTo("payment.capture.success");
        assertThat(UUID.fromString(entry.path("eventId").asText())).isNotNull();
        // nothing of the card number or the CVC in the database or the log
        assertThat(databaseText()).doesNotContain(VISA).doesNotContain("\"cvc\"");
        assertThat(output.getAll()).doesNotContain(VISA);
    }

    /** Seed 004, Testing: "should prevent duplicate charges". */
    @Test
    void aRepeatedRequestNeverChargesTwiceAndReturnsTheSamePayment() throws Exception {
        String orderId = newOrderId();
        Map<String, Object> body = payment(orderId, 10_000, card(VISA, "123"));

        Answer first = pay(body, null);
        Answer second = pay(body, null);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
        assertThat(ledger.createCalls("order_" + orderId)).as("orders created at Cheqpay").isEqualTo(1);
    }

    @Test
    void theSameOrderIdFromAnotherUserIsAConflict() throws Exception {
        String orderId = newOrderId();
        assertThat(pay(payment(orderId, 10_000, card(VISA, "123")), null).status()).isEqualTo(201);

        Map<String, Object> other = payment(orderId, 10_000, card(VISA, "123"));
        other.put("userId", "someone-else");
        Answer conflict = pay(other, null);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().path("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    @Test
    void twoPaymentsOfOneCustomerMakeOneCustomerAtCheqpay() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        Map<String, Object> first = payment(newOrderId(), 10_000, card(VISA, "123"));
        Map<String, Object> second = payment(newOrderId(), 12_000, card(VISA, "456"));
        first.put("customer", customer(customer, "a@b.c"));
        second.put("customer", customer(customer, "a@b.c"));

        assertThat(pay(first, null).status()).isEqualTo(201);
        int upsertsAfterFirst = ledger.customerUpserts(customer);
        assertThat(pay(second, null).status()).isEqualTo(201);

        assertThat(upsertsAfterFirst).isEqualTo(1);
        assertThat(ledger.customerUpserts(customer)).as("the second payment reuses the cached customer").isEqualTo(1);
    }

    @Test
    void customerDataThatDiffersFromTheStoredCustomerIsNotSentAndIsLoggedAsAWarning(CapturedOutput output)
            throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        Map<String, Object> first = payment(newOrderId(), 10_000, card(VISA, "123"));
        first.put("customer", customer(customer, "first@b.c"));
        assertThat(pay(first, null).status()).isEqualTo(201);

        Map<String, Object> second = payment(newOrderId(), 10_000, card(VISA, "123"));
        second.put("customer", customer(customer, "changed@b.c"));
        assertThat(pay(second, null).status()).isEqualTo(201);

        assertThat(ledger.findCustomer(customer).orElseThrow().email()).isEqualTo("first@b.c");
        assertThat(output.getAll()).contains("differingFields=[email]").doesNotContain("changed@b.c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "900051 | INSUFFICIENT_FUNDS    | Payment couldn't be completed. Please try another payment method.",
            "900054 | EXPIRED_CARD          | This card has expired. Please use a different card.",
            "900014 | INVALID_CARD          | Unable to process this card. Please check your details.",
            "900005 | DECLINED              | Payment couldn't be processed. Please try a different card."})
    void eachDeclineIs402WithTheSeedsFriendlyMessage(long amount, String code, String message) throws Exception {
        Answer declined = pay(payment(newOrderId(), amount, card(VISA, "123")), null);

        assertThat(declined.status()).as(declined.raw()).isEqualTo(402);
        assertThat(declined.body().path("status").asText()).isEqualTo("FAILED");
        assertThat(declined.body().path("failureCode").asText()).isEqualTo(code);
        assertThat(declined.body().path("statusMessage").asText()).isEqualTo(message);
    }

    @Test
    void aPaymentWithCardDataIsNeverQueuedWhenCheqpayIsDownAndTheRetrySubmitsItAgain() throws Exception {
        String orderId = newOrderId();
        Map<String, Object> down = payment(orderId, 10_000, card(VISA, "123"));
        down.put("description", "sandbox:outage");

        Answer unavailable = pay(down, null);

        assertThat(unavailable.status()).as(unavailable.raw()).isEqualTo(503);
        assertThat(unavailable.body().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE idempotency_key = ? AND status = 'QUEUED'",
                Integer.class, "order_" + orderId)).isZero();
        assertThat(databaseText()).doesNotContain(VISA);

        Answer retried = pay(down, null);
        assertThat(retried.status()).as(retried.raw()).isIn(200, 201);
        assertThat(retried.body().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aCardWithoutBillingAddressIsRefusedBeforeAnythingIsStored() throws Exception {
        String orderId = newOrderId();
        Map<String, Object> body = payment(orderId, 10_000, card(VISA, "123"));
        body.remove("billingAddress");

        Answer refused = pay(body, null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("code").asText()).isEqualTo("MISSING_FIELD");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE idempotency_key = ?", Integer.class,
                "order_" + orderId)).isZero();
    }

    @Test
    void threeDSecureRunsBothStepsToSuccess() throws Exception {
        Answer created = pay(payment(newOrderId(), 10_000, card(THREE_DS, "123")), null);

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("status").asText()).isEqualTo("REQUIRES_ACTION");
        assertThat(created.body().path("statusMessage").asText())
                .isEqualTo("Additional verification is required to complete your payment.");
        JsonNode first = created.body().path("nextAction");
        assertThat(first.path("type").asText()).isEqualTo("DEVICE_DATA_COLLECTION");
        assertThat(first.path("url").asText()).isNotBlank();
        assertThat(first.path("jwt").asText()).isNotBlank();
        String id = created.body().path("id").asText();
        // the challenge step is not the one the payment waits for yet
        assertThat(send("POST", "/api/payments/" + id + "/authentication/validate",
                "{\"authenticationTransactionId\":\"tx-1\"}", null).status()).isEqualTo(409);

        Answer challenge = send("POST", "/api/payments/" + id + "/authentication",
                "{\"collectionReferenceId\":\"session-1\",\"returnUrl\":\"https://shop.example/3ds\","
                        + "\"deviceInformation\":{\"httpBrowserScreenWidth\":\"1920\"}}", null);

        assertThat(challenge.status()).as(challenge.raw()).isEqualTo(200);
        assertThat(challenge.body().path("status").asText()).isEqualTo("REQUIRES_ACTION");
        assertThat(challenge.body().path("nextAction").path("type").asText()).isEqualTo("CHALLENGE");

        Answer done = send("POST", "/api/payments/" + id + "/authentication/validate",
                "{\"authenticationTransactionId\":\"tx-1\"}", null);

        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.body().has("nextAction")).isFalse();
        assertThat(send("POST", "/api/payments/" + id + "/authentication",
                "{\"collectionReferenceId\":\"again\",\"returnUrl\":\"https://shop.example/3ds\"}", null).status())
                .as("nothing to authenticate any more").isEqualTo(409);
    }

    @Test
    void aFailedChallengeFailsThePaymentWithAuthenticationFailed() throws Exception {
        Answer created = pay(payment(newOrderId(), 10_000, card(THREE_DS, "123")), null);
        String id = created.body().path("id").asText();
        assertThat(send("POST", "/api/payments/" + id + "/authentication",
                "{\"collectionReferenceId\":\"session-2\",\"returnUrl\":\"https://shop.example/3ds\","
                        + "\"deviceInformation\":{\"httpBrowserScreenWidth\":\"1920\"}}", null).status())
                .isEqualTo(200);

        Answer failed = send("POST", "/api/payments/" + id + "/authentication/validate",
                "{\"authenticationTransactionId\":\"fail\"}", null);

        assertThat(failed.status()).as(failed.raw()).isEqualTo(402);
        assertThat(failed.body().path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.body().path("failureCode").asText()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(failed.body().path("statusMessage").asText()).isEqualTo("We couldn't verify your identity. Please try again.");
    }

    @Test
    void aCardPaymentOnTheQueueIsRefusedAndDeadLetteredWithoutItsCardData() throws Exception {
        String orderId = newOrderId();
        String marker = UUID.randomUUID().toString();
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(Duration.ofSeconds(30).toMillis());
        String body = json.writeValueAsString(payment(orderId, 10_000, card(VISA, "123")));

        jms.send(requests, session -> {
            jakarta.jms.TextMessage message = session.createTextMessage(body);
            message.setStringProperty("testMarker", marker);
            return message;
        });

        jakarta.jms.Message dead = jms.receiveSelected("DLQ." + requests, "testMarker = '" + marker + "'");
        assertThat(dead).isNotNull();
        assertThat(((jakarta.jms.TextMessage) dead).getText()).doesNotContain(VISA).doesNotContain("\"cvc\"");
        assertThat(dead.getStringProperty("hubFailureReason")).contains("Card data is accepted only");
        assertThat(ledger.createCalls("order_" + orderId)).as("nothing sent to Cheqpay").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId)).isZero();
    }

    @Test
    void aRefundGoesThroughTheRefundQueueToCheqpayAndItsWebhookSettlesIt() throws Exception {
        Answer created = pay(payment(newOrderId(), 10_000, card(VISA, "123")), null);
        String id = created.body().path("id").asText();

        Answer refund = send("POST", "/api/payments/" + id + "/refunds", "{\"amount\":4000}", null);

        assertThat(refund.status()).as(refund.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "PARTIALLY_REFUNDED".equals(get(id).path("status").asText()));
        assertThat(get(id).path("refundedAmount").asLong()).isEqualTo(4000);
        assertThat(ledger.find(created.body().path("idempotencyKey").asText()).orElseThrow().refundedAmount())
                .as("refunded at Cheqpay").isEqualTo(4000);
    }

    @Test
    void verifyAsksCheqpayForTheOrderByItsExternalId() throws Exception {
        Answer created = pay(payment(newOrderId(), 10_000, card(VISA, "123")), null);

        Answer verified = send("GET", "/api/payments/" + created.body().path("id").asText() + "?verify=true", null, null);

        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);
        assertThat(verified.body().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void cheqpayCannotBeCancelledThroughTheHub() throws Exception {
        Answer created = pay(payment(newOrderId(), 10_000, card(THREE_DS, "123")), null);

        Answer cancel = send("POST", "/api/payments/" + created.body().path("id").asText() + "/cancel", "{}", null);

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.body().path("code").asText()).isEqualTo("NOT_CANCELLABLE");
    }

    @Test
    void theProvidersHealthSaysCheqpayAcceptedTheKey() throws Exception {
        assertThat(pay(payment(newOrderId(), 10_000, card(VISA, "123")), null).status()).isEqualTo(201);

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode cheqpay = json.readTree(health.body()).path("components").path("providers").path("details").path("cheqpay");
        assertThat(cheqpay.path("status").asText()).as(health.body()).isEqualTo("UP");
        assertThat(cheqpay.path("credentialsAccepted").asBoolean()).isTrue();
        // the probe stays as the contract has it, whatever the health endpoint shows
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    // --- helpers

    static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    static Map<String, Object> card(String number, String cvc) {
        return new java.util.LinkedHashMap<>(Map.of("type", "card", "persist", false, "cardDetails",
                Map.of("number", number, "expiryMonth", "12", "expiryYear", "30", "cvc", cvc)));
    }

    static Map<String, Object> customer(String externalId, String email) {
        return Map.of("externalId", externalId, "email", email, "firstName", "María", "lastName", "González");
    }

    static Map<String, Object> payment(String orderId, long amount, Map<String, Object> paymentMethod) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("userId", "user-123");
        body.put("orderId", orderId);
        body.put("amount", amount);
        body.put("currency", "MXN");
        body.put("provider", "cheqpay");
        body.put("description", "Order");
        body.put("customer", customer("user-123", "a@b.c"));
        body.put("paymentMethod", paymentMethod);
        body.put("billingAddress", Map.of("address", "Av. Reforma 123", "city", "Mexico City", "state", "CDMX",
                "postalCode", "01000", "country", "MX"));
        return body;
    }

    Answer pay(Map<String, Object> body, Map<String, String> headers) throws Exception {
        return send("POST", "/api/payments", json.writeValueAsString(body), headers);
    }

    JsonNode get(String id) throws Exception {
        return send("GET", "/api/payments/" + id, null, null).body();
    }

    Answer send(String method, String path, String body, Map<String, String> headers) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("Authorization", "Bearer " + credentials.apiKey()));
        if (headers != null) {
            headers.forEach((name, value) -> all.addAll(List.of(name, value)));
        }
        return new JsonHttp(port).call(method, path, body, all.toArray(String[]::new));
    }

    /** Every text the hub stored about payments, events and messages. */
    String databaseText() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("payments", "payment_events", "outbox_messages", "webhook_events", "refunds")) {
            jdbc.queryForList("SELECT * FROM " + table).forEach(row -> all.append(row).append('\n'));
        }
        return all.toString();
    }

}
