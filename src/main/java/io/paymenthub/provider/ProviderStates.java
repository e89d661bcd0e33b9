package io.paymenthub.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What each platform's last answer said about the platform itself, for the {@code providers} health component: whether
 * it accepted the hub's credentials (the billing platform's tenant login, Cheqpay's API key), so an operator sees at
 * once when a key stops working, e.g. while rotating it (seed 004: add, test, switch, retire); and whether it answered
 * at all (a 5xx, 408, 429, a timeout or a refused connection is the platform being unavailable, any other answer is the
 * platform being there). Unknown until the first call. Each refusal of the credentials is also counted
 * ({@code hub_platform_auth_failures_total{provider}}).
 */
@Component
public class ProviderStates {

    private final Map<String, Boolean> accepted = new ConcurrentHashMap<>();
    private final Map<String, Boolean> available = new ConcurrentHashMap<>();
    private final PlatformCallMetrics metrics;

    public ProviderStates(PlatformCallMetrics metrics) {
        this.metrics = metrics;
    }

    public void accepted(String provider) {
        accepted.put(provider, Boolean.TRUE);
    }

    public void refused(String provider) {
        accepted.put(provider, Boolean.FALSE);
        metrics.credentialsRefused(provider);
    }

    /** The platform answered a call, whatever it said: it is there. */
    public void answered(String provider) {
        available.put(provider, Boolean.TRUE);
    }

    /** A call got no usable answer (5xx, 408, 429, timeout, refused connection). */
    public void unavailable(String provider) {
        available.put(provider, Boolean.FALSE);
    }

    /** @return true or false after a call, null before the first */
    public Boolean state(String provider) {
        return accepted.get(provider);
    }

    /** @return whether the platform answered its last call, null before the first */
    public Boolean availability(String provider) {
        return available.get(provider);
    }
}
