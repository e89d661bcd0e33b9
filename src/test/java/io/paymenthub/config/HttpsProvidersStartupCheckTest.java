package io.paymenthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * The prod profile refuses a provider base URL that is not https:// at start-up, with one line that names the
 * setting (issue 7 #3); elsewhere (the sandbox, the tests) http:// stays allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpsProvidersStartupCheckTest {

    @Test
    void anHttpBaseUrlIsRefusedWhenHttpsIsRequired() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("hub.require-https-providers", "true")
                .withProperty("hub.providers.billing.base-url", "http://billing.example")
                .withProperty("hub.providers.cheqpay.base-url", "https://api.cheqpay.example");

        assertThat(HttpsProvidersStartupCheck.refusal(environment)).contains("Payment Hub refuses to start: "
                + "hub.providers.billing.base-url is not an https:// URL; with hub.require-https-providers=true"
                + " (the prod profile) a provider base URL must start with https://.");
    }

    @Test
    void everyProviderThatIsNotHttpsIsNamed() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("hub.require-https-providers", "true")
                .withProperty("hub.providers.billing.base-url", "HTTP://billing.example")
                .withProperty("hub.providers.cheqpay.base-url", "api.cheqpay.example");

        assertThat(HttpsProvidersStartupCheck.refusal(environment).orElseThrow())
                .contains("hub.providers.billing.base-url, hub.providers.cheqpay.base-url are not https:// URLs");
    }

    @Test
    void httpsBaseUrlsOrNoneAreAccepted() {
        assertThat(HttpsProvidersStartupCheck.refusal(new MockEnvironment()
                .withProperty("hub.require-https-providers", "true")
                .withProperty("hub.providers.billing.base-url", "HTTPS://billing.example")
                .withProperty("hub.providers.billing.tenant-id", "t1"))).isEmpty();
        assertThat(HttpsProvidersStartupCheck.refusal(new MockEnvironment()
                .withProperty("hub.require-https-providers", "true"))).isEmpty();
    }

    @Test
    void httpIsAllowedWhenTheSettingIsOffAsByDefault() {
        assertThat(HttpsProvidersStartupCheck.refusal(new MockEnvironment()
                .withProperty("hub.providers.billing.base-url", "http://127.0.0.1:8080/sandbox"))).isEmpty();
        assertThat(HttpsProvidersStartupCheck.refusal(new MockEnvironment()
                .withProperty("hub.require-https-providers", "false")
                .withProperty("hub.providers.billing.base-url", "http://127.0.0.1:8080/sandbox"))).isEmpty();
    }

    @Test
    void theProdProfileStopsStartUpWithOneLineNamingTheSetting(CapturedOutput output) {
        Map<String, Object> properties = StandaloneHub.isolated();
        properties.put("spring.profiles.active", "prod");
        properties.put("hub.api-keys", "shop:live-key-123");
        properties.put("hub.providers.billing.base-url", "http://billing.example");
        properties.put("hub.providers.billing.tenant-secret", "ts_live");
        properties.put("hub.providers.billing.webhook-secrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThatThrownBy(() -> StandaloneHub.start(properties).close())
                .isInstanceOf(HttpsProvidersStartupCheck.Refused.class)
                .hasMessage("Payment Hub refuses to start: hub.providers.billing.base-url is not an https:// URL; with"
                        + " hub.require-https-providers=true (the prod profile) a provider base URL must start with https://.");
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
                .contains("Payment Hub refuses to start: hub.providers.billing.base-url is not an https:// URL")
                .doesNotContain("live-key-123").doesNotContain("ts_live")
                .as("refused before anything starts").doesNotContain("Tomcat started").doesNotContain("Flyway");
    }
}
