package io.paymenthub.routes;

import java.nio.file.Path;

import io.paymenthub.config.RoutesFolder;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code hub.routes.reload=true} (the default run; {@code false} in the prod profile, where route files change by a
 * deployment, validated first): an edited file of the routes folder is live within seconds, through
 * {@link CheckedRouteReload}. Camel's own {@code camel.main.routes-reload-enabled} stays off: it would add its
 * unchecked reload beside this one. Routes from inside the jar have no folder to watch.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.routes.reload", havingValue = "true")
public class CheckedRouteReloadConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CheckedRouteReloadConfiguration.class);

    @Bean
    CamelContextConfiguration checkedRouteReload(RouteFileCheck check,
                                                 @Value("${" + RoutesFolder.PROPERTY + ":}") String routesDir) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                RoutesFolder routes = RoutesFolder.resolve(routesDir, Path.of("").toAbsolutePath(), true);
                if (!routes.location().startsWith("file:")) {
                    log.info("Route reload is off: the routes come from {}, not from a folder", routes.location());
                    return;
                }
                Path folder = Path.of(routes.location().substring("file:".length()));
                try {
                    camel.addService(new CheckedRouteReload(folder, check));
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot watch " + folder + " for route edits", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the watcher runs as one of the context's services
            }
        };
    }
}
