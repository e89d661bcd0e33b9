package io.paymenthub.broker;

import org.springframework.boot.autoconfigure.jms.activemq.ActiveMQConnectionFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A consumed message is rolled back only when the hub stops or dies while handling it; failures in
 * handling go through the routes' error policies, which dead-letter with a reason. So the client never
 * gives a message up on its own (its default would move it to the DLQ, without a reason, after six
 * such rollbacks, e.g. six restarts): it is redelivered a second later, without blocking the consumer's
 * other messages, until a hub instance takes it.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerRedeliveryConfiguration {

    @Bean
    ActiveMQConnectionFactoryCustomizer unlimitedRedeliveryOfRolledBackMessages() {
        return factory -> {
            factory.getRedeliveryPolicy().setMaximumRedeliveries(-1);
            factory.getRedeliveryPolicy().setInitialRedeliveryDelay(1000);
            factory.getRedeliveryPolicy().setRedeliveryDelay(1000);
            factory.getRedeliveryPolicy().setUseExponentialBackOff(false);
            // a message waiting for its redelivery must not hold up the consumer's other messages
            factory.setNonBlockingRedelivery(true);
            // competing hub instances share a backlog fairly; the default (1000) lets one instance hoard it
            factory.getPrefetchPolicy().setQueuePrefetch(10);
        };
    }
}
