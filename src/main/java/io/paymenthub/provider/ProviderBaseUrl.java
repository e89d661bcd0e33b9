package io.paymenthub.provider;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code hub.providers.<name>.base-url}, read when a call is made rather than when the beans are built: the
 * sandbox's base URLs name the port the web server has only once it runs ({@code local.server.port}).
 */
@Component
public class ProviderBaseUrl {

    private final Environment environment;

    public ProviderBaseUrl(Environment environment) {
        this.environment = environment;
    }

    public String of(String provider) {
        String url = environment.getProperty("hub.providers." + provider + ".base-url");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("hub.providers." + provider + ".base-url is not set");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
