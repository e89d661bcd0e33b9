package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.paymenthub.config.StandaloneHub;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The packaged application refuses to start with a webhook setting that cannot work (contract section 2): Spring
 * Boot's failure report names the setting, shows no stack trace and never the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookSettingsStartupTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a Standard Webhooks secret that is not base64 | hub.providers.billing.webhook-secrets | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,whsec_sec*ret!not~base64"
                    + " | hub.providers.billing.webhook-secrets: the secret at position 1 (0-based) is not a Standard Webhooks secret",
            "an unknown scheme                            | hub.providers.shop.webhook-scheme    | svix-v9"
                    + " | hub.providers.shop.webhook-scheme is 'svix-v9', which is not a webhook signature scheme"})
    void aWebhookSettingThatCannotWorkStopsStartUpNamingIt(String what, String setting, String value, String expected,
                                                           CapturedOutput output) {
        Map<String, Object> properties = StandaloneHub.isolated();
        // the real-platform mode, so that the sandbox check does not refuse the mix first
        properties.put("hub.sandbox.enabled", "false");
        properties.put(setting, value);
        if (setting.endsWith("webhook-scheme")) {
            properties.put("hub.providers.shop.webhook-secrets", "shop-secret-value");
        }

        assertThatThrownBy(() -> StandaloneHub.start(properties).close())
                .hasRootCauseInstanceOf(WebhookProviders.InvalidSetting.class)
                .rootCause().hasMessageContaining(expected.trim());
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START").contains(expected.trim())
                .doesNotContain("sec*ret!not~base64").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .doesNotContain("shop-secret-value")
                .doesNotContain("at io.paymenthub.webhook.WebhookProviders");
    }
}
