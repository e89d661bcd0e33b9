package io.paymenthub.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The connectors of the configured providers ({@code hub.providers.<name>}): a merchant switches provider by
 * configuration, never by code. A connector whose provider is not configured is not offered.
 */
@Component("paymentProviders")
public class PaymentProviders {

    private final Map<String, PaymentProvider> configured = new LinkedHashMap<>();

    public PaymentProviders(List<PaymentProvider> connectors, HubProperties properties) {
        for (PaymentProvider connector : connectors) {
            if (properties.getProviders().containsKey(connector.name())) {
                configured.put(connector.name(), connector);
            }
        }
    }

    /** The connector of a provider the hub is configured for; 400 UNKNOWN_PROVIDER otherwise. */
    public PaymentProvider of(String name) {
        PaymentProvider connector = name == null ? null : configured.get(name);
        if (connector == null) {
            throw new HubHttpException(400, "UNKNOWN_PROVIDER", "provider is not configured");
        }
        return connector;
    }

    public boolean isConfigured(String name) {
        return name != null && configured.containsKey(name);
    }

    public Set<String> names() {
        return configured.keySet();
    }
}
