package io.paymenthub.monitoring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code hub_alerts_firing{alert}}: 1 while the alert fires as this instance knows it, else 0; every alert has its
 * series from start-up on. A cluster-wide alert shows on every instance (those that did not evaluate it read its
 * shared state), so {@code max by (alert)} over the instances is the deployment's view.
 */
public class AlertGauges {

    private final Map<String, AtomicInteger> firing = new ConcurrentHashMap<>();

    public AlertGauges(MeterRegistry registry, List<String> alerts) {
        for (String alert : alerts) {
            AtomicInteger value = new AtomicInteger();
            firing.put(alert, value);
            Gauge.builder("hub.alerts.firing", value, AtomicInteger::get)
                    .description("1 while the alert fires, else 0").tag("alert", alert).register(registry);
        }
    }

    public void show(String alert, boolean isFiring) {
        AtomicInteger value = firing.get(alert);
        if (value != null) {
            value.set(isFiring ? 1 : 0);
        }
    }
}
