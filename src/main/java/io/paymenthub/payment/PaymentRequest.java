package io.paymenthub.payment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated request to create a payment (contract section 3). The nested objects are passed to
 * the platform as they came; they are never logged.
 */
public record PaymentRequest(String userId, String orderId, long amount, String currency, String provider,
                             String description, String returnUrl, JsonNode customer, JsonNode paymentMethod,
                             JsonNode billingAddress, JsonNode deviceInformation) {

    @Override
    public String toString() {
        // no customer, card or device data in any log line
        return "PaymentRequest[userId=" + userId + ", orderId=" + orderId + ", amount=" + amount + ", currency=" + currency
                + ", provider=" + provider + "]";
    }
}
