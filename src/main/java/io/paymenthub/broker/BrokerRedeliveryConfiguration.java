package io.paymenthub.broker;

import org.springframework.boot.autoconfigure.jms.activemq.ActiveMQConnectionFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A consumed message is rolled back only when the hub stops or dies while handling it; failures in
 * handling go through the routes' error policies, which dead-letter with a reason. So the client never
 * gives a message up on its own (its default would move it to the DLQ, without a reason, after six
 * such rollbacks, e.g. six restarts): it is redelivered, with back-off, until a hub instance takes it.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerRedeliveryConfiguration {

    @Bean
    ActiveMQConnectionFactoryCustomizer unlimitedRedeliveryOfRolledBackMessages() {
        return factory -> {
            factory.getRedeliveryPolicy().setMaximumRedeliveries(-1);
            factory.getRedeliveryPolicy().setInitialRedeliveryDelay(1000);
            factory.getRedeliveryPolicy().setUseExponentialBackOff(true);
            factory.getRedeliveryPolicy().setMaximumRedeliveryDelay(60_000);
        };
    }
}
