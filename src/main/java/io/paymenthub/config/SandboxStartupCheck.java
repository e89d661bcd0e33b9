package io.paymenthub.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Decides the sandbox once, with the whole configuration (test properties included), before any bean is
 * created: a mix of real and sandbox settings is refused ({@link SandboxMode}) before any migration, broker or
 * port is started; with the sandbox on, its generated credentials and its address become configuration (the
 * property source {@value #SOURCE}), so the hub's own beans read only configuration and
 * call the sandbox over HTTP like any platform. The sandbox's base URLs name the port the web server has once
 * it runs ({@code local.server.port}), so the connectors read base URLs at call time.
 */
@Component
public class SandboxStartupCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

    /** The property source that holds the sandbox's settings while it runs. */
    public static final String SOURCE = "hubSandboxDefaults";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        SandboxMode mode = SandboxMode.of(environment);
        mode.refusal().ifPresent(reason -> {
            throw new Refused(reason);
        });
        if (mode.on() && environment instanceof ConfigurableEnvironment configurable
                && !configurable.getPropertySources().contains(SOURCE)) {
            SandboxCredentials credentials = new SandboxCredentials(Path.of(environment.getProperty("hub.data-dir", "./data")));
            // first: with the sandbox on, none of these is set to a real value, at most left blank, and a blank
            // must not hide the sandbox's value
            Map<String, Object> settings = settings(credentials);
            // an operator key is no platform credential: one that is configured is kept beside the sandbox
            boolean adminKeysConfigured = !environment.getProperty("hub.admin-api-keys", "").isBlank();
            if (adminKeysConfigured) {
                settings.remove("hub.admin-api-keys");
            }
            configurable.getPropertySources().addFirst(new MapPropertySource(SOURCE, settings));
            // printed on the console on purpose (contract section 1: the dev key is printed at start-up), never logged;
            // not under hub.log.format=json, whose console is one JSON object a line for a log collector: the key
            // stays in the file
            if (!"json".equalsIgnoreCase(environment.getProperty("hub.log.format", "plain"))) {
                System.out.println("Payment Hub sandbox API key (also in " + credentials.file() + "): " + credentials.apiKey());
                if (!adminKeysConfigured) {
                    System.out.println("Payment Hub sandbox admin API key (also in " + credentials.file() + "): "
                            + credentials.adminApiKey());
                }
            }
        }
    }

    /** The sandbox platforms of this process, as the configuration of real ones would name them. */
    public static Map<String, Object> settings(SandboxCredentials credentials) {
        String base = "http://127.0.0.1:${local.server.port:${server.port:8080}}/sandbox";
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("hub.api-keys", "sandbox-dev:" + credentials.apiKey());
        settings.put("hub.admin-api-keys", "sandbox-admin:" + credentials.adminApiKey());
        settings.put("hub.providers.billing.base-url", base);
        settings.put("hub.providers.billing.tenant-secret", credentials.tenantSecret());
        settings.put("hub.providers.billing.webhook-secrets", credentials.webhookSecret());
        settings.put("hub.providers.cheqpay.base-url", base + "/cheqpay");
        settings.put("hub.providers.cheqpay.api-key", credentials.cheqpayApiKey());
        settings.put("hub.providers.cheqpay.merchant-id", credentials.cheqpayMerchantId());
        settings.put("hub.providers.cheqpay.webhook-secrets", credentials.cheqpayWebhookSecret());
        return settings;
    }

    /** The configuration mixes real and sandbox settings; the message says which are which. */
    public static class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }
}
