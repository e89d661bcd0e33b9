package io.paymenthub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import io.paymenthub.support.ApiContract;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * The API document the hub ships is a valid OpenAPI 3.1 document, and it documents exactly the HTTP routes the hub
 * serves (routes/): a route added without its documentation, or documentation of a route that went away, fails here.
 */
class ApiDocumentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Where a schema keyword holds one subschema, a list of them, or a map of them (JSON Schema 2020-12). */
    private static final Set<String> ONE_SUBSCHEMA = Set.of("items", "not", "if", "then", "else", "contains", "propertyNames",
            "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contentSchema");
    private static final Set<String> LIST_OF_SUBSCHEMAS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> MAP_OF_SUBSCHEMAS = Set.of("properties", "patternProperties", "$defs", "dependentSchemas");

    private final JsonNode document = ApiContract.document();

    @Test
    void swaggerParserReadsItAsOpenApi31WithoutAProblem() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(shippedDocument(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    }

    @Test
    void everySchemaIsAJsonSchema202012WithOnlyKeywordsOfOpenApi31() {
        Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Set<String> keywords = Dialects.getOpenApi31().getKeywords().keySet();
        List<String> problems = new ArrayList<>();
        List<Located> schemas = schemas();

        for (Located schema : schemas) {
            metaSchema.validate(schema.node()).forEach(error -> problems.add(schema.where() + ": " + error));
            walk(schema, subschema -> subschema.node().fieldNames().forEachRemaining(name -> {
                if (!keywords.contains(name) && !name.startsWith("x-")) {
                    problems.add(subschema.where() + ": '" + name + "' is no keyword of OpenAPI 3.1's schema dialect");
                }
            }));
        }

        assertThat(schemas).hasSizeGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyExampleOfASchemaMatchesIt() {
        List<String> problems = new ArrayList<>();
        int[] examples = {0};
        document.path("components").path("schemas").fields().forEachRemaining(schema -> {
            for (JsonNode example : schema.getValue().path("examples")) {
                examples[0]++;
                ApiContract.problemsAgainst("/components/schemas/" + schema.getKey(), example)
                        .forEach(problem -> problems.add(schema.getKey() + ": " + problem));
            }
        });

        assertThat(examples[0]).isGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyLocalReferenceLeadsSomewhere() {
        List<String> dangling = new ArrayList<>();
        document.findValues("$ref").forEach(reference -> {
            String target = reference.asText();
            if (!target.startsWith("#/") || document.at(target.substring(1)).isMissingNode()) {
                dangling.add(target);
            }
        });

        assertThat(dangling).isEmpty();
    }

    @Test
    void itDocumentsExactlyTheHttpRoutesOfTheHubAndMarksOnlyAdminOperationsAsNotImplemented() throws IOException {
        Set<String> served = servedByRoutes();
        Set<String> implemented = new TreeSet<>();
        Set<String> notImplemented = new TreeSet<>();
        operations().forEach((operation, node) -> {
            if (node.path("x-hub-implemented").asBoolean(true)) {
                implemented.add(operation);
            } else {
                notImplemented.add(operation);
            }
        });

        assertThat(implemented).isEqualTo(served);
        // today none is left: a later contract operation documented before it is served may be marked so again
        assertThat(notImplemented).allMatch(operation -> operation.matches("[A-Z]+ /api/admin/.*"))
                .noneMatch(served::contains);
    }

    @Test
    void everyOperationNamesItselfAndAnswersEveryErrorInTheContractsShape() {
        Set<String> operationIds = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        operations().forEach((operation, node) -> {
            if (!operationIds.add(node.path("operationId").asText())) {
                problems.add(operation + ": operationId missing or not unique");
            }
            boolean admin = operation.contains(" /api/admin/");
            for (String status : admin ? List.of("401", "403") : List.of("401", "500")) {
                if (!node.path("responses").has(status)) {
                    problems.add(operation + ": no " + status);
                }
            }
            node.path("responses").fields().forEachRemaining(response -> {
                JsonNode declared = resolve(response.getValue()).path("content").path("application/json").path("schema");
                // the contract's two answers of 4xx that are not errors: the FAILED payment (402), the route check (422)
                boolean contractsOwnShape = Set.of("#/components/schemas/Payment", "#/components/schemas/RouteInvalid")
                        .contains(declared.path("$ref").asText());
                if ((response.getKey().startsWith("4") || response.getKey().startsWith("5")) && !contractsOwnShape) {
                    JsonNode schema = resolve(declared);
                    JsonNode properties = schema.path("properties");
                    if (!properties.has("error") || !properties.has("code")) {
                        problems.add(operation + " " + response.getKey() + ": not the contract's {error, code}");
                    }
                }
            });
        });

        assertThat(problems).isEmpty();
    }

    // --- the document ----------------------------------------------------------------------------------------------

    /** "METHOD /path" of every operation, with its node. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (METHODS.contains(operation.getKey())) {
                operations.put(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), operation.getValue());
            }
        }));
        return operations;
    }

    private record Located(String where, JsonNode node) { }

    /** Every Schema Object the document holds directly: components, parameters, request and answer bodies. */
    private List<Located> schemas() {
        List<Located> schemas = new ArrayList<>();
        document.path("components").path("schemas").fields()
                .forEachRemaining(schema -> schemas.add(new Located("#/components/schemas/" + schema.getKey(), schema.getValue())));
        collectBodyAndParameterSchemas("#", document, schemas);
        return schemas;
    }

    private static void collectBodyAndParameterSchemas(String where, JsonNode node, List<Located> schemas) {
        if (!node.isContainerNode() || where.startsWith("#/components/schemas")) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            String at = where + "/" + field.getKey();
            if (field.getKey().equals("schema") && field.getValue().isObject()) {
                schemas.add(new Located(at, field.getValue()));
            } else {
                collectBodyAndParameterSchemas(at, field.getValue(), schemas);
            }
        });
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectBodyAndParameterSchemas(where + "/" + i, node.get(i), schemas);
            }
        }
    }

    private static void walk(Located schema, java.util.function.Consumer<Located> visit) {
        if (!schema.node().isObject()) {
            return;
        }
        visit.accept(schema);
        schema.node().fields().forEachRemaining(field -> {
            String at = schema.where() + "/" + field.getKey();
            if (ONE_SUBSCHEMA.contains(field.getKey())) {
                walk(new Located(at, field.getValue()), visit);
            } else if (LIST_OF_SUBSCHEMAS.contains(field.getKey())) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    walk(new Located(at + "/" + i, field.getValue().get(i)), visit);
                }
            } else if (MAP_OF_SUBSCHEMAS.contains(field.getKey())) {
                field.getValue().fields().forEachRemaining(sub -> walk(new Located(at + "/" + sub.getKey(), sub.getValue()), visit));
            }
        });
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? resolve(document.at(node.path("$ref").asText().substring(1))) : node;
    }

    private static String shippedDocument() throws IOException {
        try (InputStream in = ApiDocumentTest.class.getClassLoader().getResourceAsStream(ApiContract.DOCUMENT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // --- the routes ------------------------------------------------------------------------------------------------

    /** "METHOD /path" of every platform-http route in routes/ (one flow a file, YAML DSL). */
    private static Set<String> servedByRoutes() throws IOException {
        Set<String> served = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode element : YAML.readTree(file.toFile())) {
                    JsonNode from = element.path("route").path("from");
                    String uri = from.path("uri").asText("");
                    if (uri.startsWith("platform-http:")) {
                        String method = from.path("parameters").path("httpMethodRestrict").asText("");
                        assertThat(method).as(file + ": a platform-http route restricted to one method").matches("[A-Z]+");
                        served.add(method + " " + uri.substring("platform-http:".length()));
                    }
                }
            }
        }
        assertThat(served).as("the hub's HTTP routes").hasSizeGreaterThan(5);
        return served;
    }
}
