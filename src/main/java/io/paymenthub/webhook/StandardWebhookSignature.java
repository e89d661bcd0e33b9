package io.paymenthub.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.paymenthub.config.HubProperties;

/**
 * Standard Webhooks (standardwebhooks.com), the billing platform's scheme and the default: HMAC-SHA256 over
 * {@code id.timestamp.body} keyed with the base64 part of a {@code whsec_} secret, sent in
 * {@code webhook-signature} as a space-separated list of {@code v1,<base64>} entries, with
 * {@code webhook-id} and {@code webhook-timestamp} (unix seconds, within the tolerance either way).
 */
public final class StandardWebhookSignature implements WebhookSignatureScheme {

    /** The signatures of the header are separated by spaces (compiled once: a regex split compiles it each time). */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public static final String NAME = "standard-webhooks";
    static final String ID_HEADER = "webhook-id";
    static final String TIMESTAMP_HEADER = "webhook-timestamp";
    static final String SIGNATURE_HEADER = "webhook-signature";

    private static final String SECRET_PREFIX = "whsec_";

    private final HmacSha256Keys keys;
    private final Duration tolerance;

    private StandardWebhookSignature(HmacSha256Keys keys, Duration tolerance) {
        this.keys = keys;
        this.tolerance = tolerance;
    }

    /** @throws IllegalArgumentException when a secret is not {@code whsec_} + base64 (the message never holds the secret) */
    public static StandardWebhookSignature forSecrets(List<String> secrets, Duration tolerance) {
        return new StandardWebhookSignature(HmacSha256Keys.of(secrets, StandardWebhookSignature::keyOf,
                "a Standard Webhooks secret (whsec_ followed by base64)"), tolerance);
    }

    /** With the default {@code hub.webhooks.tolerance}: for a signer, such as the sandbox platform's. */
    public static StandardWebhookSignature forSecrets(List<String> secrets) {
        return forSecrets(secrets, new HubProperties.Webhooks().getTolerance());
    }

    private static byte[] keyOf(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("no " + SECRET_PREFIX + " prefix");
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        return key;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptionalInt verify(Function<String, String> header, byte[] body, Instant now) {
        String webhookId = header.apply(ID_HEADER);
        String webhookTimestamp = header.apply(TIMESTAMP_HEADER);
        String signatureHeader = header.apply(SIGNATURE_HEADER);
        if (isBlank(webhookId) || isBlank(webhookTimestamp) || isBlank(signatureHeader)) {
            return OptionalInt.empty();
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(webhookTimestamp.trim());
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
        if (!WebhookTimestamps.within(timestamp, now, tolerance)) {
            return OptionalInt.empty();
        }
        List<byte[]> candidates = receivedSignatures(signatureHeader);
        if (candidates.isEmpty()) {
            return OptionalInt.empty();
        }
        return keys.match(candidates, signedPrefix(webhookId, timestamp), body);
    }

    /** The {@code webhook-signature} value this scheme would send, with the first (current) key. */
    public String sign(String webhookId, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(keys.signWithCurrent(signedPrefix(webhookId, timestamp), body));
    }

    private static byte[] signedPrefix(String webhookId, long timestamp) {
        return (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> receivedSignatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : WHITESPACE.split(header.trim())) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            try {
                signatures.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException ignored) {
                // a malformed entry cannot match; the others are still tried
            }
        }
        return signatures;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
