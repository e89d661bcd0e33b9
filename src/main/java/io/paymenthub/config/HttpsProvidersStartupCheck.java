package io.paymenthub.config;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * With {@code hub.require-https-providers=true} (the prod profile) every configured
 * {@code hub.providers.*.base-url} must be an https:// URL: card data, tenant secrets and tokens go there
 * (PCI DSS 4.2.1). The sandbox and the tests call http://127.0.0.1, so it is off by default. Like
 * {@link SandboxStartupCheck} it runs before any bean is created, and the refusal is one line.
 */
@Component
public class HttpsProvidersStartupCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String SETTING = "hub.require-https-providers";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        refusal(environment).ifPresent(reason -> {
            throw new Refused(reason);
        });
    }

    /** @return the one-line reason the hub must not start, if the setting is on and a base URL is not https:// */
    static Optional<String> refusal(Environment environment) {
        Binder binder = Binder.get(environment);
        if (!binder.bind(SETTING, Boolean.class).orElse(false)) {
            return Optional.empty();
        }
        HubProperties properties = binder.bind("hub", HubProperties.class).orElseGet(HubProperties::new);
        List<String> plain = properties.getProviders().entrySet().stream()
                .filter(provider -> isSetButNotHttps(provider.getValue().getBaseUrl()))
                .map(provider -> "hub.providers." + provider.getKey() + ".base-url")
                .toList();
        if (plain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Payment Hub refuses to start: " + String.join(", ", plain)
                + (plain.size() == 1 ? " is not an https:// URL" : " are not https:// URLs") + "; with " + SETTING
                + "=true (the prod profile) a provider base URL must start with https://.");
    }

    private static boolean isSetButNotHttps(String url) {
        return url != null && !url.isBlank() && !url.strip().regionMatches(true, 0, "https://", 0, "https://".length());
    }

    /** A provider base URL is not https:// while the setting requires it; the message names the setting. */
    public static class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }
}
