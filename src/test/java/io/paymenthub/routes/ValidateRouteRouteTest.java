package io.paymenthub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code POST /api/admin/routes/validate} (contract section 8): one route file checked against the running hub and
 * never loaded; and every route file the project ships passes the same check (an error policy on every consumer).
 */
class ValidateRouteRouteTest extends SharedPlatformRouteTestBase {

    private static final String ADMIN = "Bearer " + HubClient.TEST_ADMIN_KEY;

    @Autowired
    CamelContext camel;
    @Autowired
    RouteFileCheck check;

    private Response validate(String yaml) {
        return hub.post("/api/admin/routes/validate", yaml, "Authorization", ADMIN, "Content-Type", "text/plain");
    }

    private static String route(String id, String policyLine, String step) {
        return "- route:\n"
                + "    id: " + id + "\n"
                + policyLine
                + "    from:\n"
                + "      uri: timer:" + id + "\n"
                + "      parameters:\n"
                + "        period: \"60000\"\n"
                + "      steps:\n"
                + step;
    }

    private static final String POLICY = "    routeConfigurationId: scheduledJobErrorPolicy\n";
    private static final String LOG_STEP = "        - log: \"tick\"\n";

    @Test
    void aShippedRouteThatIsRunningIsValidAndNothingIsLoaded() throws IOException {
        int routes = camel.getRoutes().size();

        Response response = validate(Files.readString(Path.of("routes/payments/getPayment.yaml")));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("valid").asBoolean()).isTrue();
        assertThat(camel.getRoutes()).hasSize(routes);
    }

    @Test
    void aNewValidRouteIsValidAndIsNotLoaded() {
        Response response = validate(route("tickValidation", POLICY, LOG_STEP));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(camel.getRoute("tickValidation")).as("never loaded").isNull();
    }

    @Test
    void yamlThatDoesNotParseIs422WithItsLine() {
        Response response = validate("- route:\n    id: broken\n    from: [unclosed\n");

        assertInvalid(response, 3, "not valid YAML");
    }

    @Test
    void aNumberWhereCamelsSchemaWantsAStringIs422WithItsLine() {
        Response response = validate(route("numberValidation", POLICY, "        - setBody:\n            constant: 200\n"));

        assertInvalid(response, 10, "schema");
    }

    @Test
    void anUnknownBeanIs422WithTheLineThatNamesIt() {
        Response response = validate(route("beanValidation", POLICY,
                "        - bean:\n            ref: noSuchBeanAnywhere\n            method: run\n"));

        assertInvalid(response, 10, "noSuchBeanAnywhere");
    }

    @Test
    void anUnboundPlaceholderIs422AndADefaultedOneIsNot() {
        Response unbound = validate(route("placeholderValidation", POLICY, "        - log: \"{{hub.no-such-setting}}\"\n"));
        Response defaulted = validate(route("placeholderValidation", POLICY, "        - log: \"{{hub.no-such-setting:x}}\"\n"));

        assertInvalid(unbound, 9, "hub.no-such-setting");
        assertThat(defaulted.status()).as(defaulted.body()).isEqualTo(200);
    }

    @Test
    void aConsumerWithoutAnErrorPolicyIs422() {
        Response response = validate(route("policyValidation", "", LOG_STEP));

        assertInvalid(response, 2, "without an error policy");
    }

    @Test
    void anErrorPolicyThatDoesNotExistIs422() {
        Response response = validate(route("missingPolicyValidation", "    routeConfigurationId: noSuchPolicy\n", LOG_STEP));

        assertInvalid(response, 3, "noSuchPolicy");
    }

    @Test
    void aStepCamelDoesNotKnowIs422() {
        Response response = validate(route("stepValidation", POLICY, "        - noSuchStep: {}\n"));

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().path("valid").asBoolean(true)).isFalse();
    }

    @Test
    void withAFileNameTheFirstRouteMustBeNamedAfterIt() {
        Response response = hub.post("/api/admin/routes/validate?file=otherName.yaml", route("nameValidation", POLICY, LOG_STEP),
                "Authorization", ADMIN);

        assertInvalid(response, 2, "otherName");
    }

    @Test
    void aClientKeyCannotValidate() {
        Response response = hub.post("/api/admin/routes/validate", route("keyValidation", POLICY, LOG_STEP),
                "Authorization", "Bearer " + HubClient.TEST_API_KEY);

        assertThat(response.status()).isEqualTo(403);
    }

    /** What an operator's CI would run over the folder: here over the project's own routes, with the running hub. */
    @Test
    void everyShippedRouteFilePassesTheCheckAgainstTheRunningHub() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("routes"))) {
            files = walk.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
        Set<String> configurations = new HashSet<>();
        for (Path file : files) {
            configurations.addAll(RouteFileCheck.configurationsIn(Files.readString(file)));
        }
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            check.check(file.getFileName().toString(), Files.readString(file), configurations)
                    .forEach(problem -> problems.add(problem.describe(file.toString())));
        }

        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    private static void assertInvalid(Response response, int line, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        JsonNode body = response.json();
        assertThat(body.path("valid").asBoolean(true)).isFalse();
        assertThat(body.path("errors")).as(response.body())
                .anySatisfy(error -> {
                    assertThat(error.path("line").asInt()).isEqualTo(line);
                    assertThat(error.path("message").asText()).contains(messagePart);
                });
    }
}
