package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {

    // Published Standard Webhooks test vector (standard-webhooks reference libraries).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Instant NOW = Instant.ofEpochSecond(1614265330L);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String OTHER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "another-32-byte-key-for-rotation".getBytes(StandardCharsets.UTF_8));

    private final StandardWebhookSignature scheme = StandardWebhookSignature.forSecrets(List.of(SECRET), TOLERANCE);

    private static OptionalInt verify(StandardWebhookSignature signature, String id, String timestamp, byte[] body,
                                      String header, Instant now) {
        // as Camel's headers are: names in any case
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (id != null) {
            headers.put("Webhook-Id", id);
        }
        if (timestamp != null) {
            headers.put("WEBHOOK-TIMESTAMP", timestamp);
        }
        if (header != null) {
            headers.put("webhook-signature", header);
        }
        return signature.verify(headers::get, body, now);
    }

    @Test
    void acceptsPublishedStandardWebhooksTestVectorAsTheFirstSecret() {
        assertThat(scheme.name()).isEqualTo("standard-webhooks");
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, SIGNATURE, NOW)).hasValue(0);
    }

    @Test
    void signProducesPublishedTestVectorSignature() {
        assertThat(scheme.sign(ID, 1614265330L, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void rejectsTamperedBody() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(verify(scheme, ID, TIMESTAMP, tampered, SIGNATURE, NOW)).isEmpty();
    }

    @Test
    void rejectsTamperedIdOrTimestampThatAreSignedToo() {
        assertThat(verify(scheme, "msg_other", TIMESTAMP, BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, ID, "1614265331", BODY, SIGNATURE, NOW)).isEmpty();
    }

    @Test
    void rejectsSignatureMadeWithWrongSecret() {
        StandardWebhookSignature wrong = StandardWebhookSignature.forSecrets(List.of(OTHER_SECRET), TOLERANCE);
        assertThat(verify(wrong, ID, TIMESTAMP, BODY, SIGNATURE, NOW)).isEmpty();
    }

    @Test
    void rejectsTimestampOlderThanTolerance() {
        Instant later = NOW.plus(TOLERANCE).plusSeconds(1);
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, SIGNATURE, later)).isEmpty();
    }

    @Test
    void rejectsTimestampFurtherInTheFutureThanTolerance() {
        Instant earlier = NOW.minus(TOLERANCE).minusSeconds(1);
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, SIGNATURE, earlier)).isEmpty();
    }

    @Test
    void acceptsTimestampJustInsideToleranceInBothDirections() {
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, SIGNATURE, NOW.plus(TOLERANCE))).hasValue(0);
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, SIGNATURE, NOW.minus(TOLERANCE))).hasValue(0);
    }

    @Test
    void rejectsNonNumericOrAbsurdTimestamp() {
        assertThat(verify(scheme, ID, "2021-02-26T11:42:10Z", BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, ID, "1614265330.0", BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, ID, Long.toString(Long.MIN_VALUE), BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, ID, "99999999999999999999", BODY, SIGNATURE, NOW)).isEmpty();
    }

    @Test
    void rejectsMissingIdTimestampOrSignature() {
        assertThat(verify(scheme, null, TIMESTAMP, BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, " ", TIMESTAMP, BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, ID, null, BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, ID, "", BODY, SIGNATURE, NOW)).isEmpty();
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, null, NOW)).isEmpty();
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, "  ", NOW)).isEmpty();
    }

    @Test
    void acceptsOneValidSignatureAmongSeveralInHeader() {
        String invalidV1 = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
        String v2 = "v2," + SIGNATURE.substring(3);
        String malformed = "v1,@@not*base64@@";
        String header = invalidV1 + " " + v2 + " " + malformed + " nocomma " + SIGNATURE;
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, header, NOW)).hasValue(0);
    }

    @Test
    void rejectsHeaderWhoseOnlyMatchingSignatureIsNotV1() {
        String header = "v1," + Base64.getEncoder().encodeToString(new byte[32]) + " v2," + SIGNATURE.substring(3)
                + " v1,@@not*base64@@";
        assertThat(verify(scheme, ID, TIMESTAMP, BODY, header, NOW)).isEmpty();
    }

    @Test
    void acceptsSignatureMadeWithOlderRotatedSecretAndTellsItsPosition() {
        StandardWebhookSignature rotated = StandardWebhookSignature.forSecrets(List.of(OTHER_SECRET, SECRET), TOLERANCE);
        assertThat(verify(rotated, ID, TIMESTAMP, BODY, SIGNATURE, NOW)).hasValue(1);
        // the first secret is the current one that sign() uses
        assertThat(rotated.sign(ID, 1614265330L, BODY)).isNotEqualTo(SIGNATURE)
                .isEqualTo(StandardWebhookSignature.forSecrets(List.of(OTHER_SECRET)).sign(ID, 1614265330L, BODY));
    }

    @Test
    void aBlankEntryIsSkippedButKeepsThePositionsOfTheOthers() {
        StandardWebhookSignature withGap = StandardWebhookSignature.forSecrets(List.of(OTHER_SECRET, " ", SECRET), TOLERANCE);
        assertThat(verify(withGap, ID, TIMESTAMP, BODY, SIGNATURE, NOW)).hasValue(2);
    }

    @Test
    void rejectsEverythingWhenNoSecretIsConfigured() {
        StandardWebhookSignature none = StandardWebhookSignature.forSecrets(List.of(" ", ""), TOLERANCE);
        assertThat(verify(none, ID, TIMESTAMP, BODY, SIGNATURE, NOW)).isEmpty();
    }

    @Test
    void aSecretWithoutTheWhsecPrefixIsMalformed() {
        String unprefixed = SECRET.substring("whsec_".length());
        assertThatThrownBy(() -> StandardWebhookSignature.forSecrets(List.of(SECRET, unprefixed), TOLERANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(unprefixed));
    }

    @Test
    void invalidBase64OrEmptySecretThrowsWithoutRevealingSecret() {
        for (String bad : List.of("whsec_this-is-not*valid!base64", "whsec_")) {
            assertThatThrownBy(() -> StandardWebhookSignature.forSecrets(List.of(SECRET, bad), TOLERANCE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("position 1")
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain("this-is-not*valid!base64");
                        assertThat(e.getCause()).isNull();
                    });
        }
    }
}
