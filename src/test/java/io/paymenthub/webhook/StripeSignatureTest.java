package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class StripeSignatureTest {

    private static final String SECRET = "whsec_stripe-test-secret-current";
    private static final String OLD_SECRET = "whsec_stripe-test-secret-older";
    private static final long T = 1_700_000_000L;
    private static final Instant NOW = Instant.ofEpochSecond(T);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8);

    private final StripeSignature scheme = StripeSignature.forSecrets(List.of(SECRET), TOLERANCE);

    /** Stripe's construction, written out here apart from the code under test: hex HMAC-SHA256 of "t.body" with the secret's UTF-8 bytes. */
    private static String v1(String secret, String t, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static OptionalInt verify(StripeSignature signature, String header, byte[] body, Instant now) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (header != null) {
            headers.put("stripe-signature", header);
        }
        return signature.verify(headers::get, body, now);
    }

    @Test
    void acceptsStripesSignature() throws Exception {
        assertThat(scheme.name()).isEqualTo("stripe");
        assertThat(verify(scheme, "t=" + T + ",v1=" + v1(SECRET, "" + T, BODY), BODY, NOW)).hasValue(0);
    }

    @Test
    void signWritesWhatStripeSends() throws Exception {
        assertThat(scheme.sign(T, BODY)).isEqualTo("t=" + T + ",v1=" + v1(SECRET, "" + T, BODY));
    }

    @Test
    void rejectsWrongSecret() throws Exception {
        assertThat(verify(scheme, "t=" + T + ",v1=" + v1("whsec_someone-else", "" + T, BODY), BODY, NOW)).isEmpty();
    }

    @Test
    void acceptsTheSecondConfiguredSecretWithItsPosition() throws Exception {
        StripeSignature rotated = StripeSignature.forSecrets(List.of(SECRET, OLD_SECRET), TOLERANCE);
        assertThat(verify(rotated, "t=" + T + ",v1=" + v1(OLD_SECRET, "" + T, BODY), BODY, NOW)).hasValue(1);
        assertThat(verify(rotated, "t=" + T + ",v1=" + v1(SECRET, "" + T, BODY), BODY, NOW)).hasValue(0);
    }

    @Test
    void acceptsOneMatchingV1AmongSeveralAndIgnoresOtherSchemes() throws Exception {
        String header = "t=" + T + ",v0=" + v1(SECRET, "" + T, BODY) + ",v1=" + "00".repeat(32) + ",v1=zz,v1="
                + v1(SECRET, "" + T, BODY);
        assertThat(verify(scheme, header, BODY, NOW)).hasValue(0);
        // a v0 entry alone, even with the right HMAC, is not a v1 signature
        assertThat(verify(scheme, "t=" + T + ",v0=" + v1(SECRET, "" + T, BODY), BODY, NOW)).isEmpty();
    }

    @Test
    void rejectsTamperedBodyOrTimestamp() throws Exception {
        String signature = v1(SECRET, "" + T, BODY);
        byte[] tampered = "{\"id\":\"evt_1\",\"type\":\"payment_intent.failed\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(verify(scheme, "t=" + T + ",v1=" + signature, tampered, NOW)).isEmpty();
        assertThat(verify(scheme, "t=" + (T + 1) + ",v1=" + signature, BODY, NOW)).isEmpty();
    }

    @Test
    void rejectsStaleAndFutureTimestampsAndAcceptsTheEdgesOfTheWindow() throws Exception {
        String header = "t=" + T + ",v1=" + v1(SECRET, "" + T, BODY);
        assertThat(verify(scheme, header, BODY, NOW.plus(TOLERANCE).plusSeconds(1))).isEmpty();
        assertThat(verify(scheme, header, BODY, NOW.minus(TOLERANCE).minusSeconds(1))).isEmpty();
        assertThat(verify(scheme, header, BODY, NOW.plus(TOLERANCE))).hasValue(0);
        assertThat(verify(scheme, header, BODY, NOW.minus(TOLERANCE))).hasValue(0);
    }

    @Test
    void rejectsMalformedHeaders() throws Exception {
        String signature = v1(SECRET, "" + T, BODY);
        for (String header : new String[] {null, "", " ", "v1=" + signature, "t=" + T, "t=" + T + ",v1=",
                "t=abc,v1=" + signature, "t=-" + T + ",v1=" + signature, "t=" + T + ".0,v1=" + signature,
                "t=99999999999999999999,v1=" + signature, "t=" + T + ",v1=" + signature.substring(1),
                "t=" + T + ",v1=" + signature + "0", "garbage", "t=" + T + ";v1=" + signature}) {
            assertThat(verify(scheme, header, BODY, NOW)).as(String.valueOf(header)).isEmpty();
        }
    }

    @Test
    void toleratesSpacesAroundEntries() throws Exception {
        assertThat(verify(scheme, " t=" + T + ", v1=" + v1(SECRET, "" + T, BODY) + " ", BODY, NOW)).hasValue(0);
    }

    @Test
    void rejectsEverythingWhenNoSecretIsConfigured() throws Exception {
        StripeSignature none = StripeSignature.forSecrets(List.of(""), TOLERANCE);
        assertThat(verify(none, "t=" + T + ",v1=" + v1(SECRET, "" + T, BODY), BODY, NOW)).isEmpty();
    }
}
