package io.paymenthub.webhook;

import java.time.Clock;
import java.time.Duration;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Rejects, with 401, a webhook whose Standard Webhooks signature or timestamp does not hold. */
@Component("webhookSignatureVerifier")
public class WebhookSignatureVerifier {

    private final WebhookProviders providers;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookSignatureVerifier(WebhookProviders providers, HubProperties properties, Clock clock) {
        this.providers = providers;
        this.tolerance = properties.getWebhooks().getTolerance();
        this.clock = clock;
    }

    public void verify(Exchange exchange) {
        var message = exchange.getMessage();
        boolean valid = providers.signatureOf(message.getHeader("provider", String.class)).verify(
                message.getHeader("webhook-id", String.class),
                message.getHeader("webhook-timestamp", String.class),
                message.getBody(byte[].class),
                message.getHeader("webhook-signature", String.class),
                clock.instant(),
                tolerance);
        if (!valid) {
            throw new HubHttpException(401, "INVALID_SIGNATURE", "Invalid signature");
        }
    }
}
