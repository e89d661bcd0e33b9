package io.paymenthub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.paymenthub.config.HubProperties;
import io.paymenthub.config.SandboxCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox tenant's generated secret, kept with the other sandbox credentials. */
class SandboxCredentialsTenantSecretTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesATenantSecretOnceAndKeepsIt() throws Exception {
        String secret = credentials().tenantSecret();

        assertThat(secret).hasSizeGreaterThan(20);
        assertThat(credentials().tenantSecret()).isEqualTo(secret);
        assertThat(Files.readString(dataDir.resolve("sandbox-credentials.properties"))).contains("tenant-secret=" + secret);
    }

    @Test
    void aFileFromBeforeTenantSecretsKeepsItsKeyAndWebhookSecret() throws Exception {
        Files.writeString(dataDir.resolve("sandbox-credentials.properties"),
                "api-key=dev_existing\nwebhook-secret=whsec_ZXhpc3Rpbmc=\n");

        SandboxCredentials credentials = credentials();

        assertThat(credentials.tenantSecret()).isNotBlank();
        assertThat(credentials.apiKey()).isEqualTo("dev_existing");
        assertThat(credentials.webhookSecret()).isEqualTo("whsec_ZXhpc3Rpbmc=");
        assertThat(credentials().apiKey()).isEqualTo("dev_existing");
    }

    private SandboxCredentials credentials() {
        HubProperties properties = new HubProperties();
        properties.setDataDir(dataDir.toString());
        return new SandboxCredentials(properties);
    }
}
