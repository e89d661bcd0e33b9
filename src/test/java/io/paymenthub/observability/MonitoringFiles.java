package io.paymenthub.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/** The monitoring files the project ships, and the PromQL queries in them, each named by where it stands. */
public final class MonitoringFiles {

    public static final Path RULES = Path.of("deploy/prometheus/rules/payment-hub-alerts.yml");
    public static final Path RULE_TESTS = Path.of("deploy/prometheus/tests/payment-hub-alerts.test.yml");
    public static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/payment-hub.json");

    /** Grafana's {@code label_values(query, label)} and {@code query_result(query)}: the PromQL is the query. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

    private MonitoringFiles() {
    }

    /** The groups of the rules file as read (group name, rules with alert/record, expr, for, labels, annotations). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> ruleGroups() {
        Map<String, Object> file = new Yaml().load(read(RULES));
        return (List<Map<String, Object>>) file.get("groups");
    }

    /** @return {@code alert <name>} or {@code record <name>} → its expression */
    @SuppressWarnings("unchecked")
    public static Map<String, String> ruleExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Map<String, Object> group : ruleGroups()) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String name = rule.containsKey("alert") ? "alert " + rule.get("alert") : "record " + rule.get("record");
                expressions.put(name, (String) rule.get("expr"));
            }
        }
        return expressions;
    }

    public static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel, those inside collapsed rows included. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new java.util.ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** @return {@code panel "<title>" <refId>} or {@code variable <name>} → its PromQL */
    public static Map<String, String> dashboardExpressions() {
        JsonNode dashboard = dashboard();
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                String promQl = variableQuery(text);
                if (promQl != null) {
                    expressions.put("variable " + variable.path("name").asText(), promQl);
                }
            }
        }
        return expressions;
    }

    /** The PromQL inside a Grafana variable query, or null for one that holds none ({@code label_values(label)}). */
    static String variableQuery(String text) {
        Matcher labelValues = LABEL_VALUES.matcher(text);
        if (labelValues.matches()) {
            return labelValues.group(1);
        }
        Matcher queryResult = QUERY_RESULT.matcher(text);
        if (queryResult.matches()) {
            return queryResult.group(1);
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        }
    }
}
