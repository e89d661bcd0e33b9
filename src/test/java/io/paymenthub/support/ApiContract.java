package io.paymenthub.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The API document the hub ships ({@code static/openapi.yaml}, served at {@code /openapi.yaml}) held against what the
 * hub really does. Every {@code /api} and {@code /webhooks} exchange a test makes through {@link #checking} (HubClient
 * and JsonHttp use it) is judged by the document: its operation is found by method and path, and its bodies and
 * parameters are validated against the document's schemas as OpenAPI 3.1 (JSON Schema 2020-12) by networknt's
 * validator, which resolves the document's own {@code $ref}s.
 * <ul>
 *   <li>the answer must be documented for that operation and status, with that media type, and match its schema (so
 *       an error code the document does not list for that answer fails too);</li>
 *   <li>a request the document refuses (credentials, parameters, body) must be refused: one answered below 400 means
 *       the document or the hub is wrong;</li>
 *   <li>a path or method the document does not have must not be answered below 400.</li>
 * </ul>
 * A mismatch is an {@link AssertionError} naming what the document says, in the test that made the call.
 */
public final class ApiContract {

    /** Where the document is on the class path, and so in the jar. */
    public static final String DOCUMENT = "static/openapi.yaml";
    private static final String DOCUMENT_IRI = "classpath:" + DOCUMENT;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Bodies are read as strictly as the hub reads them: a repeated key or trailing content is no JSON object. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final JsonNode DOCUMENT_TREE = read();
    /**
     * OpenAPI 3.1's dialect, with formats asserted (date-time, uri). A schema is addressed by its JSON pointer into the
     * document, so the validator reads the whole document as a schema resource: the document's own fields (openapi,
     * paths, …) are not schema keywords and are taken as annotations, quietly (ApiDocumentTest checks the keywords of
     * every schema).
     */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            Dialect.builder(Dialects.getOpenApi31()).unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword)).build(),
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> SCHEMA_AT = new ConcurrentHashMap<>();
    /** The document's paths, the most specific first (a literal segment before a template variable). */
    private static final List<DocumentedPath> PATHS = paths();
    /**
     * With {@code -DapiContract.observed=<file>}: each operation, status and error code the tests saw, written to that
     * file when the JVM ends, to tell which documented answers no test provokes.
     */
    private static final Map<String, Integer> OBSERVED = observed(System.getProperty("apiContract.observed"));

    private ApiContract() {
    }

    /** {@code client}, with each of its exchanges with the hub's API checked against the document. */
    public static HttpClient checking(HttpClient client) {
        return client instanceof ContractCheckingHttpClient ? client : new ContractCheckingHttpClient(client);
    }

    /** Whether the document speaks about this path: the merchant API and the webhook endpoint. */
    public static boolean covers(String rawPath) {
        return rawPath != null && (rawPath.equals("/api") || rawPath.startsWith("/api/") || rawPath.startsWith("/webhooks/"));
    }

    /** The document as a tree, for tests that read it. */
    public static JsonNode document() {
        return DOCUMENT_TREE;
    }

    /**
     * One exchange as the client saw it.
     *
     * @param requestBody  the bytes sent; null when they cannot be known (a streamed body): the request is then not judged
     * @param responseBody the text received; null when the client did not keep it: the answer's body is then not judged
     */
    public record Exchange(String method, URI uri, Map<String, List<String>> requestHeaders, byte[] requestBody,
                           int status, Map<String, List<String>> responseHeaders, String responseBody) {
    }

    /** @throws AssertionError when the exchange contradicts the document */
    public static void check(Exchange exchange) {
        String path = exchange.uri().getRawPath();
        if (!covers(path)) {
            return;
        }
        String what = exchange.method() + " " + path + " answered " + exchange.status();
        Optional<Operation> found = operation(exchange.method(), path);
        if (found.isEmpty()) {
            if (exchange.status() < 400) {
                throw new AssertionError(what + ", but the API document has no such operation");
            }
            return;
        }
        Operation operation = found.get();
        if (OBSERVED != null) {
            OBSERVED.merge(operation + " " + exchange.status() + errorCode(exchange.responseBody()), 1, Integer::sum);
        }
        List<String> answerProblems = responseProblems(operation, exchange);
        if (!answerProblems.isEmpty()) {
            throw new AssertionError(what + ": the answer contradicts the API document (" + operation + "):\n  "
                    + String.join("\n  ", answerProblems) + "\nanswer: " + abbreviate(exchange.responseBody()));
        }
        if (exchange.requestBody() != null && exchange.status() < 400) {
            List<String> requestProblems = requestProblems(operation, exchange);
            if (!requestProblems.isEmpty()) {
                throw new AssertionError(what + ", but the API document refuses that request (" + operation + "):\n  "
                        + String.join("\n  ", requestProblems));
            }
        }
    }

    /** What the schema at a JSON pointer of the document finds wrong with a value (empty: nothing). */
    public static List<String> problemsAgainst(String schemaPointer, JsonNode value) {
        return schemaProblems(schemaPointer, value);
    }

    // --- the operation ---------------------------------------------------------------------------------------------

    private record DocumentedPath(String template, PathPattern pattern) { }

    /** An operation of the document: where it is (a JSON pointer), its node, and the path's variables. */
    private record Operation(String template, String method, String pointer, JsonNode node,
                             Map<String, String> pathVariables) {
        @Override
        public String toString() {
            return Optional.ofNullable(node.path("operationId").textValue()).orElse(method.toUpperCase(Locale.ROOT) + " " + template);
        }
    }

    private static Optional<Operation> operation(String method, String rawPath) {
        PathContainer container = PathContainer.parsePath(rawPath);
        for (DocumentedPath path : PATHS) {
            PathPattern.PathMatchInfo match = path.pattern().matchAndExtract(container);
            if (match == null) {
                continue;
            }
            String verb = method.toLowerCase(Locale.ROOT);
            String pointer = "/paths/" + escape(path.template()) + "/" + verb;
            JsonNode node = DOCUMENT_TREE.at(pointer);
            return node.isObject() ? Optional.of(new Operation(path.template(), verb, pointer, node, match.getUriVariables()))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    // --- the request -----------------------------------------------------------------------------------------------

    private static List<String> requestProblems(Operation operation, Exchange exchange) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> headers = caseInsensitive(exchange.requestHeaders());
        securityProblem(operation, headers).ifPresent(problems::add);
        Map<String, List<String>> query = queryParameters(exchange.uri().getRawQuery());
        for (Located parameter : parameters(operation)) {
            JsonNode definition = parameter.node();
            String name = definition.path("name").asText();
            String in = definition.path("in").asText();
            List<String> values = switch (in) {
                case "path" -> Optional.ofNullable(operation.pathVariables().get(name)).map(List::of).orElse(List.of());
                case "query" -> query.getOrDefault(name, List.of());
                case "header" -> headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
                default -> List.of();
            };
            if (values.isEmpty()) {
                if (definition.path("required").asBoolean(false)) {
                    problems.add(in + " parameter " + name + " is required");
                }
                continue;
            }
            for (String value : values) {
                schemaProblems(parameter.pointer() + "/schema", parameterValue(value, definition.path("schema")))
                        .forEach(problem -> problems.add(in + " parameter " + name + ": " + problem));
            }
        }
        byte[] body = exchange.requestBody();
        Located requestBody = dereference(operation.pointer() + "/requestBody");
        if (requestBody == null) {
            if (body.length > 0) {
                problems.add("the operation takes no request body, but one was sent");
            }
            return problems;
        }
        if (body.length == 0) {
            if (requestBody.node().path("required").asBoolean(false)) {
                problems.add("a request body is required");
            }
            return problems;
        }
        String contentType = first(headers.get("content-type"));
        Optional<String> mediaType = mediaTypeFor(requestBody.node().path("content"), contentType);
        if (mediaType.isEmpty()) {
            problems.add("request Content-Type " + contentType + " is not one of " + names(requestBody.node().path("content")));
            return problems;
        }
        problems.addAll(bodyProblems(requestBody.pointer() + "/content/" + escape(mediaType.get()),
                requestBody.node().path("content").path(mediaType.get()), text(body, contentType), "request body"));
        return problems;
    }

    /** The operation's security (else the document's): one of its alternatives must be present. */
    private static Optional<String> securityProblem(Operation operation, Map<String, List<String>> headers) {
        JsonNode requirements = operation.node().has("security") ? operation.node().path("security") : DOCUMENT_TREE.path("security");
        if (!requirements.isArray() || requirements.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode alternative : requirements) {
            boolean present = true;
            for (var schemes = alternative.fieldNames(); schemes.hasNext(); ) {
                present &= credentialsPresent(DOCUMENT_TREE.path("components").path("securitySchemes").path(schemes.next()), headers);
            }
            if (present) {
                return Optional.empty();
            }
        }
        return Optional.of("no credentials of " + requirements);
    }

    private static boolean credentialsPresent(JsonNode scheme, Map<String, List<String>> headers) {
        if ("http".equals(scheme.path("type").asText()) && "bearer".equalsIgnoreCase(scheme.path("scheme").asText())) {
            String authorization = first(headers.get("authorization"));
            return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        }
        if ("apiKey".equals(scheme.path("type").asText()) && "header".equals(scheme.path("in").asText())) {
            return headers.containsKey(scheme.path("name").asText().toLowerCase(Locale.ROOT));
        }
        throw new IllegalStateException("The API document uses a security scheme this check does not know: " + scheme);
    }

    /** A parameter's text as the JSON value its schema speaks of: text for a string, else the JSON it reads as. */
    private static JsonNode parameterValue(String value, JsonNode schema) {
        if (!schema.path("type").isTextual() || "string".equals(schema.path("type").asText())) {
            return TextNode.valueOf(value);
        }
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return TextNode.valueOf(value);
        }
    }

    private static List<Located> parameters(Operation operation) {
        List<Located> parameters = new ArrayList<>();
        String pathItem = operation.pointer().substring(0, operation.pointer().lastIndexOf('/'));
        for (String list : List.of(pathItem + "/parameters", operation.pointer() + "/parameters")) {
            JsonNode nodes = DOCUMENT_TREE.at(list);
            for (int i = 0; i < nodes.size(); i++) {
                parameters.add(dereference(list + "/" + i));
            }
        }
        return parameters;
    }

    // --- the answer ------------------------------------------------------------------------------------------------

    private static List<String> responseProblems(Operation operation, Exchange exchange) {
        JsonNode responses = operation.node().path("responses");
        String status = Integer.toString(exchange.status());
        String key = responses.has(status) ? status
                : responses.has(status.charAt(0) + "XX") ? status.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
        if (key == null) {
            return List.of("status " + status + " is not documented (documented: " + names(responses) + ")");
        }
        Located response = dereference(operation.pointer() + "/responses/" + escape(key));
        JsonNode content = response.node().path("content");
        String body = exchange.responseBody();
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isEmpty() ? List.of() : List.of("status " + status + " has no documented body, but one came");
        }
        if (body == null) {
            return List.of(); // the client did not keep the body: nothing to judge
        }
        String contentType = first(caseInsensitive(exchange.responseHeaders()).get("content-type"));
        Optional<String> mediaType = mediaTypeFor(content, contentType);
        if (mediaType.isEmpty()) {
            return List.of("answer Content-Type " + contentType + " is not one of " + names(content));
        }
        return bodyProblems(response.pointer() + "/content/" + escape(mediaType.get()), content.path(mediaType.get()), body,
                "answer");
    }

    // --- bodies, schemas, media types ------------------------------------------------------------------------------

    private static List<String> bodyProblems(String mediaTypePointer, JsonNode mediaTypeNode, String body, String what) {
        if (!mediaTypeNode.has("schema")) {
            return List.of();
        }
        if (body == null) {
            return List.of(what + " is not text in its charset");
        }
        // a text body of a media type that is not JSON (a route file, any Content-Type): text is all it must be
        if (!mediaTypePointer.contains("json") && "string".equals(mediaTypeNode.path("schema").path("type").asText())) {
            return List.of();
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return List.of(what + " is not one JSON value");
        }
        if (json == null || json.isMissingNode()) {
            return List.of(what + " is empty");
        }
        return schemaProblems(mediaTypePointer + "/schema", json).stream().map(problem -> what + " " + problem).toList();
    }

    private static List<String> schemaProblems(String pointer, JsonNode value) {
        Schema schema = SCHEMA_AT.computeIfAbsent(pointer, at -> SCHEMAS.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + at)));
        return schema.validate(value).stream().map(Object::toString).toList();
    }

    /** The documented media type (a key of {@code content}) that a Content-Type falls under, the most specific first. */
    private static Optional<String> mediaTypeFor(JsonNode content, String contentType) {
        MediaType actual;
        try {
            actual = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            actual = null;
        }
        List<MediaType> documented = new ArrayList<>();
        content.fieldNames().forEachRemaining(name -> documented.add(MediaType.parseMediaType(name)));
        MimeTypeUtils.sortBySpecificity(documented);
        for (MediaType candidate : documented) {
            if (actual == null ? candidate.isWildcardType() : candidate.includes(actual)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    // --- the document ----------------------------------------------------------------------------------------------

    /** A node of the document and where it is, after following a local {@code $ref} (Reference Objects). */
    private record Located(String pointer, JsonNode node) { }

    private static Located dereference(String pointer) {
        JsonNode node = DOCUMENT_TREE.at(pointer);
        if (node.isMissingNode()) {
            return null;
        }
        for (int hops = 0; node.has("$ref") && hops < 10; hops++) {
            String reference = node.path("$ref").asText();
            if (!reference.startsWith("#/")) {
                throw new IllegalStateException("The API document refers outside itself: " + reference);
            }
            pointer = reference.substring(1);
            node = DOCUMENT_TREE.at(pointer);
            if (node.isMissingNode()) {
                throw new IllegalStateException("The API document refers to nothing: " + reference);
            }
        }
        return new Located(pointer, node);
    }

    private static List<DocumentedPath> paths() {
        List<DocumentedPath> paths = new ArrayList<>();
        DOCUMENT_TREE.path("paths").fieldNames().forEachRemaining(template ->
                paths.add(new DocumentedPath(template, PathPatternParser.defaultInstance.parse(template))));
        paths.sort(Comparator.comparing(DocumentedPath::pattern, PathPattern.SPECIFICITY_COMPARATOR));
        return List.copyOf(paths);
    }

    private static JsonNode read() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("The API document " + DOCUMENT + " is not on the class path");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("The API document " + DOCUMENT + " cannot be read", e);
        }
    }

    // --- small things ----------------------------------------------------------------------------------------------

    /** JSON pointer escaping of one reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        return lower;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a hostile query: judged as sent
        }
    }

    /** The bytes as text in the Content-Type's charset (UTF-8 when it names none), or null when they are not. */
    private static String text(byte[] bytes, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        try {
            if (contentType != null && MediaType.parseMediaType(contentType).getCharset() != null) {
                charset = MediaType.parseMediaType(contentType).getCharset();
            }
        } catch (IllegalArgumentException e) {
            return null; // no media type, or a charset Java does not know: the hub refuses it too
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String errorCode(String body) {
        try {
            JsonNode code = body == null ? null : JSON.readTree(body).path("code");
            return code != null && code.isTextual() ? " " + code.asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, Integer> observed(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        Map<String, Integer> observed = new ConcurrentHashMap<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(file), new java.util.TreeMap<>(observed).entrySet().stream()
                        .map(entry -> entry.getKey() + " x" + entry.getValue()).toList());
            } catch (IOException e) {
                System.err.println("API contract: cannot write " + file + ": " + e);
            }
        }));
        return observed;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 2000 ? String.valueOf(text) : text.substring(0, 2000) + "…";
    }
}
