package io.paymenthub.provider;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code providers} health component (contract section 1): for each configured provider
 * {@code details.<provider>.status}, DOWN while the platform refuses the hub's credentials or does not answer
 * (5xx, timeouts, refused connections) or while its circuit breaker is open (the hub does not call it), with
 * {@code credentialsAccepted} and {@code available} (true, false, or "not used yet") and {@code circuitBreaker}
 * ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, or {@code DISABLED}; {@link PlatformCircuitBreakers}). While a provider is DOWN the component itself is {@link #DEGRADED}: it never makes the overall
 * status or readiness DOWN (management.endpoint.health.status.order ranks UP above DEGRADED, and readiness does not
 * include this component), because the hub still accepts and queues work.
 */
@Component
public class ProvidersHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "A payment platform is unavailable or refuses the hub's credentials");

    private final PaymentProviders providers;
    private final ProviderStates states;
    private final PlatformCircuitBreakers breakers;

    public ProvidersHealthIndicator(PaymentProviders providers, ProviderStates states, PlatformCircuitBreakers breakers) {
        this.providers = providers;
        this.states = states;
        this.breakers = breakers;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean anyDown = false;
        for (String provider : providers.names()) {
            Boolean accepted = states.state(provider);
            Boolean available = states.availability(provider);
            CircuitBreaker.State circuit = breakers.state(provider);
            boolean down = Boolean.FALSE.equals(accepted) || Boolean.FALSE.equals(available)
                    || circuit == CircuitBreaker.State.OPEN;
            anyDown |= down;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", down ? "DOWN" : "UP");
            detail.put("credentialsAccepted", accepted == null ? "not used yet" : accepted);
            detail.put("available", available == null ? "not used yet" : available);
            detail.put("circuitBreaker", circuit.name());
            details.put(provider, detail);
        }
        return Health.status(anyDown ? DEGRADED : Status.UP).withDetails(details).build();
    }
}
