package io.paymenthub.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.logging.LifecycleLog;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Counts every webhook request by outcome ({@code billing_webhooks_received_total{provider,outcome}})
 * and logs refused ones as suspicious, with the reason and the source address but never a secret
 * or a signature.
 */
@Component("webhookOutcomes")
public class WebhookOutcomes {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutcomes.class);

    private final MeterRegistry registry;

    public WebhookOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(Exchange exchange) {
        WebhookEvent event = exchange.getProperty("hubEvent", WebhookEvent.class);
        String provider = providerOf(exchange);
        LifecycleLog.info(log, "webhook.received", "Webhook received", "provider", provider, "eventId", event.eventId(),
                "eventType", event.eventType(), "paymentId", event.providerPaymentId());
        count(provider, "accepted");
    }

    public void duplicate(Exchange exchange) {
        WebhookEvent event = exchange.getProperty("hubEvent", WebhookEvent.class);
        String provider = providerOf(exchange);
        LifecycleLog.info(log, "webhook.duplicate", "Duplicate webhook ignored", "provider", provider, "eventId", event.eventId());
        count(provider, "duplicate");
    }

    public void rejected(Exchange exchange) {
        HubHttpException refusal = HubHttpException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (refusal == null) {
            return;
        }
        String provider = providerOf(exchange);
        LifecycleLog.warn(log, "webhook.rejected", "Suspicious webhook rejected", "provider", provider,
                "status", refusal.getStatus(), "reason", refusal.getMessage(), "source", sourceAddress(exchange));
        if (refusal.getStatus() != 404) {
            // an unknown provider name is caller input: it must not become a metric label
            count(provider, "rejected");
        }
    }

    private void count(String provider, String outcome) {
        Counter.builder("billing.webhooks.received")
                .description("Webhook requests by provider and outcome")
                .tag("provider", provider == null ? "unknown" : provider)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    private static String providerOf(Exchange exchange) {
        String provider = exchange.getProperty("hubProvider", String.class);
        return provider != null ? provider : exchange.getMessage().getHeader("provider", String.class);
    }

    private static String sourceAddress(Exchange exchange) {
        String forwarded = exchange.getMessage().getHeader("X-Forwarded-For", String.class);
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            return http.getRequest().getRemoteAddr();
        }
        return "unknown";
    }
}
