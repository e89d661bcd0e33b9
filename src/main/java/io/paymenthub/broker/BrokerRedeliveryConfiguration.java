package io.paymenthub.broker;

import java.time.Duration;

import org.apache.camel.LoggingLevel;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.activemq.ActiveMQConnectionFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a consumed message that failed for a reason that may pass (database, broker or platform down) is
 * retried: the consumer's JMS transaction rolls back (brokerConsumerErrorPolicy.yaml) and the broker
 * client redelivers it later with exponential back-off up to a cap, for as long as it takes, without
 * holding the consumer: its other messages go on meanwhile (non-blocking redelivery). The client never
 * gives a message up on its own (its default would move it to the DLQ, without a reason, after six
 * rollbacks); only the error policy dead-letters, with a reason.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerRedeliveryConfiguration {

    @Bean
    ActiveMQConnectionFactoryCustomizer unlimitedRedeliveryOfRolledBackMessages(
            @Value("${hub.broker.redelivery.initial-delay:1s}") Duration initialDelay,
            @Value("${hub.broker.redelivery.multiplier:2}") double multiplier,
            @Value("${hub.broker.redelivery.max-delay:60s}") Duration maxDelay) {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0 || multiplier < 1) {
            throw new IllegalStateException("hub.broker.redelivery: initial-delay must be positive, max-delay at least "
                    + "initial-delay and multiplier at least 1 (got " + initialDelay + ", " + maxDelay + ", " + multiplier + ")");
        }
        return factory -> {
            factory.getRedeliveryPolicy().setMaximumRedeliveries(-1);
            factory.getRedeliveryPolicy().setInitialRedeliveryDelay(initialDelay.toMillis());
            factory.getRedeliveryPolicy().setRedeliveryDelay(initialDelay.toMillis());
            factory.getRedeliveryPolicy().setUseExponentialBackOff(multiplier > 1);
            factory.getRedeliveryPolicy().setBackOffMultiplier(multiplier);
            factory.getRedeliveryPolicy().setMaximumRedeliveryDelay(maxDelay.toMillis());
            // a message waiting for its redelivery must not hold up the consumer's other messages
            factory.setNonBlockingRedelivery(true);
            // competing hub instances share a backlog fairly; the default (1000) lets one instance hoard it
            factory.getPrefetchPolicy().setQueuePrefetch(10);
        };
    }

    /**
     * A rollback is the policy's way to retry, not an error: the policy logs one line with the reason, so
     * the listener container's own report (WARN with a stack trace, per redelivery) is kept to DEBUG.
     */
    @Bean
    ComponentCustomizer quietRollbackOfConsumedMessages() {
        return ComponentCustomizer.builder(ActiveMQComponent.class).build(component -> {
            component.setErrorHandlerLoggingLevel(LoggingLevel.DEBUG);
            component.setErrorHandlerLogStackTrace(false);
        });
    }
}
