package io.paymenthub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.paymenthub.config.HubProperties;
import io.paymenthub.config.SandboxCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox Cheqpay's generated credentials, kept with the other sandbox credentials. */
class SandboxCredentialsCheqpayTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesCheqpayCredentialsOnceAndKeepsThem() throws Exception {
        SandboxCredentials first = credentials();
        String apiKey = first.cheqpayApiKey();
        String merchantId = first.cheqpayMerchantId();
        String secret = first.cheqpayWebhookSecret();

        assertThat(apiKey).hasSizeGreaterThan(20);
        assertThat(merchantId).isNotBlank();
        assertThat(secret).hasSizeGreaterThan(20).doesNotStartWith("whsec_");
        assertThat(List.of(apiKey, merchantId, secret, first.apiKey(), first.webhookSecret(), first.tenantSecret()))
                .doesNotHaveDuplicates();
        SandboxCredentials later = credentials();
        assertThat(later.cheqpayApiKey()).isEqualTo(apiKey);
        assertThat(later.cheqpayMerchantId()).isEqualTo(merchantId);
        assertThat(later.cheqpayWebhookSecret()).isEqualTo(secret);
        assertThat(Files.readString(dataDir.resolve("sandbox-credentials.properties")))
                .contains("cheqpay-api-key=" + apiKey, "cheqpay-merchant-id=" + merchantId, "cheqpay-webhook-secret=" + secret);
    }

    @Test
    void aFileFromBeforeCheqpayKeepsItsValuesAndGainsCheqpayOnes() throws Exception {
        Files.writeString(dataDir.resolve("sandbox-credentials.properties"),
                "api-key=dev_existing\nwebhook-secret=whsec_ZXhpc3Rpbmc=\ntenant-secret=ts_existing\n");

        SandboxCredentials credentials = credentials();

        assertThat(credentials.cheqpayApiKey()).isNotBlank();
        assertThat(credentials.apiKey()).isEqualTo("dev_existing");
        assertThat(credentials.webhookSecret()).isEqualTo("whsec_ZXhpc3Rpbmc=");
        assertThat(credentials.tenantSecret()).isEqualTo("ts_existing");
        SandboxCredentials reread = credentials();
        assertThat(reread.tenantSecret()).isEqualTo("ts_existing");
        assertThat(reread.cheqpayApiKey()).isEqualTo(credentials.cheqpayApiKey());
    }

    private SandboxCredentials credentials() {
        HubProperties properties = new HubProperties();
        properties.setDataDir(dataDir.toString());
        return new SandboxCredentials(properties);
    }
}
