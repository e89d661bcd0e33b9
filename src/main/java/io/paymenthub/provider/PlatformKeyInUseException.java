package io.paymenthub.provider;

/**
 * The platform answered 409 to a create that carried the hub's own Idempotency-Key. The hub sends one
 * body per key, so the 409 means another attempt with this key is (or was) at the platform first: the
 * payment is not refused, and its outcome is the platform's answer to a later attempt with the same key
 * (retried like an outage), never a failure.
 */
public class PlatformKeyInUseException extends PlatformUnavailableException {

    public PlatformKeyInUseException(String code) {
        super(409, "The platform holds another attempt with this Idempotency-Key: HTTP 409 " + code);
    }
}
