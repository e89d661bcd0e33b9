package io.paymenthub.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paymenthub.webhook.HexHmacSignature;
import io.paymenthub.webhook.StandardWebhookSignature;
import io.paymenthub.webhook.StripeSignature;

/**
 * Signs test webhooks the way a provider does, in one of the hub's schemes (contract section 2); the
 * constructor signs as the billing platform does (Standard Webhooks).
 */
public final class WebhookSigner {

    private interface Scheme {
        SignedWebhook sign(String body, Instant at);
    }

    private final Scheme scheme;

    /** Standard Webhooks, with a {@code whsec_} secret. */
    public WebhookSigner(String secret) {
        StandardWebhookSignature signature = StandardWebhookSignature.forSecrets(List.of(secret));
        this.scheme = (body, at) -> {
            String id = "msg_" + Integer.toHexString(body.hashCode());
            long timestamp = at.getEpochSecond();
            String value = signature.sign(id, timestamp, bytes(body));
            return new SignedWebhook(id, Long.toString(timestamp), value, body, headers(
                    "webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", value));
        };
    }

    private WebhookSigner(Scheme scheme) {
        this.scheme = scheme;
    }

    /** Stripe's {@code Stripe-Signature: t=…,v1=…}, the secret's UTF-8 bytes as the key. */
    public static WebhookSigner stripe(String secret) {
        StripeSignature signature = StripeSignature.forSecrets(List.of(secret), Duration.ZERO);
        return new WebhookSigner((body, at) -> {
            String value = signature.sign(at.getEpochSecond(), bytes(body));
            return new SignedWebhook(null, Long.toString(at.getEpochSecond()), value, body, headers("Stripe-Signature", value));
        });
    }

    /** Cheqpay's {@code x-webhook-signature: <hex HMAC-SHA256 of the body>}; nothing is timestamped. */
    public static WebhookSigner hmacSha256Hex(String secret) {
        HexHmacSignature signature = HexHmacSignature.forSecrets(List.of(secret));
        return new WebhookSigner((body, at) -> {
            String value = signature.sign(bytes(body));
            return new SignedWebhook(null, null, value, body, headers("x-webhook-signature", value));
        });
    }

    public SignedWebhook sign(String body, Instant at) {
        return scheme.sign(body, at);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /**
     * {@code id} and {@code timestamp} are null where the scheme has none; {@code signature} is the value of its
     * signature header; {@code headers} are every header the scheme sends, to put on the request as they are.
     */
    public record SignedWebhook(String id, String timestamp, String signature, String body, Map<String, String> headers) { }
}
