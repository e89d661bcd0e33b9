package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class HexHmacSignatureTest {

    // RFC 4231 test case 2: HMAC-SHA256 with key "Jefe" over "what do ya want for nothing?"
    private static final String SECRET = "Jefe";
    private static final byte[] BODY = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private final HexHmacSignature scheme = HexHmacSignature.forSecrets(List.of(SECRET));

    private static OptionalInt verify(HexHmacSignature signature, String header, byte[] body, Instant now) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (header != null) {
            headers.put("X-Webhook-Signature", header);
        }
        return signature.verify(headers::get, body, now);
    }

    @Test
    void acceptsTheRfc4231Vector() {
        assertThat(scheme.name()).isEqualTo("hmac-sha256-hex");
        assertThat(verify(scheme, SIGNATURE, BODY, NOW)).hasValue(0);
        assertThat(scheme.sign(BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsUpperAndMixedCaseHex() {
        assertThat(verify(scheme, SIGNATURE.toUpperCase(Locale.ROOT), BODY, NOW)).hasValue(0);
        assertThat(verify(scheme, SIGNATURE.substring(0, 32).toUpperCase(Locale.ROOT) + SIGNATURE.substring(32), BODY, NOW)).hasValue(0);
    }

    @Test
    void rejectsWrongSecret() {
        assertThat(verify(HexHmacSignature.forSecrets(List.of("jefe")), SIGNATURE, BODY, NOW)).isEmpty();
    }

    @Test
    void acceptsTheSecondConfiguredSecretWithItsPosition() {
        HexHmacSignature rotated = HexHmacSignature.forSecrets(List.of("cheqpay-new-secret", SECRET));
        assertThat(verify(rotated, SIGNATURE, BODY, NOW)).hasValue(1);
    }

    @Test
    void rejectsTamperedBody() {
        assertThat(verify(scheme, SIGNATURE, "what do ya want for nothing!".getBytes(StandardCharsets.UTF_8), NOW)).isEmpty();
    }

    @Test
    void hasNoTimestampSoTheTimeOfArrivalDoesNotMatter() {
        assertThat(verify(scheme, SIGNATURE, BODY, NOW.plusSeconds(86_400L * 365))).hasValue(0);
    }

    @Test
    void rejectsMalformedHeaders() {
        for (String header : new String[] {null, "", "  ", SIGNATURE.substring(1), SIGNATURE.substring(2), SIGNATURE + "00",
                "sha256=" + SIGNATURE, SIGNATURE.replace('5', 'g'), "v1," + SIGNATURE}) {
            assertThat(verify(scheme, header, BODY, NOW)).as(String.valueOf(header)).isEmpty();
        }
    }

    @Test
    void keysAreTheSecretsUtf8Bytes() throws Exception {
        String secret = "señal-secreta";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(BODY));

        assertThat(verify(HexHmacSignature.forSecrets(List.of(secret)), expected, BODY, NOW)).hasValue(0);
    }
}
