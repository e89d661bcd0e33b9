package io.paymenthub.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.payment.PaymentStatus;

/**
 * A platform's answer about one payment, translated by its connector into the hub's vocabulary.
 *
 * @param providerPaymentId the platform's id of the payment
 * @param status            the hub status the platform's status maps to (contract section 4)
 * @param redirectUrl       where the customer goes next, if anywhere
 * @param nextAction        the 3-D Secure step the front end runs ({"type","url","jwt"}), while REQUIRES_ACTION
 * @param paymentMethod     the card as the platform tokenised it: id, brand, BIN, last 4, expiry; never more
 * @param listed            for a payment listed at the platform: its userId, orderId, amount, currency, createdAt
 */
public record ProviderPayment(String providerPaymentId, PaymentStatus status, String redirectUrl, JsonNode nextAction,
                              JsonNode paymentMethod, JsonNode listed) {

    /** The 3-D Secure step as the payments row keeps it, or null. */
    public String storedNextAction() {
        return stored(nextAction);
    }

    /** The card summary as the payments row keeps it, or null. */
    public String storedPaymentMethod() {
        return stored(paymentMethod);
    }

    private static String stored(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.toString();
    }
}
