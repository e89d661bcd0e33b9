package io.paymenthub.monitoring;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * PlatformAuthenticationFailures (seed 004 Set Up Alerts: authentication failures): a platform refused the hub's
 * own credentials (the billing platform's tenant login, Cheqpay's API key) {@code min-failures} times or more since
 * the last evaluation, from this instance's {@code hub_platform_auth_failures_total{provider}}. Evaluated by every
 * instance for itself: each holds its own token and sends its own key, and the counter is its own.
 */
@Component
public class PlatformAuthenticationFailuresCondition implements AlertCondition {

    public static final String ALERT = "PlatformAuthenticationFailures";
    static final String COUNTER = "hub.platform.auth.failures";

    private final MeterRegistry registry;
    private final MonitoringProperties.PlatformAuthFailures settings;
    private final MonitoringProperties properties;

    public PlatformAuthenticationFailuresCondition(MeterRegistry registry, MonitoringProperties properties) {
        this.registry = registry;
        this.properties = properties;
        this.settings = properties.getPlatformAuthFailures();
    }

    @Override
    public String alert() {
        return ALERT;
    }

    @Override
    public String severity() {
        return "critical";
    }

    @Override
    public String whatToCheck() {
        return "the provider's credentials: hub.providers.billing.base-url, tenant-id and tenant-secret, or "
                + "hub.providers.cheqpay.api-key, merchant-id and base-url (a sandbox key does not work in production); "
                + "/actuator/health shows providers.<provider>.credentialsAccepted; payments wait QUEUED meanwhile";
    }

    @Override
    public AlertReading read(Instant now, Map<String, Long> memory) {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter counter : registry.find(COUNTER).counters()) {
            String provider = counter.getId().getTag("provider");
            counts.merge(provider == null ? "unknown" : provider, (long) counter.count(), Long::sum);
        }
        Map<String, Long> refusals = new TreeMap<>();
        counts.forEach((provider, count) -> {
            long since = count - memory.getOrDefault(provider, 0L);
            if (since > 0) {
                refusals.put(provider, since);
            }
        });
        long total = refusals.values().stream().mapToLong(Long::longValue).sum();
        String summary = total == 0
                ? "no platform refused the hub's credentials since the last evaluation"
                : "the platforms refused the hub's credentials " + (total == 1 ? "once" : total + " times")
                        + " since the last evaluation ("
                        + refusals.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining(", ")) + ")";
        return new AlertReading(total >= settings.getMinFailures(), total, settings.getMinFailures(),
                properties.getInterval(), summary, counts);
    }
}
