package io.paymenthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The packaged application (no test profile) refuses to start with a mix of real and sandbox settings,
 * with one line that names which are which, before it starts anything (issue 6 #15).
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxStartupCheckTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "real keys and secrets, no base URL | '' | hub.api-keys=shop:live-key-123,hub.providers.billing.webhook-secrets=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                    + " | Real: hub.api-keys, hub.providers.billing.webhook-secrets; not set, so they would be the sandbox's (a fake platform): hub.providers.billing.base-url, hub.providers.billing.tenant-secret.",
            "a base URL only                    | '' | hub.providers.billing.base-url=https://billing.example"
                    + " | Real: hub.providers.billing.base-url; not set, so they would be the sandbox's (a fake platform): hub.api-keys, hub.providers.billing.tenant-secret, hub.providers.billing.webhook-secrets.",
            "everything but the webhook secret  | '' | hub.api-keys=shop:live-key-123,hub.providers.billing.base-url=https://billing.example,hub.providers.billing.tenant-secret=ts_live"
                    + " | not set, so they would be the sandbox's (a fake platform): hub.providers.billing.webhook-secrets.",
            "sandbox forced on with a real secret | true | hub.providers.billing.webhook-secrets=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                    + " | hub.sandbox.enabled=true, but real settings are configured: hub.providers.billing.webhook-secrets.",
            "sandbox forced on with real keys   | true | hub.api-keys=shop:live-key-123"
                    + " | hub.sandbox.enabled=true, but real settings are configured: hub.api-keys."})
    void aMixIsRefusedWithOneClearLine(String mix, String explicit, String settings, String expected, CapturedOutput output) {
        Map<String, Object> properties = StandaloneHub.isolated();
        if (!explicit.isBlank()) {
            properties.put("hub.sandbox.enabled", explicit);
        }
        for (String setting : settings.trim().split(",")) {
            String[] pair = setting.split("=", 2);
            properties.put(pair[0], pair[1]);
        }

        assertThatThrownBy(() -> StandaloneHub.start(properties).close())
                .isInstanceOf(SandboxStartupCheck.Refused.class)
                .hasMessageStartingWith("Payment Hub refuses to start: ")
                .hasMessageContaining(expected.trim());
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .contains("Payment Hub refuses to start: ")
                .doesNotContain("live-key-123").doesNotContain("whsec_MfKQ").doesNotContain("ts_live")
                .as("refused before anything starts").doesNotContain("Tomcat started").doesNotContain("Flyway");
    }
}
