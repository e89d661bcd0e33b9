package io.paymenthub.billing;

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

    public int getStatus() { return status; }
    public String getCode() { return code; }
    public String getPlatformMessage() { return platformMessage; }
}
