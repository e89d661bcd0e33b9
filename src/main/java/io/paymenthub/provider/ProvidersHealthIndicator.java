package io.paymenthub.provider;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code providers} health component (contract section 1): for each configured provider
 * {@code details.<provider>.status}, DOWN while the platform refuses the hub's credentials or does not answer
 * (5xx, timeouts, refused connections), with {@code credentialsAccepted} and {@code available} (true, false, or
 * "not used yet"). While a provider is DOWN the component itself is {@link #DEGRADED}: it never makes the overall
 * status or readiness DOWN (management.endpoint.health.status.order ranks UP above DEGRADED, and readiness does not
 * include this component), because the hub still accepts and queues work.
 */
@Component
public class ProvidersHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "A payment platform is unavailable or refuses the hub's credentials");

    private final PaymentProviders providers;
    private final ProviderStates states;

    public ProvidersHealthIndicator(PaymentProviders providers, ProviderStates states) {
        this.providers = providers;
        this.states = states;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean anyDown = false;
        for (String provider : providers.names()) {
            Boolean accepted = states.state(provider);
            Boolean available = states.availability(provider);
            boolean down = Boolean.FALSE.equals(accepted) || Boolean.FALSE.equals(available);
            anyDown |= down;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", down ? "DOWN" : "UP");
            detail.put("credentialsAccepted", accepted == null ? "not used yet" : accepted);
            detail.put("available", available == null ? "not used yet" : available);
            details.put(provider, detail);
        }
        return Health.status(anyDown ? DEGRADED : Status.UP).withDetails(details).build();
    }
}
