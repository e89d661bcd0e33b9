package io.paymenthub.common;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Executor;

import io.paymenthub.config.HubProperties;
import jakarta.servlet.DispatcherType;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /**
     * Before every filter of the hub's, so that nothing (authentication, signature checks, a pool thread) is spent on
     * a body that is too large or too slow; only after Spring Boot's {@code ServerHttpObservationFilter}
     * ({@code HIGHEST_PRECEDENCE + 1}), which must see a request before it goes asynchronous to wait for its body, or
     * the request is missing from {@code http_server_requests} (the alert WebhookEndpointServerErrors counts the webhook
     * endpoint's answers there). {@code hub.api.max-body-size} bounds /api bodies as {@code hub.webhooks.max-body-size}
     * bounds webhooks; {@code hub.http.body-timeout} is how long a body may take to arrive.
     */
    @Bean
    FilterRegistrationBean<RawBodyRequestFilter> rawBodyRequestFilter(HubProperties properties,
            @Value("${hub.api.max-body-size:256KB}") DataSize apiLimit,
            @Value("${hub.http.body-timeout:10s}") Duration bodyTimeout) {
        FilterRegistrationBean<RawBodyRequestFilter> registration = new FilterRegistrationBean<>(
                new RawBodyRequestFilter(properties.getWebhooks().getMaxBodySize(), apiLimit, bodyTimeout));
        registration.addUrlPatterns("/webhooks/*", "/api/*");
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        registration.setAsyncSupported(true);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** Replaces platform-http's engine (the auto-configured one steps aside): see {@link HubPlatformHttpEngine}. */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port,
            @Qualifier("applicationTaskExecutor") Executor executor) {
        return new HubPlatformHttpEngine(port, executor);
    }

    @Bean
    HttpExecutorHealthIndicator httpExecutorHealthIndicator(@Qualifier("applicationTaskExecutor") Executor executor) {
        return new HttpExecutorHealthIndicator(executor);
    }

    @Bean
    TomcatEdgeCustomizer tomcatEdgeCustomizer() {
        return new TomcatEdgeCustomizer();
    }
}
