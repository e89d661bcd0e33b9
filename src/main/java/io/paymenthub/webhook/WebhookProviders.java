package io.paymenthub.webhook;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The providers that may send webhooks, each with the signature scheme of its
 * {@code hub.providers.<p>.webhook-scheme} keyed with its {@code hub.providers.<p>.webhook-secrets}. A provider
 * with no secret cannot be verified and is treated as unknown (with the sandbox on, its generated secrets are
 * that configuration: config.SandboxStartupCheck). A malformed secret or an unknown scheme stops start-up ({@link InvalidSetting}).
 */
@Component("webhookProviders")
public class WebhookProviders {

    /** Cheqpay signs with a plain HMAC of the body (contract section 5b); every other provider defaults to Standard Webhooks. */
    static final Map<String, String> DEFAULT_SCHEMES = Map.of("cheqpay", HexHmacSignature.NAME);

    private static final Map<String, BiFunction<List<String>, Duration, WebhookSignatureScheme>> SCHEMES = Map.of(
            StandardWebhookSignature.NAME, StandardWebhookSignature::forSecrets,
            StripeSignature.NAME, StripeSignature::forSecrets,
            HexHmacSignature.NAME, (secrets, tolerance) -> HexHmacSignature.forSecrets(secrets));

    private final Map<String, WebhookSignatureScheme> schemes = new HashMap<>();

    public WebhookProviders(HubProperties properties) {
        Duration tolerance = properties.getWebhooks().getTolerance();
        properties.getProviders().forEach((name, provider) -> {
            List<String> secrets = provider.getWebhookSecrets();
            WebhookSignatureScheme scheme = buildScheme(name, provider.getWebhookScheme(), secrets, tolerance);
            if (secrets.stream().anyMatch(secret -> secret != null && !secret.isBlank())) {
                schemes.put(name, scheme);
            }
        });
    }

    private static WebhookSignatureScheme buildScheme(String provider, String configured, List<String> secrets, Duration tolerance) {
        String setting = "hub.providers." + provider + ".";
        String name = configured == null || configured.isBlank()
                ? DEFAULT_SCHEMES.getOrDefault(provider, StandardWebhookSignature.NAME)
                : configured.trim().toLowerCase(Locale.ROOT);
        var factory = SCHEMES.get(name);
        if (factory == null) {
            throw new InvalidSetting(setting + "webhook-scheme is '" + configured.trim() + "', which is not a webhook"
                    + " signature scheme: use " + StandardWebhookSignature.NAME + ", " + StripeSignature.NAME + " or "
                    + HexHmacSignature.NAME + ".");
        }
        try {
            return factory.apply(secrets, tolerance);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(setting + "webhook-secrets: " + e.getMessage() + " (webhook scheme " + name + ").");
        }
    }

    /** Refuses, with 404, a provider that is not configured. */
    public void requireKnown(@Header("provider") String provider) {
        if (provider == null || !schemes.containsKey(provider)) {
            throw new HubHttpException(404, "UNKNOWN_PROVIDER", "Unknown provider");
        }
    }

    public WebhookSignatureScheme schemeOf(String provider) {
        WebhookSignatureScheme scheme = provider == null ? null : schemes.get(provider);
        if (scheme == null) {
            throw new HubHttpException(404, "UNKNOWN_PROVIDER", "Unknown provider");
        }
        return scheme;
    }

    /** A webhook setting that cannot work; the message names the setting, never a secret. */
    public static class InvalidSetting extends IllegalStateException {
        public InvalidSetting(String message) {
            super(message);
        }
    }
}
