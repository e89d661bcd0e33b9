package io.paymenthub.management;

import io.paymenthub.api.AdminKeys;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * With {@code hub.management.require-authentication=true} (the prod profile) the actuator's endpoints other than
 * the health probes need {@code Authorization: Bearer <hub.management.scrape-token>}: a bearer token is what
 * Prometheus' scrape configuration sends ({@code authorization.credentials_file}), and a servlet filter on the
 * actuator's path is all that takes; Spring Security would bring its own defaults to /api and /webhooks too.
 * <p>
 * A management context configuration (listed in
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}), so the filter sits wherever the actuator is
 * served: on the server port, or on a separate {@code management.server.port} in the actuator's own context. (Being
 * in the hub's package it is also component-scanned; with the actuator on the server port Spring keeps that one
 * copy, with a separate port the server port gets a filter on a path that serves nothing there.)
 */
@ManagementContextConfiguration
@ConditionalOnProperty(name = ActuatorAuthentication.REQUIRED, havingValue = "true")
public class ActuatorAuthentication {

    static final String REQUIRED = "hub.management.require-authentication";
    static final String TOKEN = "hub.management.scrape-token";

    @Bean
    FilterRegistrationBean<ActuatorAuthenticationFilter> actuatorAuthenticationFilter(ScrapeTokenCheck tokens,
            AdminKeys adminKeys, WebEndpointProperties endpoints) {
        String basePath = endpoints.getBasePath();
        FilterRegistrationBean<ActuatorAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ActuatorAuthenticationFilter(tokens, adminKeys, basePath));
        // "/actuator/*" also matches "/actuator" itself (the links page)
        registration.addUrlPatterns(basePath + "/*");
        // before anything else reads the request
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
