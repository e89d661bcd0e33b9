package io.paymenthub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    @Test
    void readsEachSampleNameWithTheLabelNamesOfAllItsSeries() {
        PrometheusScrape scrape = PrometheusScrape.parse("""
                # HELP http_server_requests_seconds \s
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_count{application="payment-hub",status="200",uri="/webhooks/{provider}"} 2
                http_server_requests_seconds_count{application="payment-hub",exception="a \\"quoted\\", odd=value}",uri="/api/payments"} 1
                process_cpu_usage 0.25
                billing_webhook_processing_duration_seconds_bucket{application="payment-hub",le="0.005"} 1
                """);

        assertThat(scrape.names()).containsExactlyInAnyOrder("http_server_requests_seconds_count", "process_cpu_usage",
                "billing_webhook_processing_duration_seconds_bucket");
        assertThat(scrape.labelsOf("http_server_requests_seconds_count"))
                .containsExactlyInAnyOrder("application", "status", "uri", "exception");
        assertThat(scrape.labelsOf("process_cpu_usage")).isEmpty();
        assertThat(scrape.labelsOf("billing_webhook_processing_duration_seconds_bucket")).contains("le");
        assertThat(scrape.has("http_server_requests_seconds")).as("a family's name is no sample's").isFalse();
    }
}
