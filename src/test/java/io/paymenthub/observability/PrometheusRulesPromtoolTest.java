package io.paymenthub.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus's own tool on the shipped rules: {@code promtool check rules} (syntax, PromQL, templates) and
 * {@code promtool test rules} (the unit tests beside them). Skipped where promtool is not installed (Debian's
 * {@code prometheus} package has it), unless {@code HUB_IT_REQUIRE_EXTERNAL=true} (CI), where a missing promtool is
 * a failure.
 */
class PrometheusRulesPromtoolTest {

    private static final long TIMEOUT_SECONDS = 60;

    private static final Optional<Path> PROMTOOL = onPath("promtool");

    /** Per test, not per class: so that each test is reported skipped (surefire counts a skipped class as no test). */
    @BeforeEach
    void requirePromtool() {
        if (PROMTOOL.isEmpty() && "true".equalsIgnoreCase(System.getenv("HUB_IT_REQUIRE_EXTERNAL"))) {
            fail("HUB_IT_REQUIRE_EXTERNAL is set but promtool is not on the PATH (apt-get install -y prometheus)");
        }
        Assumptions.assumeTrue(PROMTOOL.isPresent(), "promtool is not on the PATH (apt-get install -y prometheus)");
    }

    @Test
    void theRulesPassPromtoolsCheck() throws Exception {
        Result check = run("check", "rules", MonitoringFiles.RULES.toString());

        assertThat(check.exitCode()).as("promtool check rules:\n%s", check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + MonitoringFiles.ruleExpressions().size() + " rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        Result test = run("test", "rules", MonitoringFiles.RULE_TESTS.toString());

        assertThat(test.exitCode()).as("promtool test rules:\n%s", test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    /**
     * promtool has no command that only parses a query, so the dashboard's queries are checked as the expressions of
     * recording rules, with Grafana's variables replaced by values of their kind.
     */
    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        Map<String, String> queries = MonitoringFiles.dashboardExpressions();
        List<Map<String, String>> rules = new ArrayList<>();
        int n = 0;
        for (String query : queries.values()) {
            rules.add(Map.of("record", "dashboard:query_" + ++n, "expr", withGrafanaVariablesReplaced(query)));
        }
        Path file = Files.createTempFile("dashboard-queries", ".yml");
        try {
            Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));

            Result check = run("check", "rules", file.toString());

            assertThat(check.exitCode()).as("promtool check rules on the dashboard's queries %s:\n%s", queries.keySet(),
                    check.output()).isZero();
            assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static String withGrafanaVariablesReplaced(String query) {
        return query.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*(:[a-z]+)?}?", ".*");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PROMTOOL.orElseThrow().toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("promtool", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
