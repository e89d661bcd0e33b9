package io.paymenthub.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.paymenthub.webhook.StandardWebhookSignature;

/** Signs test webhooks the way a platform does (Standard Webhooks). */
public final class WebhookSigner {

    private final StandardWebhookSignature signature;

    public WebhookSigner(String secret) {
        this.signature = StandardWebhookSignature.forSecrets(List.of(secret));
    }

    public SignedWebhook sign(String body, Instant at) {
        String id = "msg_" + Integer.toHexString(body.hashCode());
        long timestamp = at.getEpochSecond();
        return new SignedWebhook(id, Long.toString(timestamp),
                signature.sign(id, timestamp, body.getBytes(StandardCharsets.UTF_8)), body);
    }

    public record SignedWebhook(String id, String timestamp, String signature, String body) { }
}
