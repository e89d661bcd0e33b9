package io.paymenthub.provider;

/** The platform answered 401 to a call made with a cached token: log in again once and repeat. */
public class TokenRejectedException extends RuntimeException {

    public TokenRejectedException() {
        super("Platform rejected the access token", null, false, false);
    }
}
