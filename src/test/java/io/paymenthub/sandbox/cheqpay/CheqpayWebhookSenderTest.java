package io.paymenthub.sandbox.cheqpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.sandbox.SandboxWebhookSender;
import io.paymenthub.webhook.StandardWebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code hmac-sha256-hex} signature against a published HMAC-SHA256 test vector, not against itself. */
class CheqpayWebhookSenderTest {

    private final SandboxWebhookSender delivery = new SandboxWebhookSender(
            StandardWebhookSignature.forSecrets(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), new ObjectMapper(),
            Clock.systemUTC(), () -> URI.create("http://127.0.0.1:9/unused"));

    @AfterEach
    void stop() {
        delivery.stop();
    }

    @Test
    void signsTheRawBodyAsLowerCaseHexKeyedWithTheSecretsUtf8Bytes() {
        CheqpayWebhookSender sender = new CheqpayWebhookSender(delivery, "key", new ObjectMapper(),
                () -> URI.create("http://127.0.0.1:9/unused"), Duration.ZERO);

        // the well-known example of HMAC-SHA256 (e.g. Wikipedia "HMAC")
        assertThat(sender.sign("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void aNonAsciiSecretIsKeyedByItsUtf8Bytes() throws Exception {
        CheqpayWebhookSender sender = new CheqpayWebhookSender(delivery, "clé-ñ", new ObjectMapper(),
                () -> URI.create("http://127.0.0.1:9/unused"), Duration.ZERO);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("clé-ñ".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        assertThat(sender.sign("{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(HexFormat.of().formatHex(mac.doFinal("{}".getBytes(StandardCharsets.UTF_8))));
    }
}
