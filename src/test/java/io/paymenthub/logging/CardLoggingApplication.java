package io.paymenthub.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application with the hub's logging set-up (application.yml, META-INF/spring.factories) and
 * nothing else, run in a JVM of its own by {@link CardNumberLogGuardTest}: it logs card numbers the ways code
 * does, and its own start-up logs one too (the active profile's name).
 */
@Configuration(proxyBeanMethods = false)
public class CardLoggingApplication {

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CardLoggingApplication.class)
                .web(WebApplicationType.NONE).run(args)) {
            Logger log = LoggerFactory.getLogger(CardLoggingApplication.class);
            log.info("in the message: card 4000000000002503 charged");
            log.info("in an argument: paymentId={}", "pay_5555555555554444");
            MDC.put("cardInMdc", "5200000000002151");
            log.info("with the card in the MDC");
            MDC.clear();
            log.warn("in an exception", new IllegalStateException("refused:\n4000000000003220",
                    new IllegalArgumentException("cause for card 4222222222222")));
        }
    }
}
