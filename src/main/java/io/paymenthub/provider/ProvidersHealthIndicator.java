package io.paymenthub.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code providers} health component (contract section 1): {@code details.<provider>.status} UP or DOWN. The
 * component itself stays UP whatever a platform's state: a platform that is down makes neither the overall
 * status nor readiness DOWN, because the hub still accepts and queues work.
 */
@Component
public class ProvidersHealthIndicator implements HealthIndicator {

    private final List<ProviderHealth> providers;

    public ProvidersHealthIndicator(List<ProviderHealth> providers) {
        this.providers = providers;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        providers.forEach(provider -> details.put(provider.provider(), provider.details()));
        return Health.up().withDetails(details).build();
    }
}
