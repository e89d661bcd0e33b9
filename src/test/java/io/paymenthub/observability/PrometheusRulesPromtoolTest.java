package io.paymenthub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.paymenthub.support.ExternalTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus's own tool on the shipped rules: {@code promtool check rules} (syntax, PromQL, templates) and
 * {@code promtool test rules} (their unit tests), and on the dashboard's queries. Skipped where promtool is not
 * installed (Debian's {@code prometheus} package has it), unless {@code HUB_IT_REQUIRE_EXTERNAL=true} (CI), where a
 * missing promtool is a failure.
 */
class PrometheusRulesPromtoolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExternalTool promtool;

    /** Per test, not per class: so that each test is reported skipped (surefire counts a skipped class as no test). */
    @BeforeEach
    void requirePromtool() {
        promtool = ExternalTool.require("promtool", "prometheus");
    }

    /** Every file the rules folder holds: Prometheus (deploy/prometheus/prometheus.yml) loads them all as rules. */
    @Test
    void theRulesPassPromtoolsCheck() throws Exception {
        List<String> arguments = new ArrayList<>(List.of("check", "rules"));
        try (Stream<Path> files = Files.list(MonitoringFiles.RULES.getParent())) {
            files.map(Path::toString).sorted().forEach(arguments::add);
        }

        ExternalTool.Result check = promtool.run(null, TIMEOUT, arguments.toArray(String[]::new));

        assertThat(arguments).contains(MonitoringFiles.RULES.toString());
        assertThat(check.exitCode()).as("promtool check rules:\n%s", check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + MonitoringFiles.ruleExpressions().size() + " rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        ExternalTool.Result test = promtool.run(null, TIMEOUT, "test", "rules", MonitoringFiles.RULE_TESTS.toString());

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

            ExternalTool.Result check = promtool.run(null, TIMEOUT, "check", "rules", file.toString());

            assertThat(check.exitCode()).as("promtool check rules on the dashboard's queries %s:\n%s", queries.keySet(),
                    check.output()).isZero();
            assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Grafana's interval variables become durations, the others (in regex matchers: $instance) match anything. */
    static String withGrafanaVariablesReplaced(String query) {
        return query.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*(:[a-z]+)?}?", ".*");
    }
}
