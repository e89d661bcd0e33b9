package io.paymenthub.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CardMaskingEncoderTest {

    @Test
    void masksTheCardNumberAndLeavesEveryOtherByteOfAUtf8LineAsItWas() {
        byte[] line = "2025-01-01T10:00:00.123Z INFO María González paid with 4000000000002503 ✓\n"
                .getBytes(StandardCharsets.UTF_8);

        byte[] masked = CardMaskingEncoder.masked(line);

        assertThat(new String(masked, StandardCharsets.UTF_8))
                .isEqualTo("2025-01-01T10:00:00.123Z INFO María González paid with 400000******2503 ✓\n");
    }

    @Test
    void passesALineWithoutThirteenDigitsInARowOnUntouched() {
        byte[] line = "2025-01-01T10:00:00.123Z  INFO 4242 --- [payment-hub] [exec-12] Webhook received eventId=evt_1\n"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(CardMaskingEncoder.masked(line)).isSameAs(line);
        assertThat(CardMaskingEncoder.masked(null)).isNull();
    }
}
