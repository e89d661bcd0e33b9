package io.paymenthub.provider;

/** The platform answered 5xx, 408 or 429: it may succeed later, so the call is retried. */
public class PlatformUnavailableException extends RuntimeException {

    private final int status;

    public PlatformUnavailableException(int status) {
        this(status, "Platform unavailable: HTTP " + status);
    }

    protected PlatformUnavailableException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int getStatus() { return status; }
}
