package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardNumberMaskerTest {

    private final CardNumberMasker masker = new CardNumberMasker();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            my card 4000000000002503 thanks      | my card 400000******2503 thanks
            4000 0000 0000 2503                  | 4000 00** **** 2503
            5200-0000-0000-2151                  | 5200-00**-****-2151
            4000000000003220                     | 400000******3220
            card 4000 0000 0000 2503 x2          | card 4000 00** **** 2503 x2
            a 4000000000002503 and 5200000000002151 | a 400000******2503 and 520000******2151
            4222222222222                        | 422222***2222
            "card:4000-0000-0000-2503."          | "card:4000-00**-****-2503."
            """)
    void masksEveryLuhnValidNumberOf13To19DigitsToItsFirst6AndLast4(String text, String masked) {
        assertThat(masker.mask(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Order 4000000000002504
            Order 400000000000
            reference 12345678901234567890123456
            Order 9, 2 items
            phone +36 1 234 5678
            order-25c9f50e-4859-44a7-9995-816705471b38
            """)
    void leavesOtherTextAndNumbersAsTheyAre(String text) {
        assertThat(masker.mask(text)).isEqualTo(text);
    }

    @Test
    void leavesNullAndShortTextAlone() {
        assertThat(masker.mask(null)).isNull();
        assertThat(masker.mask("Order 9")).isEqualTo("Order 9");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            paymentId=pay_5555555555554444            | paymentId=pay_555555******4444
            "number":"4000000000002503"               | "number":"400000******2503"
            4000000000002503                          | 400000******2503
            at 4000000000002503.                      | at 400000******2503.
            4222222222222 and 5200000000002151        | 422222***2222 and 520000******2151
            refused:\\n4000000000003220               | refused:\\n400000******3220
            a\\t4000000000003220                      | a\\t400000******3220
            x\\u00014000000000003220                  | x\\u0001400000******3220
            x\\u001b4000000000003220                  | x\\u001b400000******3220
            """)
    void standaloneNumbersAreMaskedBetweenBoundariesAndAfterJsonEscapes(String text, String masked) {
        assertThat(masker.maskStandaloneNumbers(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            abc4111111111111111
            4111111111111111abc
            pay_4000000000002504
            reference 12345678901234567890123456
            4000 0000 0000 2503
            at 2025-01-01T10:00:00.123Z thread 42
            """)
    void standaloneRuleLeavesNumbersJoinedToLettersAndOtherDigitsAlone(String text) {
        assertThat(masker.maskStandaloneNumbers(text)).isSameAs(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            4000000000002503     | 400000******2503
            4000000000002504     | 400000******2504
            4000 0000 0000 2503  | 4000 00** **** 2503
            123456789012         | ************
            400000******2503     | 400000******2503
            """)
    void aKnownCardNumberKeepsAtMostItsFirst6AndLast4Digits(String number, String masked) {
        assertThat(masker.maskKnownCardNumber(number)).isEqualTo(masked);
    }
}
