package io.paymenthub.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox's access tokens: real HS256 JWTs ({@code header.payload.signature}, base64url without
 * padding) with an {@code exp} claim, so the hub's token cache meets what a real platform sends.
 * The key is random per process: a restart invalidates every token, as a real platform may.
 */
public class SandboxTokens {

    private static final String HMAC = "HmacSHA256";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final String ISSUER = "payment-hub-sandbox";

    private final ObjectMapper json = new ObjectMapper();
    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;
    private final AtomicInteger issued = new AtomicInteger();

    public SandboxTokens(Clock clock, Duration lifetime) {
        this(randomKey(), clock, lifetime);
    }

    SandboxTokens(byte[] key, Clock clock, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("hub.sandbox.token-lifetime must be positive");
        }
        this.key = new SecretKeySpec(key, HMAC);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A new token for the tenant, valid for the configured lifetime. Counted, so tests can see how often the hub logs in. */
    public String issue(String tenantId) {
        Instant now = clock.instant();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", tenantId);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("jti", HexFormat.of().formatHex(randomBytes(8)));
        String signingInput = encode(header) + "." + encode(claims);
        issued.incrementAndGet();
        return signingInput + "." + BASE64URL.encodeToString(hmac(signingInput));
    }

    /** Lifetime in seconds, the {@code expiresIn} of the login answer. */
    public long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    /**
     * @return true only for a token this process signed (HS256, constant-time comparison) whose
     *         {@code exp} is still in the future
     */
    public boolean isValid(String token) {
        if (token == null) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode header = json.readTree(BASE64URL_DECODER.decode(parts[0]));
            // the algorithm is fixed: a token claiming "none" or another algorithm is refused outright
            if (header == null || !"HS256".equals(header.path("alg").asText())) {
                return false;
            }
            byte[] signature = BASE64URL_DECODER.decode(parts[2]);
            if (!MessageDigest.isEqual(hmac(parts[0] + "." + parts[1]), signature)) {
                return false;
            }
            JsonNode exp = json.readTree(BASE64URL_DECODER.decode(parts[1])).path("exp");
            return exp.canConvertToLong() && clock.instant().getEpochSecond() < exp.asLong();
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /** How many tokens were issued, i.e. successful logins. */
    public int issuedCount() {
        return issued.get();
    }

    private String encode(Map<String, Object> value) {
        try {
            return BASE64URL.encodeToString(json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a token part", e);
        }
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] randomKey() {
        return randomBytes(32);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
