package io.paymenthub.provider.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;
import io.paymenthub.webhook.WebhookFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BillingWebhookEventTest {

    private final BillingConnector billing = new BillingConnector(new ObjectMapper(),
            new WebhookFields(new StrictJsonReader(new ObjectMapper().findAndRegisterModules())));

    private WebhookEvent parse(String json) {
        return billing.readWebhookEvent(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesFullEvent() {
        WebhookEvent event = parse("""
                {"eventId": "evt_1", "eventType": "refund.succeeded", "createdAt": "2024-05-01T10:15:30.123Z",
                 "data": {"paymentId": "pay_42", "amount": 1250, "currency": "EUR"}, "extra": true}
                """);

        assertThat(event).isEqualTo(new WebhookEvent("evt_1", "refund.succeeded",
                Instant.parse("2024-05-01T10:15:30.123Z"), "pay_42", 1250L, EventEffect.REFUND_SUCCEEDED));
    }

    @Test
    void eventWithoutDataOrCreatedAtIsParsedWithNullFields() {
        assertThat(parse("{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\"}"))
                .isEqualTo(new WebhookEvent("evt_1", "payment.pending", null, null, null,
                        EventEffect.status(io.paymenthub.payment.PaymentStatus.PROVIDER_PENDING)));
    }

    @Test
    void nonTextPaymentIdAndMissingAmountAreLeftNull() {
        WebhookEvent event = parse("""
                {"eventId": "evt_1", "eventType": "payment.succeeded", "data": {"paymentId": 42, "amount": null}}
                """);

        assertThat(event.providerPaymentId()).isNull();
        assertThat(event.amount()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "{\"eventId\": \"evt_1\",",
            "[{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\"}]",
            "\"just a string\"",
            "42",
            "",
            "{\"eventType\": \"payment.pending\"}",
            "{\"eventId\": \"\", \"eventType\": \"payment.pending\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"   \"}",
            "{\"eventId\": \"evt_1\"}",
            "{\"eventId\": 123, \"eventType\": \"payment.pending\"}",
            "{\"eventId\": null, \"eventType\": \"payment.pending\"}",
            "{\"eventId\": {\"id\": \"evt_1\"}, \"eventType\": \"payment.pending\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": [\"payment.pending\"]}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\", \"createdAt\": \"yesterday\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\", \"createdAt\": \"2024-05-01 10:15:30\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"refund.succeeded\", \"data\": {\"amount\": -500}}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"refund.succeeded\", \"data\": {\"amount\": 0}}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"refund.succeeded\", \"data\": {\"amount\": 12.5}}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"refund.succeeded\", \"data\": {\"amount\": \"100\"}}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"refund.succeeded\", \"data\": {\"amount\": 18446744073709551617}}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.succeeded\", \"data\": \"pay_1\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.succeeded\", \"data\": [{\"paymentId\": \"pay_1\"}]}",
            // item 12b: strict JSON
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\"}}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\"} {}",
            "{\"eventId\": \"evt_1\", \"eventId\": \"evt_2\", \"eventType\": \"payment.pending\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\", \"data\": {\"paymentId\": \"a\", \"paymentId\": \"b\"}}",
            "   ",
            // item 12: characters the database refuses or changes
            "{\"eventId\": \"evt\\u0000_1\", \"eventType\": \"payment.pending\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.\\u0000pending\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\", \"data\": {\"paymentId\": \"pay\\u0000\"}}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\", \"data\": {\"paymentId\": \"a\\ud800b\"}}",
            "{\"eventId\": \"evt_\\udc00\", \"eventType\": \"payment.pending\"}",
            "{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\", \"data\": {\"paymentId\": \"pay_\\u202e1\"}}"})
    void malformedEventIsRejectedWith400(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT");
                });
    }

    @Test
    void idsUpTo255CharactersAreAcceptedAndLongerOnesRejected() {
        String max = "e".repeat(255);
        assertThat(parse("{\"eventId\": \"" + max + "\", \"eventType\": \"payment.pending\"}").eventId())
                .isEqualTo(max);

        assertThatThrownBy(() -> parse("{\"eventId\": \"" + max + "e\", \"eventType\": \"payment.pending\"}"))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT"));
    }

    @Test
    void eventTypeLongerThanItsColumnIsRejected() {
        String type = "t".repeat(101);

        assertThatThrownBy(() -> parse("{\"eventId\": \"evt_1\", \"eventType\": \"" + type + "\"}"))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT"));
        assertThat(parse("{\"eventId\": \"evt_1\", \"eventType\": \"" + "t".repeat(100) + "\"}").eventType()).hasSize(100);
    }

    @Test
    void aSignedPaymentIdLongerThanItsColumnIsRejected() {
        String id = "p".repeat(256);

        assertThatThrownBy(() -> parse("{\"eventId\": \"evt_1\", \"eventType\": \"payment.pending\", \"data\": {\"paymentId\": \""
                + id + "\"}}"))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT"));
    }

    @Test
    void anIdWithACharacterOutsideTheBasicPlaneIsKeptAsItIs() {
        assertThat(parse("{\"eventId\": \"evt_\\ud83d\\ude00\", \"eventType\": \"payment.pending\"}").eventId())
                .isEqualTo("evt_\ud83d\ude00");
    }

    @Test
    void theRefusalOfABadCharacterNamesTheFieldWithoutQuotingIt() {
        assertThatThrownBy(() -> parse("{\"eventId\": \"<script>\\u0000\", \"eventType\": \"payment.pending\"}"))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getMessage())
                        .contains("eventId").doesNotContain("<script>"));
    }
}
