package io.paymenthub.provider.cheqpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.config.HubProperties;
import io.paymenthub.payment.PaymentRequest;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.provider.ProviderPayment;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;
import io.paymenthub.webhook.WebhookFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cheqpay's words in the hub's vocabulary (contract sections 4 and 5b), and what a Cheqpay request must hold. */
class CheqpayConnectorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final CheqpayConnector cheqpay = new CheqpayConnector(json, new WebhookFields(new StrictJsonReader(json)),
            new CheqpayPaths(new HubProperties()));

    @ParameterizedTest
    @CsvSource({"PENDING, PROVIDER_PENDING", "PROCESSING, PROVIDER_PENDING", "AUTHORIZED, PROVIDER_PENDING",
            "PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED, REQUIRES_ACTION", "PAYER_AUTHENTICATION_CHALLENGE_REQUIRED, REQUIRES_ACTION",
            "ACTION_REQUIRED, REQUIRES_ACTION", "COMPLETED, SUCCEEDED", "FAILED, FAILED", "CANCELLED, CANCELLED",
            "PARTIALLY_REFUNDED, PARTIALLY_REFUNDED", "REFUNDED, REFUNDED", "SOMETHING_NEW, PROVIDER_PENDING"})
    void statusesMapAsTheContractSays(String cheqpayStatus, PaymentStatus hub) {
        assertThat(CheqpayConnector.status(cheqpayStatus)).isEqualTo(hub);
    }

    @Test
    void anOrderKeepsOnlyTheTokenBrandBinLast4AndExpiryAndShowsTheThreeDSecureStep() throws Exception {
        ProviderPayment order = cheqpay.readPayment(json.readTree("""
                {"id":"ord-1","status":"PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED",
                 "paymentMethod":{"type":"CARD","id":"pm_1","cardDetails":{"bin":"40000000","last4":"123220",
                   "brand":"VISA","expiryMonth":"12","expiryYear":"30","number":"4000000000003220","cvc":"123"}},
                 "payerAuthentication":{"id":"pa_1","url":"https://3ds.example/collect","jwt":"eyJ"}}"""));

        assertThat(order.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(order.paymentMethod().toString()).isEqualTo(
                "{\"type\":\"card\",\"id\":\"pm_1\",\"brand\":\"visa\",\"bin\":\"400000\",\"last4\":\"3220\","
                        + "\"expiryMonth\":\"12\",\"expiryYear\":\"30\"}");
        assertThat(order.nextAction().toString())
                .isEqualTo("{\"type\":\"DEVICE_DATA_COLLECTION\",\"url\":\"https://3ds.example/collect\",\"jwt\":\"eyJ\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "payment.capture.success | COMPLETED  | STATUS:SUCCEEDED",
            "payment.auth.success    | AUTHORIZED | STATUS:PROVIDER_PENDING",
            "payment.auth.success    | COMPLETED  | STATUS:SUCCEEDED",
            "payment.auth.failed     | FAILED     | STATUS:FAILED",
            "payment.capture.failed  | FAILED     | STATUS:FAILED",
            "payment.refund.success  | REFUNDED   | REFUNDED_TOTAL",
            "payment.refund.failed   | COMPLETED  | REFUND_FAILED",
            "subscription.plan_changed | COMPLETED | NONE"})
    void webhookEventsAreTranslated(String event, String orderStatus, String effect) {
        WebhookEvent read = cheqpay.readWebhookEvent(("{\"id\":\"3f1c\",\"event\":\"" + event + "\",\"data\":{\"paymentOrder\":"
                + "{\"id\":\"ord-1\",\"externalId\":\"order_9\",\"status\":\"" + orderStatus + "\",\"amount\":5000,"
                + "\"currency\":\"MXN\",\"refundedAmount\":2000}}}").getBytes(StandardCharsets.UTF_8));

        assertThat(read.eventId()).isEqualTo("3f1c");
        assertThat(read.providerPaymentId()).isEqualTo("ord-1");
        assertThat(read.effect().stored()).isEqualTo(effect);
        assertThat(read.amount()).isEqualTo(read.effect().kind() == EventEffect.Kind.REFUNDED_TOTAL ? 2000L : null);
    }

    @Test
    void aWebhookWithoutItsIdIsMalformed() {
        assertThatThrownBy(() -> cheqpay.readWebhookEvent("{\"event\":\"payment.capture.success\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"card\",\"cardDetails\":{\"number\":\"4000000000002504\",\"expiryMonth\":\"12\",\"expiryYear\":\"30\",\"cvc\":\"123\"}} | INVALID_FIELD",
            "{\"type\":\"card\",\"cardDetails\":{\"number\":\"4000000000002503\",\"expiryMonth\":\"13\",\"expiryYear\":\"30\",\"cvc\":\"123\"}} | INVALID_FIELD",
            "{\"type\":\"card\",\"cardDetails\":{\"number\":\"4000000000002503\",\"expiryMonth\":\"12\",\"expiryYear\":\"30\",\"cvc\":\"12\"}}  | INVALID_FIELD",
            "{\"type\":\"payment_method_id\",\"paymentMethodId\":\"pm_1\"}                                                            | INVALID_FIELD",
            "{\"type\":\"payment_method_id\",\"cvc\":\"123\"}                                                                         | MISSING_FIELD",
            "{\"type\":\"spei\"}                                                                                                       | INVALID_FIELD"})
    void anInvalidPaymentMethodIsRefusedWithoutQuotingIt(String method, String code) throws Exception {
        PaymentRequest request = request(json.readTree(method), address("MX"));

        assertThatThrownBy(() -> cheqpay.validate(request)).isInstanceOfSatisfying(HubHttpException.class, e -> {
            assertThat(e.getCode()).isEqualTo(code);
            assertThat(e.getMessage()).doesNotContain("4000000000002504").doesNotContain("pm_1");
        });
    }

    @Test
    void aCardNeedsABillingAddressWithATwoLetterCountry() throws Exception {
        JsonNode card = json.readTree("{\"type\":\"card\",\"cardDetails\":{\"number\":\"4000000000002503\","
                + "\"expiryMonth\":\"12\",\"expiryYear\":\"30\",\"cvc\":\"123\"}}");

        assertThatThrownBy(() -> cheqpay.validate(request(card, null))).hasMessageContaining("billingAddress");
        assertThatThrownBy(() -> cheqpay.validate(request(card, address("Mexico")))).hasMessageContaining("country");
        cheqpay.validate(request(card, address("MX")));
    }

    @Test
    void theKeyIsOrderAndTheOrderIdUnlessTheMerchantGaveOne() throws Exception {
        PaymentRequest request = request(null, null);

        assertThat(cheqpay.idempotencyKey(request, null)).isEqualTo("order_order-9");
        assertThat(cheqpay.idempotencyKey(request, "merchant-key")).isEqualTo("merchant-key");
    }

    private JsonNode address(String country) throws Exception {
        return json.readTree("{\"address\":\"Av. Reforma 123\",\"city\":\"CDMX\",\"postalCode\":\"01000\",\"country\":\"" + country + "\"}");
    }

    private PaymentRequest request(JsonNode method, JsonNode address) throws Exception {
        return new PaymentRequest("user-1", "order-9", 10_000, "MXN", "cheqpay", null, null,
                json.readTree("{\"externalId\":\"user-1\",\"firstName\":\"María\",\"email\":\"a@b.c\"}"), method, address, null);
    }
}
