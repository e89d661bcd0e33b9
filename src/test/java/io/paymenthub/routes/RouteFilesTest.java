package io.paymenthub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Every route file the project ships, read without a hub: valid against Camel's own YAML DSL schema (the one Kaoto
 * and editors check with, so an operator's tool does not flag a file the hub loads), named after its route, and
 * bound to configuration that exists (issue 10, route edits).
 */
class RouteFilesTest {

    static final Path ROUTES = Path.of("routes");
    static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");

    /** verb-noun camelCase: a lower-case first word and at least one more (sendToDeadLetter, applyWebhookEvent). */
    private static final Pattern ROUTE_ID = Pattern.compile("[a-z]+(?:[A-Z][a-z0-9]*)+");
    /** {{name}}, {{name:default}} and Camel's optional {{?name}}; a nested placeholder is not used by the routes. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^{}:]+)(:[^{}]*)?}}");

    private static final NodeReader YAML = NodeReader.builder().locationAware().build();
    private static Schema camelYamlDsl;

    @BeforeAll
    static void camelsSchema() throws IOException {
        // from the camel-yaml-dsl jar on the class path, so always the schema of the Camel version the hub runs
        try (InputStream schema = RouteFilesTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(schema).as("schema/camelYamlDsl.json in camel-yaml-dsl").isNotNull();
            // draft-04 (its $schema), plus Camel's own "deprecated" marker, which describes and does not validate
            Dialect draft4 = Dialect.builder(Dialects.getDraft4()).keyword(new NonValidationKeyword("deprecated")).build();
            camelYamlDsl = SchemaRegistry.withDialect(draft4).getSchema(schema, InputFormat.JSON);
        }
    }

    static Stream<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROUTES)) {
            List<Path> found = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
            assertThat(found).as("route files under " + ROUTES.toAbsolutePath()).isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void validatesAgainstCamelsYamlDslSchema(Path file) throws IOException {
        JsonNode routes = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8), InputFormat.YAML);

        List<String> messages = camelYamlDsl.validate(routes).stream().map(error -> file + line(error) + ": "
                + error).toList();

        assertThat(messages).as("%s against schema/camelYamlDsl.json:%n%s", file, String.join("\n", messages)).isEmpty();
    }

    /**
     * The first route (or routeConfiguration) of a file is named after the file; the routes after it are the flow's
     * own steps (direct: routes such as handOffRefund), camelCase too. Ids are unique across all files.
     */
    @Test
    void theFirstRouteOfEveryFileIsNamedAfterItAndEveryIdIsCamelCaseAndUnique() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path file : routeFiles().toList()) {
            String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            List<String> ids = new ArrayList<>();
            for (JsonNode element : YAML.readTree(Files.readString(file), InputFormat.YAML)) {
                element.properties().forEach(entry -> ids.add(entry.getValue().path("id").asText("")));
            }
            if (ids.isEmpty() || !ids.get(0).equals(expected)) {
                problems.add(file + ": the first id is " + (ids.isEmpty() ? "missing" : "'" + ids.get(0) + "'")
                        + ", the file name says '" + expected + "'");
            }
            for (String id : ids) {
                if (!ROUTE_ID.matcher(id).matches()) {
                    problems.add(file + ": id '" + id + "' is not verb-noun camelCase");
                }
                if (!seen.add(id)) {
                    problems.add(file + ": id '" + id + "' is used by another route too");
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** A placeholder nothing defines fails only when the route starts: here it fails in the build. */
    @Test
    void everyPlaceholderIsASettingOfApplicationYmlOrHasADefault() throws IOException {
        Set<String> settings = settings();
        List<String> unbound = new ArrayList<>();
        for (Path file : routeFiles().toList()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int number = 0; number < lines.size(); number++) {
                String line = lines.get(number);
                if (line.stripLeading().startsWith("#")) {
                    continue;
                }
                Matcher placeholder = PLACEHOLDER.matcher(line);
                while (placeholder.find()) {
                    boolean optionalOrDefaulted = !placeholder.group(1).isEmpty() || placeholder.group(3) != null;
                    if (!optionalOrDefaulted && !settings.contains(placeholder.group(2).trim())) {
                        unbound.add(file + ":" + (number + 1) + ": " + placeholder.group() + " is not in " + APPLICATION_YML);
                    }
                }
            }
        }
        assertThat(settings).as("settings read from " + APPLICATION_YML).contains("hub.routes-dir");
        assertThat(unbound).as(String.join("\n", unbound)).isEmpty();
    }

    /** The keys of application.yml's documents that apply to every profile. */
    private static Set<String> settings() throws IOException {
        List<PropertySource<?>> documents = new YamlPropertySourceLoader().load("application.yml",
                new FileSystemResource(APPLICATION_YML));
        return documents.stream()
                .filter(document -> document.getProperty("spring.config.activate.on-profile") == null)
                .flatMap(document -> Stream.of(((EnumerablePropertySource<?>) document).getPropertyNames()))
                // a list's items are name[0], name[1]...: the name itself is the setting
                .map(name -> name.replaceFirst("\\[\\d+].*$", ""))
                .collect(Collectors.toSet());
    }

    private static String line(Error error) {
        return error.getInstanceNode() instanceof TokenStreamLocationAware located
                ? ":" + located.tokenStreamLocation().getLineNr() : "";
    }
}
