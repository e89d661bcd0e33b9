package io.paymenthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the sandbox runs, when a real platform is used, and which mixes are refused (contract section 1, issue 6 #15). */
class SandboxModeTest {

    private static final String ALL = "hub.api-keys, hub.providers.billing.base-url, hub.providers.billing.tenant-secret,"
            + " hub.providers.billing.webhook-secrets";

    /** Each setting named in {@code configured} gets a real value; {@code explicit} is hub.sandbox.enabled (empty: not set). */
    private static HubProperties properties(String explicit, String configured) {
        HubProperties properties = new HubProperties();
        properties.getSandbox().setEnabled(explicit == null || explicit.isBlank() ? null : Boolean.valueOf(explicit));
        HubProperties.Provider billing = properties.getProviders().computeIfAbsent("billing", name -> new HubProperties.Provider());
        billing.setTenantId("sandbox-tenant");  // application.yml's default, not a credential
        for (String setting : configured == null || configured.isBlank() ? new String[0] : configured.split(" ")) {
            switch (setting) {
                case "api-keys" -> properties.setApiKeys("shop:live-key-123");
                case "base-url" -> billing.setBaseUrl("https://billing.example");
                case "tenant-secret" -> billing.setTenantSecret("ts_live");
                case "webhook-secrets" -> billing.setWebhookSecrets(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
                case "other-provider" -> properties.getProviders()
                        .computeIfAbsent("cheqpay", name -> new HubProperties.Provider()).setBaseUrl("https://cheqpay.example");
                default -> throw new IllegalArgumentException(setting);
            }
        }
        return properties;
    }

    @Test
    void nothingConfiguredRunsTheSandbox() {
        SandboxMode mode = SandboxMode.of(properties(null, null));

        assertThat(mode.on()).isTrue();
        assertThat(mode.refusal()).isEmpty();
    }

    @Test
    void emptyValuesAreNotConfigured() {
        HubProperties properties = properties(null, null);
        properties.setApiKeys("  ");
        properties.getProviders().get("billing").setWebhookSecrets(List.of(""));

        assertThat(SandboxMode.of(properties).on()).isTrue();
    }

    @Test
    void everyRealSettingUsesTheRealPlatform() {
        SandboxMode mode = SandboxMode.of(properties(null, "api-keys base-url tenant-secret webhook-secrets"));

        assertThat(mode.on()).isFalse();
        assertThat(mode.refusal()).isEmpty();
    }

    @ParameterizedTest(name = "{0} set, {1} not: refused")
    @CsvSource(delimiter = '|', value = {
            "api-keys                                 | hub.providers.billing.base-url, hub.providers.billing.tenant-secret, hub.providers.billing.webhook-secrets",
            "api-keys webhook-secrets                 | hub.providers.billing.base-url, hub.providers.billing.tenant-secret",
            "api-keys tenant-secret webhook-secrets   | hub.providers.billing.base-url",
            "base-url                                 | hub.api-keys, hub.providers.billing.tenant-secret, hub.providers.billing.webhook-secrets",
            "api-keys base-url tenant-secret          | hub.providers.billing.webhook-secrets",
            "webhook-secrets                          | hub.api-keys, hub.providers.billing.base-url, hub.providers.billing.tenant-secret",
            "other-provider                           | " + ALL})
    void aMixOfRealAndSandboxSettingsIsRefusedNamingBoth(String configured, String unset) {
        SandboxMode mode = SandboxMode.of(properties(null, configured.trim()));

        assertThat(mode.on()).as("a refused mix never falls back to the sandbox").isFalse();
        assertThat(mode.refusal()).hasValueSatisfying(reason -> {
            assertThat(reason).startsWith("Payment Hub refuses to start: a mix of real and sandbox settings. Real: ")
                    .contains("; not set, so they would be the sandbox's (a fake platform): " + unset.trim() + ".")
                    .doesNotContain("\n").doesNotContain("live-key-123").doesNotContain("ts_live").doesNotContain("whsec_");
            for (String setting : configured.trim().split(" ")) {
                assertThat(reason).contains(setting.equals("other-provider") ? "hub.providers.cheqpay.base-url" : setting);
            }
        });
    }

    @ParameterizedTest
    @CsvSource({"api-keys", "webhook-secrets", "base-url", "tenant-secret",
            "api-keys base-url tenant-secret webhook-secrets", "other-provider"})
    void explicitSandboxWithAnyRealSettingIsRefused(String configured) {
        SandboxMode mode = SandboxMode.of(properties("true", configured));

        assertThat(mode.on()).isFalse();
        assertThat(mode.refusal()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("Payment Hub refuses to start: hub.sandbox.enabled=true, but real settings are configured: ")
                .doesNotContain("\n"));
    }

    @Test
    void explicitSandboxWithoutRealSettingsRuns() {
        assertThat(SandboxMode.of(properties("true", null)).on()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"''", "api-keys webhook-secrets", "api-keys base-url tenant-secret webhook-secrets"})
    void sandboxOffIsNeverTheSandboxAndFailsClosed(String configured) {
        SandboxMode mode = SandboxMode.of(properties("false", configured));

        assertThat(mode.on()).isFalse();
        assertThat(mode.refusal()).isEmpty();
    }
}
