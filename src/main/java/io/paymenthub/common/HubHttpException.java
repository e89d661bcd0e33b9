package io.paymenthub.common;

/**
 * A refusal that the caller must see as a specific HTTP status and contract error code.
 * The message is a human sentence safe to return: never a secret, a signature or a stack trace.
 */
public class HubHttpException extends RuntimeException {

    private final int status;
    private final String code;

    public HubHttpException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int getStatus() { return status; }
    public String getCode() { return code; }

    /** The refusal in a failure's cause chain: a bean called from an expression arrives wrapped. */
    public static HubHttpException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HubHttpException refusal) {
                return refusal;
            }
        }
        return null;
    }

    public static HubHttpException unauthorized() {
        return new HubHttpException(401, "UNAUTHORIZED", "A valid API key is required");
    }

    public static HubHttpException notFound(String what) {
        return new HubHttpException(404, "NOT_FOUND", what + " not found");
    }
}
