package io.paymenthub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys of one provider, each with its position in the configured secret list (blank
 * entries, such as a trailing comma leaves, are skipped but keep the positions of the others). The one
 * place that signs and compares, so every scheme is constant-time the same way.
 */
final class HmacSha256Keys {

    private static final String HMAC = "HmacSHA256";

    private record Key(int index, SecretKeySpec spec) { }

    private final List<Key> keys;

    private HmacSha256Keys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @param decode turns one trimmed, non-blank secret into its key bytes; throws IllegalArgumentException
     *               when the secret is malformed
     * @throws IllegalArgumentException naming the secret's position, never the secret
     */
    static HmacSha256Keys of(List<String> secrets, Function<String, byte[]> decode, String expectedFormat) {
        List<Key> keys = new ArrayList<>();
        for (int index = 0; index < secrets.size(); index++) {
            String secret = secrets.get(index) == null ? "" : secrets.get(index).trim();
            if (secret.isEmpty()) {
                continue;
            }
            try {
                keys.add(new Key(index, new SecretKeySpec(decode.apply(secret), HMAC)));
            } catch (IllegalArgumentException e) {
                // no cause: the decoder's message may quote the secret
                throw new IllegalArgumentException("the secret at position " + index + " (0-based) is not " + expectedFormat);
            }
        }
        return new HmacSha256Keys(keys);
    }

    /** Any non-blank string, its UTF-8 bytes being the key. */
    static HmacSha256Keys utf8(List<String> secrets) {
        return of(secrets, secret -> secret.getBytes(StandardCharsets.UTF_8), "a non-blank string");
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * @return the position of the first configured secret whose HMAC of {@code signed} equals one of the
     *         candidates; every key is tried against every candidate, so the time taken does not tell which matched
     */
    OptionalInt match(List<byte[]> candidates, byte[]... signed) {
        int matched = -1;
        for (Key key : keys) {
            byte[] expected = mac(key.spec(), signed);
            boolean equal = false;
            for (byte[] candidate : candidates) {
                equal |= MessageDigest.isEqual(expected, candidate);
            }
            if (equal && matched < 0) {
                matched = key.index();
            }
        }
        return matched < 0 ? OptionalInt.empty() : OptionalInt.of(matched);
    }

    /** The HMAC with the first (current) secret, as the provider would send it. */
    byte[] signWithCurrent(byte[]... signed) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("No webhook secret to sign with");
        }
        return mac(keys.get(0).spec(), signed);
    }

    private static byte[] mac(SecretKeySpec key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
