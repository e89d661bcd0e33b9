package io.paymenthub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.monitoring.DeadLetterGrowthCondition;
import io.paymenthub.monitoring.PaymentFailureSpikeCondition;
import io.paymenthub.monitoring.PaymentSuccessRateCondition;
import io.paymenthub.monitoring.PlatformAuthenticationFailuresCondition;
import io.paymenthub.monitoring.WebhookEndpointErrorsCondition;
import org.junit.jupiter.api.Test;

/**
 * What the shipped rules and dashboard must hold, read without a hub: the alerts of contract section 7 under their
 * stable names (the hub's own monitor publishes the same names on hub.alerts), each with a severity and the text an
 * operator needs, and a dashboard that Grafana 10/11 loads with any Prometheus data source and that shows every
 * metric of the hub's section-7 list.
 */
class MonitoringFilesTest {

    /** The alert names are an interface (routing rules, silences, hub.alerts consumers): renaming one breaks them. */
    /** The hub's own monitor (io.paymenthub.monitoring) announces the same alerts under the same names. */
    private static final Set<String> ALERTS = Set.of(PaymentSuccessRateCondition.ALERT, WebhookEndpointErrorsCondition.ALERT,
            PaymentFailureSpikeCondition.ALERT, PlatformAuthenticationFailuresCondition.ALERT, DeadLetterGrowthCondition.ALERT);

    /** The metrics a dashboard panel must show (issue 9: success rate, failures, webhooks, queues, platforms, runtime). */
    private static final Set<String> SHOWN = Set.of("billing_payments_success_total", "billing_payments_failure_total",
            "billing_payment_amount_bucket", "billing_payment_duration_seconds_bucket", "billing_webhooks_received_total",
            "billing_webhook_processing_duration_seconds_bucket", "hub_webhook_receipt_to_applied_seconds_bucket",
            "http_server_requests_seconds_count", "hub_queue_depth", "hub_dead_letter_depth", "billing_api_errors_total",
            "billing_token_refresh_total", "hub_platform_auth_failures_total", "camel_exchanges_failed_total",
            "jvm_memory_used_bytes");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertOfTheContractIsThereOnceWithASeverityASummaryAndWhatToCheck() {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> group : MonitoringFiles.ruleGroups()) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String name = (String) rule.get("alert");
                names.add(name);
                Map<String, String> labels = (Map<String, String>) rule.get("labels");
                Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
                assertThat(labels).as(name).containsKey("severity");
                assertThat(labels.get("severity")).as(name).isIn("critical", "warning");
                assertThat(annotations).as(name).containsOnlyKeys("summary", "description");
                assertThat(annotations.get("summary")).as(name).isNotBlank().doesNotContain("\n");
                assertThat(annotations.get("description")).as(name).contains("Check").hasSizeGreaterThan(100);
                // every series of the hub carries application="payment-hub": the rules keep to the hub's own
                assertThat((String) rule.get("expr")).as(name).doesNotContainPattern("[a-z_]+\\{(?![^}]*application=\"payment-hub\")");
            }
        }

        assertThat(names).containsExactlyInAnyOrderElementsOf(ALERTS);
    }

    @Test
    void theDashboardTakesItsPrometheusFromADataSourceVariable() {
        JsonNode dashboard = MonitoringFiles.dashboard();

        // Grafana 10.0 writes 38, 10.4 and 11.0-11.2 write 39, 11.3 writes 40
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(38, 40);
        assertThat(dashboard.path("uid").asText()).isEqualTo("payment-hub");
        JsonNode datasource = variable(dashboard, "datasource");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        for (JsonNode panel : MonitoringFiles.panels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).as(title).contains("application=\"payment-hub\"");
            }
        }
        assertThat(variable(dashboard, "instance").path("datasource").path("uid").asText()).isEqualTo("${datasource}");
    }

    @Test
    void thePanelsHaveDistinctIdsAndDoNotOverlap() {
        List<JsonNode> panels = MonitoringFiles.panels(MonitoringFiles.dashboard());
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();

        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("id of %s is unique", title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("%s fits the 24 columns", title).isLessThanOrEqualTo(24);
            for (int x = grid.path("x").asInt(); x < grid.path("x").asInt() + grid.path("w").asInt(); x++) {
                for (int y = grid.path("y").asInt(); y < grid.path("y").asInt() + grid.path("h").asInt(); y++) {
                    assertThat(cells.add(x + "," + y)).as("%s overlaps another panel at %d,%d", title, x, y).isTrue();
                }
            }
        }
    }

    @Test
    void theDashboardShowsEveryMetricOfTheObservabilityList() {
        Set<String> shown = new HashSet<>();
        MonitoringFiles.dashboardExpressions().values().forEach(query -> shown.addAll(PromQlNames.of(query).metrics()));

        assertThat(shown).containsAll(SHOWN);
    }

    @Test
    void aGrafanaVariableQueryIsReadForItsPromQl() {
        assertThat(MonitoringFiles.variableQuery("label_values(jvm_memory_used_bytes{application=\"payment-hub\"}, instance)"))
                .isEqualTo("jvm_memory_used_bytes{application=\"payment-hub\"}");
        assertThat(MonitoringFiles.variableQuery("query_result(topk(5, sum by (queue) (hub_queue_depth)))"))
                .isEqualTo("topk(5, sum by (queue) (hub_queue_depth))");
        assertThat(MonitoringFiles.variableQuery("label_values(provider)")).isNull();
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }
}
