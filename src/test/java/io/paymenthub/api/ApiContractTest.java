package io.paymenthub.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.paymenthub.support.ApiContract;
import io.paymenthub.support.ApiContract.Exchange;
import org.junit.jupiter.api.Test;

/**
 * The check every route test's exchanges go through (support/ApiContract) fails where the hub and its API document
 * disagree, and only there: these exchanges are made up, each with the one thing wrong that the check must find.
 */
class ApiContractTest {

    private static final String PAYMENT = """
            {"id":"6a5b3bd2-8446-4424-8a7a-a3609ac1a3fd","status":"PROVIDER_PENDING","statusMessage":"Processing your payment. This may take a few moments.",
             "userId":"user-1","orderId":"order-1","amount":5000,"currency":"EUR","provider":"billing",
             "providerPaymentId":"pay_1","idempotencyKey":"key-1","redirectUrl":"https://pay.example/pay_1",
             "failureCode":null,"refundedAmount":0,"createdAt":"2026-11-20T10:00:00Z","updatedAt":"2026-11-20T10:00:01Z",
             "history":[{"eventId":"evt_1","eventType":"payment.pending","status":"PROVIDER_PENDING","at":"2026-11-20T10:00:02Z"}]}""";
    private static final String REQUEST = "{\"userId\":\"user-1\",\"orderId\":\"order-1\",\"amount\":5000,\"currency\":\"EUR\"}";
    private static final Map<String, List<String>> AUTHORIZED = Map.of("Authorization", List.of("Bearer some-key"),
            "Content-Type", List.of("application/json"));
    private static final Map<String, List<String>> JSON_ANSWER = Map.of("content-type", List.of("application/json"));

    @Test
    void aDocumentedExchangePasses() {
        assertThatCode(() -> ApiContract.check(create(REQUEST, 201, PAYMENT))).doesNotThrowAnyException();
        assertThatCode(() -> ApiContract.check(create(REQUEST, 400, error("AMOUNT_OUT_OF_RANGE")))).doesNotThrowAnyException();
        assertThatCode(() -> ApiContract.check(webhook(200, "{\"received\":true,\"duplicate\":true}"))).doesNotThrowAnyException();
    }

    @Test
    void anAnswerWithoutARequiredFieldFails() {
        String withoutHistory = PAYMENT.replaceFirst(",\\s*\"history\":\\[.*]", "");

        assertThatThrownBy(() -> ApiContract.check(create(REQUEST, 201, withoutHistory)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("createPayment").hasMessageContaining("history");
    }

    @Test
    void anAnswerWithAFieldTheDocumentDoesNotHaveFails() {
        String withExtra = PAYMENT.replace("\"refundedAmount\":0", "\"refundedAmount\":0,\"secretField\":1");

        assertThatThrownBy(() -> ApiContract.check(create(REQUEST, 201, withExtra)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("secretField");
    }

    @Test
    void anErrorCodeTheDocumentDoesNotListForThatAnswerFails() {
        assertThatThrownBy(() -> ApiContract.check(create(REQUEST, 400, error("NOT_REFUNDABLE"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("code");
        assertThatThrownBy(() -> ApiContract.check(create(REQUEST, 409, error("NOT_CANCELLABLE"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("code");
    }

    @Test
    void aStatusTheDocumentDoesNotHaveForTheOperationFails() {
        assertThatThrownBy(() -> ApiContract.check(create(REQUEST, 418, error("TEAPOT"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("418 is not documented");
        assertThatThrownBy(() -> ApiContract.check(new Exchange("GET", URI.create("http://hub/api/payments/p1"),
                AUTHORIZED, new byte[0], 409, JSON_ANSWER, error("NOT_CANCELLABLE"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("409 is not documented");
    }

    @Test
    void anAnswerThatIsNotJsonFails() {
        Exchange html = new Exchange("POST", URI.create("http://hub/api/payments"), AUTHORIZED, bytes(REQUEST), 401,
                Map.of("content-type", List.of("text/html")), "<html>401</html>");

        assertThatThrownBy(() -> ApiContract.check(html)).isInstanceOf(AssertionError.class).hasMessageContaining("Content-Type");
    }

    @Test
    void aRequestTheDocumentRefusesMustNotBeAccepted() {
        String amountAsText = REQUEST.replace("5000", "\"5000\"");

        assertThatThrownBy(() -> ApiContract.check(create(amountAsText, 201, PAYMENT)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("refuses that request").hasMessageContaining("amount");
        // refused as the document says it must be: nothing wrong
        assertThatCode(() -> ApiContract.check(create(amountAsText, 400, error("AMOUNT_NOT_INTEGER")))).doesNotThrowAnyException();
    }

    @Test
    void aRequestWithoutCredentialsMustNotBeAccepted() {
        Exchange withoutKey = new Exchange("POST", URI.create("http://hub/api/payments"),
                Map.of("Content-Type", List.of("application/json")), bytes(REQUEST), 201, JSON_ANSWER, PAYMENT);

        assertThatThrownBy(() -> ApiContract.check(withoutKey)).isInstanceOf(AssertionError.class).hasMessageContaining("credentials");
    }

    @Test
    void anOperationTheDocumentDoesNotHaveMustNotSucceed() {
        Exchange unknownPath = new Exchange("GET", URI.create("http://hub/api/secrets"), AUTHORIZED, new byte[0], 200,
                JSON_ANSWER, "{}");
        Exchange unknownMethod = new Exchange("DELETE", URI.create("http://hub/api/payments/p1"), AUTHORIZED, new byte[0], 200,
                JSON_ANSWER, "{}");

        assertThatThrownBy(() -> ApiContract.check(unknownPath)).isInstanceOf(AssertionError.class).hasMessageContaining("no such operation");
        assertThatThrownBy(() -> ApiContract.check(unknownMethod)).isInstanceOf(AssertionError.class).hasMessageContaining("no such operation");
        assertThatCode(() -> ApiContract.check(new Exchange("DELETE", URI.create("http://hub/api/payments/p1"), AUTHORIZED,
                new byte[0], 405, JSON_ANSWER, error("METHOD_NOT_ALLOWED")))).doesNotThrowAnyException();
    }

    @Test
    void aWebhookAnswerOutsideTheDocumentFails() {
        assertThatThrownBy(() -> ApiContract.check(webhook(200, "{\"received\":false}"))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> ApiContract.check(webhook(401, "{\"error\":\"Nope\",\"code\":\"INVALID_SIGNATURE\"}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Invalid signature");
    }

    @Test
    void pathsOutsideTheApiAreNotJudged() {
        assertThatCode(() -> ApiContract.check(new Exchange("GET", URI.create("http://hub/actuator/health"), Map.of(),
                new byte[0], 200, Map.of("content-type", List.of("text/plain")), "UP"))).doesNotThrowAnyException();
    }

    private static Exchange create(String request, int status, String answer) {
        return new Exchange("POST", URI.create("http://hub/api/payments"), AUTHORIZED, bytes(request), status, JSON_ANSWER, answer);
    }

    private static Exchange webhook(int status, String answer) {
        String event = "{\"eventId\":\"evt_1\",\"eventType\":\"payment.succeeded\",\"data\":{\"paymentId\":\"pay_1\"}}";
        return new Exchange("POST", URI.create("http://hub/webhooks/billing"),
                Map.of("webhook-id", List.of("msg_1"), "webhook-timestamp", List.of("1700000000"),
                        "webhook-signature", List.of("v1,c2lnbmF0dXJl"), "Content-Type", List.of("application/json")),
                bytes(event), status, JSON_ANSWER, answer);
    }

    private static String error(String code) {
        return "{\"error\":\"Refused\",\"code\":\"" + code + "\"}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
