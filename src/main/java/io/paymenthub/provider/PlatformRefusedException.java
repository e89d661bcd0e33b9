package io.paymenthub.provider;

/** The platform answered with a 4xx other than 401/408/429: retrying cannot help. */
public class PlatformRefusedException extends RuntimeException {

    private final int status;
    private final String code;

    public PlatformRefusedException(int status, String code, String message) {
        super("Platform refused the call: " + status + " " + code, null, false, false);
        this.status = status;
        this.code = code;
        this.platformMessage = message;
    }

    private final String platformMessage;

    /** The refusal in a failure's cause chain (Camel may hand it over wrapped), or null. */
    public static PlatformRefusedException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PlatformRefusedException refusal) {
                return refusal;
            }
        }
        return null;
    }

    public int getStatus() { return status; }
    public String getCode() { return code; }
    public String getPlatformMessage() { return platformMessage; }
}
