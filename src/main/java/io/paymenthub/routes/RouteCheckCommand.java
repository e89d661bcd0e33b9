package io.paymenthub.routes;

import java.nio.file.Path;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The command-line check of route files, for the CI of an operator's own route repository
 * ({@code scripts/check-routes <folder>}, which runs {@code java -jar payment-hub.jar --hub.routes.check=<folder>}
 * with its own throw-away data folder and no consumer started): the hub starts with its own shipped routes, checks
 * every file of the folder against its beans, settings and route configurations, prints {@code file:line: message}
 * per problem, and exits with 0 (all valid) or 1.
 */
@Component
@ConditionalOnProperty(name = RouteCheckCommand.PROPERTY)
public class RouteCheckCommand implements ApplicationRunner {

    static final String PROPERTY = "hub.routes.check";

    private final RouteFolderCheck check;
    private final ConfigurableApplicationContext context;

    public RouteCheckCommand(RouteFolderCheck check, ConfigurableApplicationContext context) {
        this.check = check;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        String folder = context.getEnvironment().getProperty(PROPERTY, "");
        int code = check.report(Path.of(folder.isBlank() ? "routes" : folder), System.out);
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
