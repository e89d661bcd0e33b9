package io.paymenthub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Decides where the routes come from ({@link RoutesFolder}) before any bean is created, so a missing or unusable
 * folder stops the hub with one line (RoutesFolderStartupFailureAnalyzer) before a migration, broker or port is
 * started, instead of Camel's {@code NoSuchFileException} when it loads them. The answer is the setting
 * {@value #INCLUDE_PATTERN}, which {@code camel.main.routes-include-pattern} in application.yml takes.
 */
@Component
public class RoutesFolderStartupCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

    /** The route files for Camel: {@code file:/absolute/folder/**}{@code /*.yaml}, or the shipped files one by one. */
    public static final String INCLUDE_PATTERN = "hub.routes-include-pattern";
    static final String SOURCE = "hubRoutesLocation";

    private static final Logger log = LoggerFactory.getLogger(RoutesFolderStartupCheck.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> shipped = shippedRouteFiles(beanFactory.getBeanClassLoader());
        RoutesFolder routes = RoutesFolder.resolve(environment.getProperty(RoutesFolder.PROPERTY), Path.of(""), !shipped.isEmpty());
        // Camel's own class-path scan of routes/**/*.yaml loses the sub-folders inside Spring Boot's nested jar (it asked
        // for routes/callPlatform.yaml, which is routes/providers/callPlatform.yaml): Spring's scan finds them, and
        // Camel is given each file by name
        String pattern = routes.location().equals(RoutesFolder.SHIPPED) ? String.join(",", shipped)
                : routes.location() + "/**/*.yaml";
        if (environment instanceof ConfigurableEnvironment configurable && !configurable.getPropertySources().contains(SOURCE)) {
            configurable.getPropertySources().addFirst(new MapPropertySource(SOURCE, Map.of(INCLUDE_PATTERN, pattern)));
        }
        log.info("Routes from {} ({})", routes.location(), routes.reason());
    }

    /** The route files inside the jar, each as {@code classpath:routes/<folder>/<file>.yaml}. */
    static List<String> shippedRouteFiles(ClassLoader classLoader) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
        try {
            Resource root = resolver.getResource(RoutesFolder.SHIPPED + "/");
            if (!root.exists()) {
                return List.of();
            }
            String rootUrl = root.getURL().toString();
            List<String> files = new ArrayList<>();
            for (Resource file : resolver.getResources(RoutesFolder.SHIPPED + "/**/*.yaml")) {
                String url = file.getURL().toString();
                if (!url.startsWith(rootUrl)) {
                    throw new IllegalStateException("A shipped route file outside " + rootUrl + ": " + url);
                }
                files.add(RoutesFolder.SHIPPED + "/" + url.substring(rootUrl.length()));
            }
            Collections.sort(files);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
