package io.paymenthub.provider;

/**
 * The provider's circuit breaker is open (or its half-open probes are all out): the hub did not call the platform.
 * To every caller it is the platform being unavailable (a billing payment is QUEUED at once, a card payment 503,
 * a broker message redelivered later), but the platform call policy never retries it: the breaker decides when the
 * next call may go.
 */
public class PlatformCircuitOpenException extends PlatformUnavailableException {

    public PlatformCircuitOpenException(String provider) {
        super(503, "Not called: the circuit breaker of provider " + provider + " is open");
    }
}
