package io.paymenthub.provider;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code providers} health component (contract section 1): for each configured provider
 * {@code details.<provider>.status}, DOWN while the platform refuses the hub's credentials, and
 * {@code credentialsAccepted} (true, false, or "not used yet"). The component itself stays UP whatever a
 * platform's state: a platform that is down makes neither the overall status nor readiness DOWN, because the hub
 * still accepts and queues work.
 */
@Component
public class ProvidersHealthIndicator implements HealthIndicator {

    private final PaymentProviders providers;
    private final ProviderCredentials credentials;

    public ProvidersHealthIndicator(PaymentProviders providers, ProviderCredentials credentials) {
        this.providers = providers;
        this.credentials = credentials;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (String provider : providers.names()) {
            Boolean accepted = credentials.state(provider);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", Boolean.FALSE.equals(accepted) ? "DOWN" : "UP");
            detail.put("credentialsAccepted", accepted == null ? "not used yet" : accepted);
            details.put(provider, detail);
        }
        return Health.up().withDetails(details).build();
    }
}
