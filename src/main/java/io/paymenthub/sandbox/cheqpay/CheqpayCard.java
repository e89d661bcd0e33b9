package io.paymenthub.sandbox.cheqpay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sandbox Cheqpay keeps of a card: never the number or the CVC, only what Cheqpay answers with
 * ({@code bin} = the first 6 digits, {@code last4}, a lower-case {@code brand}, the expiry) and whether it is
 * the test card that asks for 3-D Secure, so that a saved copy of it asks again.
 */
public record CheqpayCard(String bin, String last4, String brand, String expiryMonth, String expiryYear,
                          boolean asksForAuthentication) {

    /** Cheqpay's sandbox card that answers {@code PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED}. */
    static final String AUTHENTICATION_TEST_CARD = "4000000000003220";

    /** @param number a card number already checked to be 13–19 digits and Luhn-valid; not kept */
    static CheqpayCard of(String number, String expiryMonth, String expiryYear) {
        return new CheqpayCard(number.substring(0, 6), number.substring(number.length() - 4), brandOf(number),
                expiryMonth, expiryYear, AUTHENTICATION_TEST_CARD.equals(number));
    }

    /** By the issuer identification ranges of the card networks; "unknown" outside them. */
    static String brandOf(String number) {
        int two = Integer.parseInt(number.substring(0, 2));
        int four = Integer.parseInt(number.substring(0, 4));
        if (number.charAt(0) == '4') {
            return "visa";
        }
        if (two >= 51 && two <= 55 || four >= 2221 && four <= 2720) {
            return "mastercard";
        }
        if (two == 34 || two == 37) {
            return "amex";
        }
        if (four == 6011 || two == 65 || four >= 6440 && four <= 6499) {
            return "discover";
        }
        return "unknown";
    }

    /** Cheqpay's {@code cardDetails}. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bin", bin);
        json.put("last4", last4);
        json.put("brand", brand);
        json.put("expiryMonth", expiryMonth);
        json.put("expiryYear", expiryYear);
        return json;
    }
}
