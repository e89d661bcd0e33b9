package io.paymenthub.billing;

import io.paymenthub.config.HubProperties;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.config.SandboxMode;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the billing platform is and how the hub logs in to it: the configured base URL and tenant
 * credentials, or, with the sandbox on (nothing real configured, {@link SandboxMode}), the built-in sandbox
 * of this process.
 */
@Component
public class BillingEndpoint {

    private final HubProperties.Provider billing;
    private final boolean sandbox;
    private final SandboxCredentials sandboxCredentials;
    private final Environment environment;

    public BillingEndpoint(HubProperties properties, SandboxCredentials sandboxCredentials, Environment environment) {
        this.billing = properties.getProviders().computeIfAbsent("billing", name -> new HubProperties.Provider());
        // with the sandbox on no real billing setting is configured (SandboxMode), so nothing real is mixed in
        this.sandbox = SandboxMode.of(properties).on();
        this.sandboxCredentials = sandboxCredentials;
        this.environment = environment;
    }

    public String baseUrl() {
        if (billing.getBaseUrl() != null && !billing.getBaseUrl().isBlank()) {
            return trimSlash(billing.getBaseUrl());
        }
        if (sandbox) {
            // the port is known only once the web server runs, which is before any platform call
            return "http://127.0.0.1:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "8080")) + "/sandbox";
        }
        throw new IllegalStateException("hub.providers.billing.base-url is not set and the sandbox is off");
    }

    public String tenantId() {
        return billing.getTenantId();
    }

    public String tenantSecret() {
        if (billing.getTenantSecret() != null && !billing.getTenantSecret().isBlank()) {
            return billing.getTenantSecret();
        }
        if (sandbox) {
            return sandboxCredentials.tenantSecret();
        }
        throw new IllegalStateException("hub.providers.billing.tenant-secret is not set and the sandbox is off");
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
