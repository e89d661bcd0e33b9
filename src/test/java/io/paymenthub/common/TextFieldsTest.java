package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextFieldsTest {

    @Test
    void acceptsUpToTheLimitAndRefusesBeyondItWithFieldTooLong() {
        assertThat(TextFields.API.identifier("orderId", "o".repeat(255), 255)).hasSize(255);

        assertThatThrownBy(() -> TextFields.API.identifier("orderId", "o".repeat(256), 255))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("FIELD_TOO_LONG");
                    assertThat(e.getMessage()).isEqualTo("orderId is longer than 255 characters");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\ud800b", "a\udc00b", "ab\ud800", "a\u001bb", "a\u007fb", "a\u0085b", "a\uffffb", "a\nb"})
    void refusesControlCharactersLoneSurrogatesAndNonCharactersInIdentifiers(String value) {
        assertThatThrownBy(() -> TextFields.API.identifier("userId", value, 255))
                .isInstanceOfSatisfying(HubHttpException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("INVALID_FIELD");
                    assertThat(e.getMessage()).startsWith("userId contains a character that is not allowed");
                });
    }

    @Test
    void refusesZeroWidthAndBidiMarksInIdentifiersOnly() {
        assertThatThrownBy(() -> TextFields.API.identifier("userId", "user\u200b1", 255)).isInstanceOf(HubHttpException.class);
        assertThatThrownBy(() -> TextFields.API.identifier("userId", "user\u202e1", 255)).isInstanceOf(HubHttpException.class);
        assertThat(TextFields.API.freeText("description", "\u200fשלום", 100)).isEqualTo("\u200fשלום");
    }

    @Test
    void freeTextKeepsTabsAndLineBreaksButNoOtherControlCharacter() {
        assertThat(TextFields.API.freeText("description", "Order 9\n\tgift wrap\r\n", 100)).isEqualTo("Order 9\n\tgift wrap\r\n");
        assertThatThrownBy(() -> TextFields.API.freeText("description", "Order\u00009", 100))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getCode()).isEqualTo("INVALID_FIELD"));
    }

    @Test
    void keepsCharactersOutsideTheBasicPlaneAndAccents() {
        assertThat(TextFields.API.identifier("userId", "María-\ud83d\ude00", 255)).isEqualTo("María-\ud83d\ude00");
    }

    @Test
    void webhookRefusalsAreMalformedEvents() {
        assertThatThrownBy(() -> TextFields.WEBHOOK.identifier("eventId", "e".repeat(256), 255))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT"));
        assertThatThrownBy(() -> TextFields.WEBHOOK.identifier("eventId", "e\u0000", 255))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getCode()).isEqualTo("MALFORMED_EVENT"));
    }

    @Test
    void neverQuotesTheValue() {
        assertThatThrownBy(() -> TextFields.API.identifier("userId", "<script>alert(1)</script>\u0000", 255))
                .isInstanceOfSatisfying(HubHttpException.class, e -> assertThat(e.getMessage()).doesNotContain("script"));
    }

    @Test
    void tellsWhetherAValueCouldBeAnIdentifier() {
        assertThat(TextFields.isIdentifier("0b0e6f3c-5d1a-4c5e-9a3b-2f1e0d9c8b7a", TextFields.PAYMENT_ID)).isTrue();
        assertThat(TextFields.isIdentifier("x".repeat(41), TextFields.PAYMENT_ID)).isFalse();
        assertThat(TextFields.isIdentifier("a\u0000", TextFields.PAYMENT_ID)).isFalse();
        assertThat(TextFields.isIdentifier(null, TextFields.PAYMENT_ID)).isFalse();
    }
}
