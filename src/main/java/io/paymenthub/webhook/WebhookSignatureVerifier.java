package io.paymenthub.webhook;

import java.time.Clock;
import java.util.OptionalInt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.common.HubHttpException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rejects, with 401, a webhook whose signature does not hold under its provider's scheme, and counts which
 * configured secret matched ({@code billing_webhook_secret_matched_total{provider,secret_index}}), so operators
 * see when a rotated-out secret is no longer used and can go.
 */
@Component("webhookSignatureVerifier")
public class WebhookSignatureVerifier {

    private final WebhookProviders providers;
    private final MeterRegistry registry;
    private final Clock clock;

    public WebhookSignatureVerifier(WebhookProviders providers, MeterRegistry registry, Clock clock) {
        this.providers = providers;
        this.registry = registry;
        this.clock = clock;
    }

    public void verify(Exchange exchange) {
        var message = exchange.getMessage();
        String provider = message.getHeader("provider", String.class);
        // Camel's headers are case-insensitive, as HTTP header names are
        OptionalInt matched = providers.schemeOf(provider).verify(
                name -> message.getHeader(name, String.class), message.getBody(byte[].class), clock.instant());
        if (matched.isEmpty()) {
            throw new HubHttpException(401, "INVALID_SIGNATURE", "Invalid signature");
        }
        Counter.builder("billing.webhook.secret.matched")
                .description("Verified webhooks by provider and the position of the configured secret that matched")
                .tag("provider", provider)
                .tag("secret_index", Integer.toString(matched.getAsInt()))
                .register(registry)
                .increment();
    }
}
