package io.paymenthub.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.paymenthub.PaymentHubApplication;
import io.paymenthub.support.HubTestEnvironment;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application started as its main method does (application.yml's defaults, no test profile), kept
 * apart from every other run: its own in-memory H2, embedded broker, data folder and a random port.
 */
public final class StandaloneHub {

    private StandaloneHub() {
    }

    /** Isolating settings; the caller adds the ones under test. */
    public static Map<String, Object> isolated() {
        Map<String, Object> properties = new HashMap<>();
        HubTestEnvironment.register((name, value) -> properties.put(name, value.get()));
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("hub.log.format", "plain");
        return properties;
    }

    /** Starts it with the properties as command-line arguments, so that they win over application.yml. */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(PaymentHubApplication.class).run(arguments);
    }

    public static Path dataDir(Map<String, Object> properties) {
        return Path.of((String) properties.get("hub.data-dir"));
    }

    public static int port(ConfigurableApplicationContext hub) {
        return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }
}
