package io.paymenthub.provider;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code billing_api_errors_total{provider,endpoint,status}} (seed 000, Track Metrics): failed calls to a
 * platform, by the call's name ({@code POST /payments}, never a payment id) and the HTTP status, or
 * {@code no_response} for a call that got no answer at all; and {@code hub_platform_auth_failures_total{provider}}: the
 * platform refused the hub's own credentials (the billing tenant login, Cheqpay's API key), which no retry fixes and an
 * operator must (one of the alerts of contract section 7).
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

    public void credentialsRefused(String provider) {
        authFailures(provider).increment();
    }

    /**
     * Every configured provider's credential-refusal counter exists from the start at 0, so that Prometheus sees the
     * first refusal as an increase (a series that appears at 1 has no increase to alert on).
     */
    @EventListener(ApplicationStartedEvent.class)
    public void registerAuthFailureCounters(ApplicationStartedEvent started) {
        started.getApplicationContext().getBean(PaymentProviders.class).names().forEach(this::authFailures);
    }

    private Counter authFailures(String provider) {
        return Counter.builder("hub.platform.auth.failures").description("Answers of a payment platform refusing the hub's credentials")
                .tag("provider", provider).register(registry);
    }
}
