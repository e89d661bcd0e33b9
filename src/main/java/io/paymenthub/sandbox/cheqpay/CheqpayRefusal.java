package io.paymenthub.sandbox.cheqpay;

import java.util.List;

/**
 * An answer of the sandbox Cheqpay other than success: the HTTP status, Cheqpay's error code (e.g. 422
 * {@code INSUFFICIENT_FUNDS}) and, for a 400, which fields were wrong. Messages name fields, never their
 * values, so no card number or CVC can come back in an error.
 */
public class CheqpayRefusal extends RuntimeException {

    /** One wrong field of a request, as Cheqpay's {@code error.details} lists it. */
    public record Detail(String field, String message) {
    }

    private final int status;
    private final String code;
    private final List<Detail> details;
    private final String declineReason;

    private CheqpayRefusal(int status, String code, String message, List<Detail> details, String declineReason) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.declineReason = declineReason;
    }

    public CheqpayRefusal(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    public int status() { return status; }
    public String code() { return code; }
    public List<Detail> details() { return details; }
    /** Cheqpay's {@code error.declineReason} of a card decline (e.g. {@code insufficient_funds}); null otherwise. */
    public String declineReason() { return declineReason; }

    /** 422: the issuer refused, or the payer failed 3-D Secure. */
    static CheqpayRefusal declined(CheqpayDecline decline) {
        return new CheqpayRefusal(422, decline.name(), decline.message(), List.of(), decline.reason());
    }

    static CheqpayRefusal invalid(List<Detail> details) {
        return new CheqpayRefusal(400, "VALIDATION_ERROR", "The request is invalid", details, null);
    }

    static CheqpayRefusal invalid(String field, String message) {
        return invalid(List.of(new Detail(field, message)));
    }

    static CheqpayRefusal notFound(String message) {
        return new CheqpayRefusal(404, "NOT_FOUND", message);
    }

    /** 409: the order exists but is not in a status that allows this call. */
    static CheqpayRefusal wrongStatus(CheqpayOrder order, String expected) {
        return new CheqpayRefusal(409, "INVALID_STATUS",
                "The payment order is " + order.status() + "; this call needs it " + expected);
    }

    static CheqpayRefusal unavailable() {
        return new CheqpayRefusal(503, "SERVICE_UNAVAILABLE", "Cheqpay is temporarily unavailable");
    }
}
