package io.paymenthub.config;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code hub.log.format=json} (contract section 7; the prod default) switches the console to Spring
 * Boot's structured logging, one Logstash-style JSON object a line, and turns the banner off so that
 * nothing else reaches the log stream. It runs before the logging system starts.
 */
public class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if ("json".equalsIgnoreCase(environment.getProperty("hub.log.format", "plain"))) {
            environment.getPropertySources().addFirst(new MapPropertySource("hubLogFormat", Map.of(
                    "logging.structured.format.console", "logstash",
                    "spring.main.banner-mode", "off")));
        }
    }
}
