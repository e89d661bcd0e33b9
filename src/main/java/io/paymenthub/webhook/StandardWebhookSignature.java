package io.paymenthub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks (standardwebhooks.com) signature scheme: HMAC-SHA256 over
 * {@code id.timestamp.body} keyed with the base64 part of a {@code whsec_} secret, sent as a
 * space-separated list of {@code v1,<base64>} entries. Holds the keys of one provider; every key
 * is accepted, so secrets can be rotated without losing events.
 */
public final class StandardWebhookSignature {

    private static final String SECRET_PREFIX = "whsec_";
    private static final String HMAC = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    private StandardWebhookSignature(List<SecretKeySpec> keys) {
        this.keys = keys;
    }

    /** @throws IllegalArgumentException when a secret is not valid base64 (the message never holds the secret) */
    public static StandardWebhookSignature forSecrets(List<String> secrets) {
        List<SecretKeySpec> keys = new ArrayList<>();
        for (String secret : secrets) {
            String trimmed = secret.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String encoded = trimmed.startsWith(SECRET_PREFIX) ? trimmed.substring(SECRET_PREFIX.length()) : trimmed;
            try {
                keys.add(new SecretKeySpec(Base64.getDecoder().decode(encoded), HMAC));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("A webhook secret is not valid base64 (secret number " + (keys.size() + 1) + ")");
            }
        }
        return new StandardWebhookSignature(List.copyOf(keys));
    }

    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    /**
     * @return true only when the timestamp is within {@code tolerance} of {@code now} (either way) and
     *         one of the {@code v1} signatures matches one of the keys; comparisons are constant-time
     */
    public boolean verify(String webhookId, String webhookTimestamp, byte[] body, String signatureHeader,
                          Instant now, Duration tolerance) {
        if (isBlank(webhookId) || isBlank(webhookTimestamp) || isBlank(signatureHeader) || keys.isEmpty()) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(webhookTimestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        List<byte[]> candidates = receivedSignatures(signatureHeader);
        if (candidates.isEmpty()) {
            return false;
        }
        byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = sign(key, prefix, body);
            for (byte[] candidate : candidates) {
                // no early exit, so the time taken does not tell which key or entry matched
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched;
    }

    /** The {@code webhook-signature} value this scheme would send, with the first (current) key. */
    public String sign(String webhookId, long timestamp, byte[] body) {
        byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(sign(keys.get(0), prefix, body));
    }

    private static List<byte[]> receivedSignatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.trim().split("\\s+")) {
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

    private static byte[] sign(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
