package io.paymenthub.logging;

import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the correlation id into Camel: the policy that assigns it at the doors, and the JMS messages that carry it. */
@Configuration(proxyBeanMethods = false)
public class CorrelationLoggingConfiguration {

    @Bean
    CorrelationRoutePolicyFactory correlationRoutePolicyFactory() {
        return new CorrelationRoutePolicyFactory();
    }

    @Bean
    ComponentCustomizer correlationIdOnSentMessages() {
        return ComponentCustomizer.builder(ActiveMQComponent.class)
                .build(component -> component.setMessageCreatedStrategy(new CorrelationIdOnMessages()));
    }
}
