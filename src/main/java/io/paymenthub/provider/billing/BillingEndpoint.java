package io.paymenthub.provider.billing;

import io.paymenthub.config.HubProperties;
import io.paymenthub.provider.ProviderBaseUrl;
import org.springframework.stereotype.Component;

/**
 * Where the billing platform is and how the hub logs in to it: {@code hub.providers.billing.base-url},
 * {@code tenant-id} and {@code tenant-secret}. Configuration only: the sandbox, when it runs, is that
 * configuration (config.SandboxStartupCheck).
 */
@Component
public class BillingEndpoint {

    private final HubProperties.Provider billing;
    private final ProviderBaseUrl baseUrl;

    public BillingEndpoint(HubProperties properties, ProviderBaseUrl baseUrl) {
        this.billing = properties.getProviders().computeIfAbsent(BillingConnector.NAME, name -> new HubProperties.Provider());
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl.of(BillingConnector.NAME);
    }

    public String tenantId() {
        return billing.getTenantId();
    }

    public String tenantSecret() {
        if (billing.getTenantSecret() == null || billing.getTenantSecret().isBlank()) {
            throw new IllegalStateException("hub.providers.billing.tenant-secret is not set");
        }
        return billing.getTenantSecret();
    }
}
