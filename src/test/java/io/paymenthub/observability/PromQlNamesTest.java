package io.paymenthub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.paymenthub.observability.PromQlNames.Names;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void takesMetricsBeforeMatchersRangesAndBareButNotFunctionsAggregationsOrKeywords() {
        Names names = PromQlNames.of("sum by (provider, reason) (rate(billing_payments_failure_total{application=\"payment-hub\"}[5m]))"
                + " / on (provider) group_left sum(increase(billing_payments_success_total[1h] offset 5m)) > bool 0.5"
                + " or hikaricp_connections_active unless process_cpu_usage @ start()");

        assertThat(names.metrics()).containsExactlyInAnyOrder("billing_payments_failure_total", "billing_payments_success_total",
                "hikaricp_connections_active", "process_cpu_usage");
        assertThat(names.labels()).containsExactlyInAnyOrder("provider", "reason", "application");
    }

    @Test
    void histogramQuantilesNameTheirBucketsAndGroupByLe() {
        Names names = PromQlNames.of("histogram_quantile(0.99, sum without (instance) (rate(hub_webhook_receipt_to_applied_seconds_bucket[5m])))");

        assertThat(names.metrics()).containsExactly("hub_webhook_receipt_to_applied_seconds_bucket");
        assertThat(names.labels()).containsExactly("instance");
    }

    @Test
    void skipsStringsWithBracesNumbersDurationsCommentsAndGrafanaVariables() {
        Names names = PromQlNames.of("sum(rate(http_server_requests_seconds_count{uri=\"/webhooks/{provider}\", status=~\"5..\","
                + " instance=~\"$instance\"}[$__rate_interval])) * 60 > 1e3 # the hub's webhook_endpoint\n"
                + " and ${datasource_query} > 0x1f and jvm_memory_used_bytes{area='heap', id!=`G1 Eden`}[1h30m:1m]");

        assertThat(names.metrics()).containsExactlyInAnyOrder("http_server_requests_seconds_count", "jvm_memory_used_bytes");
        assertThat(names.labels()).containsExactlyInAnyOrder("uri", "status", "instance", "area", "id");
    }

    @Test
    void aNameMatcherNamesItsMetricsAndAnAlternationOfNamesEachOfThem() {
        assertThat(PromQlNames.of("{__name__=\"camel_exchanges_total\", route_id=\"x\"}").metrics())
                .containsExactly("camel_exchanges_total");
        assertThat(PromQlNames.of("increase({__name__=~\"billing_payments_success_total|billing_payments_failure_total\"}[5m])").metrics())
                .containsExactlyInAnyOrder("billing_payments_success_total", "billing_payments_failure_total");
        assertThat(PromQlNames.of("count({__name__=~\"billing_.+\"})").metrics()).isEmpty();
    }
}
