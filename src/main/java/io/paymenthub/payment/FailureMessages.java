package io.paymenthub.payment;

import java.util.Map;

/**
 * Customer-friendly words for a failed payment (seed 004, friendly error messages; seed 000, avoid
 * technical jargon): the platform's failure code picks a sentence a shopper understands.
 */
final class FailureMessages {

    private static final Map<String, String> BY_CODE = Map.of(
            "DECLINED", "Your payment was declined. Please use a different payment method or contact your bank.",
            "INSUFFICIENT_FUNDS", "Your payment was declined for insufficient funds. Please use a different payment method.",
            "EXPIRED_CARD", "Your card has expired. Please use a different card.",
            "INVALID_CARD", "Your card details are not valid. Please check them and try again.",
            "FRAUD_SUSPECTED", "Your payment could not be completed. Please contact your bank.");

    private FailureMessages() {
    }

    static String statusMessage(PaymentStatus status, String failureCode) {
        if (status == PaymentStatus.FAILED && failureCode != null) {
            return BY_CODE.getOrDefault(failureCode, status.message());
        }
        return status.message();
    }
}
