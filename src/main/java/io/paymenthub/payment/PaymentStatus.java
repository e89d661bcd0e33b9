package io.paymenthub.payment;

/** The hub's payment states (contract section 4) with the customer-facing message of each (seed 000). */
public enum PaymentStatus {
    QUEUED("Payment system temporarily unavailable. Your request has been queued."),
    CREATED("Initializing payment..."),
    REQUIRES_ACTION("Additional verification is required to complete your payment."),
    PROVIDER_PENDING("Processing your payment. This may take a few moments."),
    SUCCEEDED("Payment successful! Thank you for your purchase."),
    FAILED("Payment failed. Please check your payment details and try again."),
    EXPIRED("Payment session expired. Please start a new payment."),
    CANCELLED("Payment cancelled."),
    PARTIALLY_REFUNDED("Payment partially refunded."),
    REFUNDED("Payment refunded.");

    private final String message;

    PaymentStatus(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
