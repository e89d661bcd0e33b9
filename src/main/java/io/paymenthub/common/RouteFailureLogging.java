package io.paymenthub.common;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How Camel logs a failure in a route without an error policy of its own (the hand-off and outbox routes, the
 * timers): Camel's default writes an ERROR with the message history and the stack trace for every failed exchange,
 * about 20 KB per request during a broker outage, although the caller handles it (503, a retry). Here it is one
 * WARN line with the cause; the callers say what it meant, and {@link DependencyStates} logs an outage's stack
 * trace once. Routes with a route configuration (platformCallPolicy, brokerConsumerErrorPolicy) keep theirs.
 */
@Configuration(proxyBeanMethods = false)
public class RouteFailureLogging {

    @Bean
    CamelContextConfiguration oneLinePerRouteFailure() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                DefaultErrorHandlerDefinition errorHandler = new DefaultErrorHandlerDefinition();
                // level: what a failure without redeliveries is logged at; the policy: one with redeliveries
                errorHandler.loggingLevel(LoggingLevel.WARN.name());
                errorHandler.retriesExhaustedLogLevel(LoggingLevel.WARN).logStackTrace(false).logExhaustedMessageHistory(false);
                context.getCamelContextExtension().setErrorHandlerFactory(errorHandler);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // nothing to do
            }
        };
    }
}
