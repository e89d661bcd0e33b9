package io.paymenthub.provider;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code billing_api_errors_total{provider,endpoint,status}} (seed 000, Track Metrics): failed calls to a
 * platform, by the call's name ({@code POST /payments}, never a payment id) and the HTTP status, or
 * {@code no_response} for a call that got no answer at all. And {@code hub_platform_auth_failures_total{provider}}:
 * the platform refused the hub's own credentials (the alert PlatformAuthenticationFailures).
 */
@Component("platformCallMetrics")
public class PlatformCallMetrics {

    private final MeterRegistry registry;

    public PlatformCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void failed(String provider, String endpoint, String status) {
        Counter.builder("billing.api.errors").description("Failed calls to a payment platform by endpoint and status")
                .tag("provider", provider).tag("endpoint", endpoint).tag("status", status).register(registry).increment();
    }

    /**
     * The platform refused the hub's credentials: the billing platform its tenant login, Cheqpay its API key. A
     * cached token that expired (a 401 answered by a new login) is not counted: that is the token's life, not a
     * refusal of the credentials.
     */
    public void credentialsRefused(String provider) {
        Counter.builder("hub.platform.auth.failures").description("Refusals of the hub's own credentials by a payment platform")
                .tag("provider", provider).register(registry).increment();
    }
}
