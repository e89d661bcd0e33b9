package io.paymenthub.sandbox;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.config.HubProperties;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.config.SandboxMode;
import io.paymenthub.webhook.StandardWebhookSignature;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The built-in sandbox billing platform (contract section 5 under {@code /sandbox}): present only while
 * {@link SandboxMode} says the sandbox runs, which is never with a real credential configured. It uses
 * only the generated credentials of {@link SandboxCredentials}, the same the hub then uses to call it
 * and to verify its webhooks.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SandboxMode.On.class)
public class SandboxConfiguration {

    static final String PROVIDER = SandboxMode.PROVIDER;
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
        return new SandboxTenant(id, credentials.tenantSecret());
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
    SandboxWebhookSender sandboxWebhookSender(SandboxCredentials credentials, ObjectMapper objectMapper, Clock clock,
                                              SandboxLoopback loopback) {
        // the generated secret, which the hub verifies billing webhooks with while the sandbox runs: never a real one
        return new SandboxWebhookSender(StandardWebhookSignature.forSecrets(List.of(credentials.webhookSecret())),
                objectMapper, clock, () -> URI.create(loopback.baseUrl() + "/webhooks/" + PROVIDER));
    }

    @Bean
    SandboxOutcomes sandboxOutcomes(SandboxLedger ledger, SandboxWebhookSender sender, SandboxSettings settings) {
        return new SandboxOutcomes(ledger, sender, settings.getWebhookDelay());
    }

    @Bean
    SandboxAuthentication sandboxAuthentication(SandboxTokens tokens, ObjectMapper objectMapper) {
        return new SandboxAuthentication(tokens, objectMapper);
    }

    /**
     * Login is how a token is obtained; the checkout page is for a shopper's browser, which has none; the
     * sandbox Cheqpay under {@code /sandbox/cheqpay} checks API keys instead ({@code cheqpay.CheqpayAuthentication}).
     */
    @Bean
    WebMvcConfigurer sandboxAuthenticationRule(SandboxAuthentication authentication) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(authentication).addPathPatterns("/sandbox/**")
                        .excludePathPatterns("/sandbox/auth/login", "/sandbox/checkout/**", "/sandbox/cheqpay/**");
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
