package io.paymenthub.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Stripe's scheme: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">[,v1=…]}, keyed
 * with the secret's UTF-8 bytes; {@code t} within the tolerance either way. Other entries ({@code v0}, a
 * future scheme) are ignored, as Stripe's own libraries do.
 */
public final class StripeSignature implements WebhookSignatureScheme {

    public static final String NAME = "stripe";
    static final String SIGNATURE_HEADER = "Stripe-Signature";

    private static final HexFormat HEX = HexFormat.of();

    private final HmacSha256Keys keys;
    private final Duration tolerance;

    private StripeSignature(HmacSha256Keys keys, Duration tolerance) {
        this.keys = keys;
        this.tolerance = tolerance;
    }

    /** Any non-blank secret is a key; blank entries are skipped. */
    public static StripeSignature forSecrets(List<String> secrets, Duration tolerance) {
        return new StripeSignature(HmacSha256Keys.utf8(secrets), tolerance);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OptionalInt verify(Function<String, String> header, byte[] body, Instant now) {
        String value = header.apply(SIGNATURE_HEADER);
        if (value == null || value.isBlank()) {
            return OptionalInt.empty();
        }
        String timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String item : value.split(",")) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = item.substring(0, equals).trim();
            String entry = item.substring(equals + 1).trim();
            if ("t".equals(key) && timestamp == null) {
                timestamp = entry;
            } else if ("v1".equals(key)) {
                try {
                    candidates.add(HEX.parseHex(entry));
                } catch (IllegalArgumentException ignored) {
                    // a malformed entry cannot match; the others are still tried
                }
            }
        }
        if (timestamp == null || !timestamp.matches("[0-9]{1,18}") || candidates.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!WebhookTimestamps.within(Long.parseLong(timestamp), now, tolerance)) {
            return OptionalInt.empty();
        }
        // signed as sent: the t string, a dot, the raw body
        return keys.match(candidates, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    /** The {@code Stripe-Signature} value Stripe would send, with the first (current) secret. */
    public String sign(long timestamp, byte[] body) {
        byte[] mac = keys.signWithCurrent((timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "t=" + timestamp + ",v1=" + HEX.formatHex(mac);
    }
}
