package io.paymenthub.routes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.serialization.NodeReader;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.stereotype.Component;

/**
 * Checks one route file without loading it (issue 10, route edits; contract section 8's
 * {@code POST /api/admin/routes/validate}, the command-line check and the development reload all use it):
 * <ol>
 *   <li>YAML that parses;</li>
 *   <li>valid against Camel's own YAML DSL JSON schema ({@code schema/camelYamlDsl.json} in the camel-yaml-dsl jar,
 *       the schema Kaoto and editors check with);</li>
 *   <li>Camel's own model: the YAML DSL turns it into route definitions, which are never added to the context;</li>
 *   <li>every bean it names ({@code ref:}, {@code #bean:name}, {@code idempotentRepository:}) is a bean of the running
 *       hub, and every {@code {{placeholder}}} without a default is bound in its configuration;</li>
 *   <li>the first route is named after its file (when the file's name is known);</li>
 *   <li>an error policy on every consumer: a route that does not start from {@code direct:} (whose failures go back
 *       to the route that called it) names a {@code routeConfigurationId}, and that route configuration exists in
 *       the hub or in the same file.</li>
 * </ol>
 * The schema is read on the first check, not at start-up.
 */
@Component("routeFileCheck")
public class RouteFileCheck {

    private static final NodeReader YAML = NodeReader.builder().locationAware().build();
    /** {{name}}, {{name:default}} and Camel's optional {{?name}} */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^{}:]+)(:[^{}]*)?}}");
    /** a bean named by a route: {@code ref: name}, {@code #bean:name}, {@code idempotentRepository: name} */
    private static final Pattern BEAN_REFERENCE = Pattern.compile(
            "(?:\\bref:\\s*[\"']?|#bean:|\\bidempotentRepository:\\s*[\"']?#?(?:bean:)?)([A-Za-z_$][\\w$]*)");

    private final CamelContext camel;
    private volatile Schema camelYamlDsl;

    public RouteFileCheck(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * @param fileName the file's name (e.g. {@code getPayment.yaml}), or null when not known
     * @param knownConfigurations route configuration ids defined beside it (the other files of its folder)
     * @return what is wrong, in the order of the checks; empty: the file is valid
     */
    public List<RouteFileProblem> check(String fileName, String yaml, Set<String> knownConfigurations) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml, InputFormat.YAML);
        } catch (IOException | RuntimeException unreadable) {
            return List.of(new RouteFileProblem(lineOf(unreadable), "not valid YAML: " + firstLine(unreadable)));
        }
        if (tree == null || !tree.isArray() || tree.isEmpty()) {
            return List.of(new RouteFileProblem(1, "a route file is a YAML list of routes or route configurations"));
        }
        List<RouteFileProblem> problems = new ArrayList<>();
        for (Error error : schema().validate(tree)) {
            problems.add(new RouteFileProblem(lineOf(error), "not valid against Camel's YAML DSL schema: " + error));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        List<String> lines = yaml.lines().toList();
        Set<String> configurations = new LinkedHashSet<>(knownConfigurations);
        configurations.addAll(runningConfigurations());
        configurations.addAll(configurationsIn(tree));
        List<RouteDefinition> routes;
        try {
            routes = routesOf(fileName, yaml);
        } catch (Exception refused) {
            return List.of(new RouteFileProblem(lineOf(refused), "Camel does not accept it: " + firstLine(refused)));
        }
        // a route its precondition leaves out (a feature switched off) names beans that exist only when it is on
        boolean switchedOff = !routes.isEmpty() && routes.stream().allMatch(this::leftOut);
        problems.addAll(beansAndPlaceholders(lines, !switchedOff));
        String expectedId = fileName == null ? null : fileName.replaceFirst("\\.ya?ml$", "");
        String firstId = firstIdIn(tree);
        if (expectedId != null && firstId != null && !firstId.equals(expectedId)) {
            problems.add(new RouteFileProblem(lineOfText(lines, "id: " + firstId),
                    "the first route is '" + firstId + "', the file name says '" + expectedId + "'"));
        }
        for (RouteDefinition route : routes) {
            String uri = route.getInput() == null ? "" : route.getInput().getEndpointUri();
            int line = lineOfText(lines, route.getRouteId() == null ? "from:" : "id: " + route.getRouteId());
            String policy = route.getRouteConfigurationId();
            if (policy == null || policy.isBlank()) {
                if (!uri.startsWith("direct:")) {
                    problems.add(new RouteFileProblem(line, "route " + name(route) + " consumes " + uri
                            + " without an error policy: name one with routeConfigurationId"));
                }
            } else {
                for (String id : policy.split(",")) {
                    if (!id.isBlank() && !configurations.contains(id.trim())) {
                        problems.add(new RouteFileProblem(lineOfText(lines, "routeConfigurationId: " + policy),
                                "route " + name(route) + " names the error policy '" + id.trim() + "', which does not exist"));
                    }
                }
            }
        }
        return problems;
    }

    private List<RouteDefinition> routesOf(String fileName, String yaml) throws Exception {
        Resource resource = ResourceHelper.fromString(fileName == null ? "route.yaml" : fileName, yaml);
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource);
        List<RouteDefinition> routes = new ArrayList<>();
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routeBuilder) {
                // configures the builder's own definitions; adding them to the context would be another call
                routes.addAll(routeBuilder.configureRoutes(camel).getRoutes());
            }
        }
        return routes;
    }

    private boolean leftOut(RouteDefinition route) {
        String precondition = route.getPrecondition();
        if (precondition == null) {
            return false;
        }
        try {
            return "false".equalsIgnoreCase(camel.resolvePropertyPlaceholders(precondition).trim());
        } catch (RuntimeException unbound) {
            return false; // the placeholder check reports it
        }
    }

    private List<RouteFileProblem> beansAndPlaceholders(List<String> lines, boolean beansMustExist) {
        List<RouteFileProblem> problems = new ArrayList<>();
        for (int number = 0; number < lines.size(); number++) {
            String line = lines.get(number);
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher placeholder = PLACEHOLDER.matcher(line);
            while (placeholder.find()) {
                boolean optionalOrDefaulted = !placeholder.group(1).isEmpty() || placeholder.group(3) != null;
                String key = placeholder.group(2).trim();
                if (!optionalOrDefaulted && camel.getPropertiesComponent().resolveProperty(key).isEmpty()) {
                    problems.add(new RouteFileProblem(number + 1, "the placeholder " + placeholder.group()
                            + " is not a setting of the hub (and has no default)"));
                }
            }
            Matcher bean = BEAN_REFERENCE.matcher(line);
            while (beansMustExist && bean.find()) {
                String name = bean.group(1);
                if (camel.getRegistry().lookupByName(name) == null) {
                    problems.add(new RouteFileProblem(number + 1, "no bean named '" + name + "' in the hub"));
                }
            }
        }
        return problems;
    }

    private Set<String> runningConfigurations() {
        Set<String> ids = new LinkedHashSet<>();
        for (RouteConfigurationDefinition configuration
                : ((ModelCamelContext) camel).getRouteConfigurationDefinitions()) {
            ids.add(configuration.getId());
        }
        return ids;
    }

    /** @return the ids of the routeConfiguration elements of a file */
    public static Set<String> configurationsIn(JsonNode tree) {
        Set<String> ids = new LinkedHashSet<>();
        if (tree != null) {
            for (JsonNode element : tree) {
                JsonNode id = element.path("routeConfiguration").path("id");
                if (id.isTextual()) {
                    ids.add(id.asText());
                }
            }
        }
        return ids;
    }

    /** @return the ids of the routeConfiguration elements of a file's text; none when it does not parse */
    public static Set<String> configurationsIn(String yaml) {
        try {
            return configurationsIn(YAML.readTree(yaml, InputFormat.YAML));
        } catch (IOException | RuntimeException unreadable) {
            return Set.of();
        }
    }

    private static String firstIdIn(JsonNode tree) {
        for (JsonNode element : tree) {
            var fields = element.properties().iterator();
            if (fields.hasNext()) {
                JsonNode id = fields.next().getValue().path("id");
                return id.isTextual() ? id.asText() : null;
            }
        }
        return null;
    }

    private static String name(RouteDefinition route) {
        return route.getRouteId() == null ? "(without id)" : "'" + route.getRouteId() + "'";
    }

    private Schema schema() {
        Schema schema = camelYamlDsl;
        if (schema == null) {
            synchronized (this) {
                if (camelYamlDsl == null) {
                    try (InputStream json = RouteFileCheck.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
                        if (json == null) {
                            throw new IllegalStateException("schema/camelYamlDsl.json is not on the class path (camel-yaml-dsl)");
                        }
                        // draft-04 (its $schema), plus Camel's own "deprecated" marker, which describes and does not validate
                        Dialect draft4 = Dialect.builder(Dialects.getDraft4())
                                .keyword(new NonValidationKeyword("deprecated")).build();
                        camelYamlDsl = SchemaRegistry.withDialect(draft4).getSchema(json, InputFormat.JSON);
                    } catch (IOException e) {
                        throw new IllegalStateException("Cannot read Camel's YAML DSL schema", e);
                    }
                }
                schema = camelYamlDsl;
            }
        }
        return schema;
    }

    private static int lineOf(Error error) {
        return error.getInstanceNode() instanceof TokenStreamLocationAware located
                ? Math.max(1, located.tokenStreamLocation().getLineNr()) : 1;
    }

    /** The line a parser's or Camel's failure points at, found in its cause chain; else 1. */
    private static int lineOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JsonProcessingException json && json.getLocation() != null
                    && json.getLocation().getLineNr() > 0) {
                return json.getLocation().getLineNr();
            }
            if (cause instanceof MarkedYamlEngineException marked
                    && marked.getProblemMark().isPresent()) {
                return marked.getProblemMark().get().getLine() + 1;
            }
            Matcher line = Pattern.compile("line (\\d+)").matcher(String.valueOf(cause.getMessage()));
            if (line.find()) {
                return Integer.parseInt(line.group(1));
            }
        }
        return 1;
    }

    private static int lineOfText(List<String> lines, String text) {
        for (int number = 0; number < lines.size(); number++) {
            if (lines.get(number).contains(text)) {
                return number + 1;
            }
        }
        return 1;
    }

    /** The first line of the deepest message in the cause chain: the parser's own words, not its wrapper's. */
    private static String firstLine(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage().strip();
            }
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
