package io.paymenthub.admin;

import io.paymenthub.api.AdminKeys;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link AdminAuthenticationFilter} in front of {@code /api/admin/**}, before anything reads the request. */
@Configuration(proxyBeanMethods = false)
public class AdminAuthentication {

    @Bean
    FilterRegistrationBean<AdminAuthenticationFilter> adminAuthenticationFilter(AdminKeys adminKeys) {
        FilterRegistrationBean<AdminAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new AdminAuthenticationFilter(adminKeys));
        // "/api/admin/*" also matches "/api/admin" itself
        registration.addUrlPatterns("/api/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
