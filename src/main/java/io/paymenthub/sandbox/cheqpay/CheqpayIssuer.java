package io.paymenthub.sandbox.cheqpay;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The card issuer behind the sandbox Cheqpay, deciding an authorization as Cheqpay's sandbox does: an amount
 * of {@code 9000xx} minor units declines with issuer code {@code xx} (51 insufficient funds, 54 expired card,
 * 14 invalid card, any other a plain decline); a card past its expiry month is an expired card; anything else
 * is approved.
 */
public class CheqpayIssuer {

    static final long DECLINE_AMOUNTS_FROM = 900_000;
    static final long DECLINE_AMOUNTS_TO = 900_099;

    private final Clock clock;

    public CheqpayIssuer(Clock clock) {
        this.clock = clock;
    }

    /** @return the decline, or empty when the issuer approves */
    public Optional<CheqpayDecline> decide(long amount, CheqpayCard card) {
        if (amount >= DECLINE_AMOUNTS_FROM && amount <= DECLINE_AMOUNTS_TO) {
            return Optional.of(switch ((int) (amount - DECLINE_AMOUNTS_FROM)) {
                case 51 -> CheqpayDecline.INSUFFICIENT_FUNDS;
                case 54 -> CheqpayDecline.EXPIRED_CARD;
                case 14 -> CheqpayDecline.INVALID_CARD;
                default -> CheqpayDecline.DECLINED;
            });
        }
        if (YearMonth.now(clock.withZone(ZoneOffset.UTC)).isAfter(expiry(card))) {
            return Optional.of(CheqpayDecline.EXPIRED_CARD);
        }
        return Optional.empty();
    }

    /** A card is good through the last day of its expiry month; "30" is 2030. */
    static YearMonth expiry(CheqpayCard card) {
        int year = Integer.parseInt(card.expiryYear());
        return YearMonth.of(year < 100 ? 2000 + year : year, Integer.parseInt(card.expiryMonth()));
    }
}
