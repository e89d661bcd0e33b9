package io.paymenthub.webhook;

import io.paymenthub.provider.PaymentProviders;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Reads a signed webhook body into a {@link WebhookEvent} with the reader of the provider that sent it (each
 * platform's body and event names are its connector's knowledge); 400 MALFORMED_EVENT when it cannot.
 */
@Component("webhookEventParser")
public class WebhookEventParser {

    private final PaymentProviders providers;

    public WebhookEventParser(PaymentProviders providers) {
        this.providers = providers;
    }

    public WebhookEvent parse(@Header("provider") String provider, @Body byte[] body) {
        return providers.of(provider).readWebhookEvent(body);
    }
}
