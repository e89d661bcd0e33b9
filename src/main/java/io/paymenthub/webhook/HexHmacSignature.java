package io.paymenthub.webhook;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * A plain HMAC-SHA256 of the raw body in hex, {@code x-webhook-signature}, keyed with the secret's UTF-8
 * bytes (Cheqpay, contract section 5b). Nothing is timestamped, so the event-id dedupe is the only replay
 * guard. Hex is accepted in either case.
 */
public final class HexHmacSignature implements WebhookSignatureScheme {

    public static final String NAME = "hmac-sha256-hex";
    static final String SIGNATURE_HEADER = "x-webhook-signature";

    private static final HexFormat HEX = HexFormat.of();

    private final HmacSha256Keys keys;

    private HexHmacSignature(HmacSha256Keys keys) {
        this.keys = keys;
    }

    public static HexHmacSignature forSecrets(List<String> secrets) {
        return new HexHmacSignature(HmacSha256Keys.utf8(secrets));
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
        byte[] received;
        try {
            // HexFormat reads 0-9, a-f and A-F
            received = HEX.parseHex(value.trim());
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
        return keys.match(List.of(received), body);
    }

    /** The {@code x-webhook-signature} value the provider would send (lower-case hex), with the first secret. */
    public String sign(byte[] body) {
        return HEX.formatHex(keys.signWithCurrent(body));
    }
}
