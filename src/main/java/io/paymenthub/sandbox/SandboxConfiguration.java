package io.paymenthub.sandbox;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.config.HubProperties;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.webhook.StandardWebhookSignature;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The built-in sandbox billing platform (contract section 5 under {@code /sandbox}): on only with
 * {@code hub.sandbox.enabled=true}, the embedded default; the prod and test profiles switch it off.
 * It uses the same credentials the hub uses to call it and to verify its webhooks: the configured
 * ones, else the generated ones of {@link SandboxCredentials}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
public class SandboxConfiguration {

    static final String PROVIDER = "billing";
    static final String DEFAULT_TENANT_ID = "sandbox-tenant";

    @Bean
    @ConfigurationProperties(prefix = "hub.sandbox")
    SandboxSettings sandboxSettings() {
        return new SandboxSettings();
    }

    @Bean
    SandboxTenant sandboxTenant(HubProperties properties, SandboxCredentials credentials) {
        HubProperties.Provider billing = properties.getProviders().get(PROVIDER);
        String id = billing == null || isBlank(billing.getTenantId()) ? DEFAULT_TENANT_ID : billing.getTenantId();
        String secret = billing == null || isBlank(billing.getTenantSecret())
                ? credentials.tenantSecret() : billing.getTenantSecret();
        return new SandboxTenant(id, secret);
    }

    @Bean
    SandboxTokens sandboxTokens(Clock clock, SandboxSettings settings) {
        return new SandboxTokens(clock, settings.getTokenLifetime());
    }

    @Bean
    SandboxLedger sandboxLedger(Clock clock) {
        return new SandboxLedger(clock);
    }

    @Bean
    SandboxLoopback sandboxLoopback(Environment environment, SandboxTenant tenant) {
        return new SandboxLoopback(environment, tenant.id());
    }

    @Bean
    SandboxWebhookSender sandboxWebhookSender(HubProperties properties, SandboxCredentials credentials,
                                              ObjectMapper objectMapper, Clock clock, SandboxLoopback loopback) {
        // the secret the hub verifies billing webhooks with: the first (current) configured one, else the generated one
        HubProperties.Provider billing = properties.getProviders().get(PROVIDER);
        List<String> configured = billing == null ? List.of() : billing.getWebhookSecrets().stream()
                .filter(secret -> !isBlank(secret)).toList();
        String secret = configured.isEmpty() ? credentials.webhookSecret() : configured.get(0);
        return new SandboxWebhookSender(StandardWebhookSignature.forSecrets(List.of(secret)), objectMapper, clock,
                () -> URI.create(loopback.baseUrl() + "/webhooks/" + PROVIDER));
    }

    @Bean
    SandboxOutcomes sandboxOutcomes(SandboxLedger ledger, SandboxWebhookSender sender, SandboxSettings settings) {
        return new SandboxOutcomes(ledger, sender, settings.getWebhookDelay());
    }

    @Bean
    SandboxAuthentication sandboxAuthentication(SandboxTokens tokens, ObjectMapper objectMapper) {
        return new SandboxAuthentication(tokens, objectMapper);
    }

    /** Login is how a token is obtained; the checkout page is for a shopper's browser, which has none. */
    @Bean
    WebMvcConfigurer sandboxAuthenticationRule(SandboxAuthentication authentication) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(authentication).addPathPatterns("/sandbox/**")
                        .excludePathPatterns("/sandbox/auth/login", "/sandbox/checkout/**");
            }
        };
    }

    @Bean
    SandboxPause sandboxPause() {
        return new SandboxPause();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
