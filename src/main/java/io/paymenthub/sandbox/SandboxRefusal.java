package io.paymenthub.sandbox;

/**
 * An answer of the fake platform other than success: the HTTP status and the platform's error code,
 * e.g. 409 {@code IDEMPOTENCY_CONFLICT}. The message is safe to send: never a secret or a token.
 */
public class SandboxRefusal extends RuntimeException {

    private final int status;
    private final String code;

    public SandboxRefusal(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }

    static SandboxRefusal unauthorized(String message) {
        return new SandboxRefusal(401, "UNAUTHORIZED", message);
    }

    static SandboxRefusal badRequest(String code, String message) {
        return new SandboxRefusal(400, code, message);
    }

    static SandboxRefusal notFound(String message) {
        return new SandboxRefusal(404, "NOT_FOUND", message);
    }
}
