package io.paymenthub.webhook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The providers that may send webhooks, each with the signature keys of its
 * {@code hub.providers.<p>.webhook-secrets}. A provider with no secret cannot be verified and is
 * treated as unknown. With the sandbox on, its generated secrets are that configuration.
 */
@Component("webhookProviders")
public class WebhookProviders {

    private final Map<String, StandardWebhookSignature> signatures = new HashMap<>();

    public WebhookProviders(HubProperties properties) {
        properties.getProviders().forEach((name, provider) -> {
            List<String> secrets = provider.getWebhookSecrets();
            StandardWebhookSignature signature = StandardWebhookSignature.forSecrets(secrets);
            if (signature.hasKeys()) {
                signatures.put(name, signature);
            }
        });
    }

    /** Refuses, with 404, a provider that is not configured. */
    public void requireKnown(@Header("provider") String provider) {
        if (provider == null || !signatures.containsKey(provider)) {
            throw new HubHttpException(404, "UNKNOWN_PROVIDER", "Unknown provider");
        }
    }

    public StandardWebhookSignature signatureOf(String provider) {
        StandardWebhookSignature signature = signatures.get(provider);
        if (signature == null) {
            throw new HubHttpException(404, "UNKNOWN_PROVIDER", "Unknown provider");
        }
        return signature;
    }
}
