package io.paymenthub.common;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    FilterRegistrationBean<RawBodyRequestFilter> rawBodyRequestFilter() {
        FilterRegistrationBean<RawBodyRequestFilter> registration = new FilterRegistrationBean<>(new RawBodyRequestFilter());
        registration.addUrlPatterns("/webhooks/*", "/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
