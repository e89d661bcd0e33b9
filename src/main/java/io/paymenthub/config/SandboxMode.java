package io.paymenthub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the built-in sandbox billing platform runs, decided once from configuration: it must never be
 * reached by accident in a deployment with real credentials. The credential settings are
 * {@code hub.api-keys} and {@code hub.providers.*.base-url / tenant-secret / webhook-secrets}.
 * <ul>
 *   <li>{@code hub.sandbox.enabled} not set: the sandbox runs when none of them is set, a real platform is
 *       used when all that the billing platform needs are set, and any other mix is refused (a setting left
 *       empty would silently fall back to the sandbox's value).</li>
 *   <li>{@code true}: the sandbox, refused when any real credential is set (it would run beside them and
 *       sign its webhooks with the real secret).</li>
 *   <li>{@code false} (the prod profile): never the sandbox and no sandbox value anywhere; what is not
 *       configured fails closed.</li>
 * </ul>
 * A refused mode is also "off", so that nothing falls back to the sandbox even where the start-up check
 * ({@link SandboxStartupCheck}) did not run.
 */
public final class SandboxMode {

    /** The provider the sandbox stands in for. */
    public static final String PROVIDER = "billing";

    private final boolean on;
    private final String refusal;

    private SandboxMode(boolean on, String refusal) {
        this.on = on;
        this.refusal = refusal;
    }

    public static SandboxMode of(Environment environment) {
        if (environment instanceof org.springframework.core.env.ConfigurableEnvironment configurable
                && configurable.getPropertySources().contains(SandboxStartupCheck.SOURCE)) {
            // decided already, before the sandbox's own settings became configuration
            return new SandboxMode(true, null);
        }
        return of(Binder.get(environment).bind("hub", HubProperties.class).orElseGet(HubProperties::new));
    }

    public static SandboxMode of(HubProperties properties) {
        List<String> real = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        sort(real, unset, "hub.api-keys", hasText(properties.getApiKeys()));
        HubProperties.Provider billing = properties.getProviders().get(PROVIDER);
        String prefix = "hub.providers." + PROVIDER + ".";
        sort(real, unset, prefix + "base-url", billing != null && hasText(billing.getBaseUrl()));
        sort(real, unset, prefix + "tenant-secret", billing != null && hasText(billing.getTenantSecret()));
        sort(real, unset, prefix + "webhook-secrets", billing != null && hasSecret(billing.getWebhookSecrets()));
        properties.getProviders().forEach((name, provider) -> {
            if (!PROVIDER.equals(name)) {
                String other = "hub.providers." + name + ".";
                if (hasText(provider.getBaseUrl())) {
                    real.add(other + "base-url");
                }
                if (hasText(provider.getTenantSecret())) {
                    real.add(other + "tenant-secret");
                }
                if (hasText(provider.getApiKey())) {
                    real.add(other + "api-key");
                }
                if (hasSecret(provider.getWebhookSecrets())) {
                    real.add(other + "webhook-secrets");
                }
            }
        });

        Boolean explicit = properties.getSandbox().getEnabled();
        if (Boolean.FALSE.equals(explicit)) {
            return new SandboxMode(false, null);
        }
        if (Boolean.TRUE.equals(explicit)) {
            return real.isEmpty() ? new SandboxMode(true, null) : new SandboxMode(false,
                    "Payment Hub refuses to start: hub.sandbox.enabled=true, but real settings are configured: "
                            + String.join(", ", real) + ". The sandbox (a fake platform) runs only without real"
                            + " credentials: remove them, or remove hub.sandbox.enabled to use the real platform.");
        }
        if (real.isEmpty()) {
            return new SandboxMode(true, null);
        }
        if (unset.isEmpty()) {
            return new SandboxMode(false, null);
        }
        return new SandboxMode(false, "Payment Hub refuses to start: a mix of real and sandbox settings. Real: "
                + String.join(", ", real) + "; not set, so they would be the sandbox's (a fake platform): "
                + String.join(", ", unset) + ". Set all of them for the real platform, or none for the sandbox.");
    }

    /** True when the sandbox platform runs and the hub uses its generated credentials. */
    public boolean on() {
        return on;
    }

    /** The one-line reason the hub must not start with this configuration, if any. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    private static void sort(List<String> real, List<String> unset, String name, boolean configured) {
        (configured ? real : unset).add(name);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean hasSecret(List<String> secrets) {
        return secrets != null && secrets.stream().anyMatch(SandboxMode::hasText);
    }

    /** For the sandbox's beans and endpoints: present only while the sandbox runs. */
    public static class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context.getEnvironment()).on();
        }
    }
}
