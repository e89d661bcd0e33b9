package io.paymenthub.sandbox.cheqpay;

import java.net.URI;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.config.SandboxMode;
import io.paymenthub.sandbox.SandboxLoopback;
import io.paymenthub.sandbox.SandboxSettings;
import io.paymenthub.sandbox.SandboxWebhookSender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sandbox's Cheqpay mode (contract section 5b under {@code /sandbox/cheqpay}): present only while
 * {@link SandboxMode} says the sandbox runs, beside the sandbox billing platform whose settings, webhook
 * delivery and loopback address it shares. It uses only the generated Cheqpay credentials of
 * {@link SandboxCredentials}, the same the hub then uses to call it and to verify its webhooks.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SandboxMode.On.class)
public class CheqpaySandboxConfiguration {

    static final String BASE_PATH = "/sandbox/cheqpay";
    static final String DEVICE_DATA_PAGES = "/3ds/device-data";
    static final String CHALLENGE_PAGES = "/3ds/challenge";
    static final String WEBHOOK_PATH = "/webhooks/cheqpay";

    @Bean
    CheqpayLedger sandboxCheqpayLedger(Clock clock, SandboxLoopback loopback) {
        return new CheqpayLedger(clock, new CheqpayIssuer(clock), (step, id) -> loopback.baseUrl() + BASE_PATH
                + (step == CheqpayLedger.AuthenticationStep.DEVICE_DATA ? DEVICE_DATA_PAGES : CHALLENGE_PAGES) + "/" + id);
    }

    @Bean
    CheqpayWebhookSender sandboxCheqpayWebhookSender(SandboxWebhookSender delivery, SandboxCredentials credentials,
                                                     ObjectMapper objectMapper, SandboxLoopback loopback,
                                                     SandboxSettings settings) {
        // the generated secret, which the hub is to verify Cheqpay webhooks with while the sandbox runs: never a real one
        return new CheqpayWebhookSender(delivery, credentials.cheqpayWebhookSecret(), objectMapper,
                () -> URI.create(isBlank(settings.getCheqpayWebhookUrl())
                        ? loopback.baseUrl() + WEBHOOK_PATH : settings.getCheqpayWebhookUrl()),
                settings.getWebhookDelay());
    }

    @Bean
    CheqpayAuthentication sandboxCheqpayAuthentication(SandboxCredentials credentials, ObjectMapper objectMapper) {
        return new CheqpayAuthentication(credentials, objectMapper);
    }

    /** Every Cheqpay call needs the API key; the 3-D Secure pages are for a payer's browser, which has none. */
    @Bean
    WebMvcConfigurer sandboxCheqpayAuthenticationRule(CheqpayAuthentication authentication) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(authentication).addPathPatterns(BASE_PATH + "/**")
                        .excludePathPatterns(BASE_PATH + "/3ds/**");
            }
        };
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
