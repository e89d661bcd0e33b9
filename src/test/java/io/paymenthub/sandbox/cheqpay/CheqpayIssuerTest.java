package io.paymenthub.sandbox.cheqpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheqpayIssuerTest {

    /** The last evening of November 2026 in UTC, already 1 December at the clock's own offset: expiry is judged in UTC. */
    private final CheqpayIssuer issuer = new CheqpayIssuer(Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.ofHours(5)));

    @ParameterizedTest
    @CsvSource({"900051,INSUFFICIENT_FUNDS", "900054,EXPIRED_CARD", "900014,INVALID_CARD", "900000,DECLINED",
            "900033,DECLINED", "900099,DECLINED"})
    void amountsOf9000xxDeclineByTheirIssuerCode(long amount, CheqpayDecline decline) {
        assertThat(issuer.decide(amount, card("12", "30"))).contains(decline);
    }

    @ParameterizedTest
    @CsvSource({"899999", "900100", "5000", "1"})
    void otherAmountsAreApproved(long amount) {
        assertThat(issuer.decide(amount, card("12", "30"))).isEmpty();
    }

    @Test
    void aCardIsGoodThroughItsExpiryMonthInUtc() {
        assertThat(issuer.decide(5000, card("11", "26"))).isEmpty();
        assertThat(issuer.decide(5000, card("11", "2026"))).isEmpty();
        assertThat(issuer.decide(5000, card("10", "26"))).contains(CheqpayDecline.EXPIRED_CARD);
        assertThat(issuer.decide(5000, card("12", "2025"))).contains(CheqpayDecline.EXPIRED_CARD);
    }

    @ParameterizedTest
    @CsvSource({"4000000000002503,visa", "5200000000002151,mastercard", "2221000000000009,mastercard",
            "378282246310005,amex", "6011111111111117,discover", "6500000000000002,discover", "3530111333300000,unknown"})
    void brandIsLowerCaseByTheNetworksRanges(String number, String brand) {
        CheqpayCard card = CheqpayCard.of(number, "12", "30");

        assertThat(card.brand()).isEqualTo(brand);
        assertThat(card.bin()).isEqualTo(number.substring(0, 6));
        assertThat(card.last4()).isEqualTo(number.substring(number.length() - 4));
        assertThat(card.toString()).doesNotContain(number);
    }

    @Test
    void onlyTheThreeDSecureTestCardAsksForAuthentication() {
        assertThat(CheqpayCard.of("4000000000003220", "12", "30").asksForAuthentication()).isTrue();
        assertThat(CheqpayCard.of("4000000000002503", "12", "30").asksForAuthentication()).isFalse();
    }

    private static CheqpayCard card(String month, String year) {
        return new CheqpayCard("400000", "2503", "visa", month, year, false);
    }
}
