package io.paymenthub.provider;

import io.paymenthub.config.HubProperties;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Camel redelivery policy of platform calls, built from {@code hub.retry.*} (attempts, first delay,
 * multiplier) and referenced by name from routes/policies/platformCallPolicy.yaml.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformRetryPolicyConfiguration {

    @Bean("platformRetryPolicy")
    RedeliveryPolicy platformRetryPolicy(HubProperties properties) {
        HubProperties.Retry retry = properties.getRetry();
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(Math.max(0, retry.getMaxAttempts() - 1));
        policy.setRedeliveryDelay(retry.getInitialDelay().toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(retry.getMultiplier());
        policy.setMaximumRedeliveryDelay(Math.max(retry.getInitialDelay().toMillis(), 60_000));
        // one line per failed attempt, with its cause; the caller logs what the last failure meant (queued, 503)
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogStackTrace(false);
        policy.setLogRetryStackTrace(false);
        policy.setLogExhausted(false);
        return policy;
    }
}
