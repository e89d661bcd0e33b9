package io.paymenthub.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Whether each platform accepted the hub's credentials on its last answer (the billing platform's tenant login,
 * Cheqpay's API key), for the {@code providers} health component: so an operator sees at once when a key stops
 * working, e.g. while rotating it (seed 004: add, test, switch, retire). Unknown until the first call. Each refusal
 * is also counted ({@code hub_platform_auth_failures_total{provider}}).
 */
@Component
public class ProviderCredentials {

    private final Map<String, Boolean> accepted = new ConcurrentHashMap<>();
    private final PlatformCallMetrics metrics;

    public ProviderCredentials(PlatformCallMetrics metrics) {
        this.metrics = metrics;
    }

    public void accepted(String provider) {
        accepted.put(provider, Boolean.TRUE);
    }

    public void refused(String provider) {
        accepted.put(provider, Boolean.FALSE);
        metrics.credentialsRefused(provider);
    }

    /** @return true or false after a call, null before the first */
    public Boolean state(String provider) {
        return accepted.get(provider);
    }
}
