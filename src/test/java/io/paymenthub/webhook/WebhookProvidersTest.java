package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.junit.jupiter.api.Test;

/** Which scheme each configured provider gets, and the settings that stop start-up (contract section 2). */
class WebhookProvidersTest {

    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final HubProperties properties = new HubProperties();

    WebhookProvidersTest() {
        // never the sandbox: its fallback secret is not what these tests are about
        properties.getSandbox().setEnabled(false);
    }

    private void provider(String name, String scheme, String... secrets) {
        HubProperties.Provider provider = new HubProperties.Provider();
        provider.setWebhookScheme(scheme);
        provider.setWebhookSecrets(List.of(secrets));
        properties.getProviders().put(name, provider);
    }

    private WebhookProviders providers() {
        return new WebhookProviders(properties);
    }

    @Test
    void cheqpayDefaultsToHexHmacAndEveryOtherProviderToStandardWebhooks() {
        provider("billing", null, WHSEC);
        provider("cheqpay", null, "cheqpay-secret");
        provider("acme", "", WHSEC);

        WebhookProviders providers = providers();

        assertThat(providers.schemeOf("billing").name()).isEqualTo("standard-webhooks");
        assertThat(providers.schemeOf("cheqpay").name()).isEqualTo("hmac-sha256-hex");
        assertThat(providers.schemeOf("acme").name()).isEqualTo("standard-webhooks");
    }

    @Test
    void theConfiguredSchemeWinsWhateverItsCase() {
        provider("shop", " Stripe ", "stripe-secret");
        provider("cheqpay", "standard-webhooks", WHSEC);
        provider("other", "HMAC-SHA256-HEX", "plain-secret");

        WebhookProviders providers = providers();

        assertThat(providers.schemeOf("shop")).isInstanceOf(StripeSignature.class);
        assertThat(providers.schemeOf("cheqpay")).isInstanceOf(StandardWebhookSignature.class);
        assertThat(providers.schemeOf("other")).isInstanceOf(HexHmacSignature.class);
    }

    @Test
    void aProviderWithoutASecretIsUnknown() {
        provider("shop", "stripe");
        provider("cheqpay", null, " ", "");

        WebhookProviders providers = providers();

        for (String name : new String[] {"shop", "cheqpay", "nobody", null}) {
            assertThatThrownBy(() -> providers.requireKnown(name)).isInstanceOf(HubHttpException.class)
                    .satisfies(e -> assertThat(((HubHttpException) e).getStatus()).isEqualTo(404));
            assertThatThrownBy(() -> providers.schemeOf(name)).isInstanceOf(HubHttpException.class);
        }
    }

    @Test
    void anUnknownSchemeStopsStartUpNamingTheSettingEvenWithoutSecrets() {
        provider("shop", "stripe-v2");

        assertThatThrownBy(this::providers).isInstanceOf(WebhookProviders.InvalidSetting.class)
                .hasMessageContaining("hub.providers.shop.webhook-scheme")
                .hasMessageContaining("'stripe-v2'")
                .hasMessageContaining("standard-webhooks, stripe or hmac-sha256-hex");
    }

    @Test
    void aSecretThatIsNotWhsecBase64StopsStartUpForStandardWebhooksWithoutShowingIt() {
        String notBase64 = "whsec_not*base64!really";
        provider("billing", null, WHSEC, notBase64);

        assertThatThrownBy(this::providers).isInstanceOf(WebhookProviders.InvalidSetting.class)
                .hasMessageContaining("hub.providers.billing.webhook-secrets")
                .hasMessageContaining("position 1")
                .hasMessageContaining("standard-webhooks")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(notBase64).doesNotContain("not*base64"));
    }

    @Test
    void cheqpayMovedToStandardWebhooksNeedsWhsecSecrets() {
        provider("cheqpay", "standard-webhooks", "plain-cheqpay-secret");

        assertThatThrownBy(this::providers).isInstanceOf(WebhookProviders.InvalidSetting.class)
                .hasMessageContaining("hub.providers.cheqpay.webhook-secrets")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("plain-cheqpay-secret"));
    }

    @Test
    void anyNonBlankStringIsASecretForStripeAndHexHmac() {
        provider("shop", "stripe", "not base64 at all!");
        provider("cheqpay", null, "ü-secret");

        WebhookProviders providers = providers();

        assertThat(providers.schemeOf("shop").name()).isEqualTo("stripe");
        assertThat(providers.schemeOf("cheqpay").name()).isEqualTo("hmac-sha256-hex");
    }
}
