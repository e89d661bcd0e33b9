package io.paymenthub.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Pattern;

import io.paymenthub.support.ExternalTool;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * {@code /actuator/prometheus} follows Prometheus's own conventions: {@code promtool check metrics} finds nothing in it
 * after real traffic (before, it flagged Camel's camelCase label names — camelContext, routeId — on hundreds of series).
 */
class PrometheusExpositionRouteTest extends SharedPlatformRouteTestBase {

    @Value("${hub.queues.payment-requests}")
    String paymentRequests;

    @Test
    void promtoolFindsNothingToReportInTheScrapeAfterTraffic() throws Exception {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        hub.post("/api/payments", "{\"userId\":\"u\",\"orderId\":\"o\",\"amount\":0,\"currency\":\"EUR\"}",
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json");
        String scrape = hub.get("/actuator/prometheus").body();
        assertThat(scrape).contains("camel_exchanges_total{").contains("route_id=\"createPayment\"");

        ExternalTool.Result check = promtool.run(scrape, Duration.ofSeconds(30), "check", "metrics");

        assertThat(check.output()).as("promtool check metrics").isEmpty();
        assertThat(check.exitCode()).isZero();
    }

    @Test
    void theQueueAndDeadLetterDepthsOfTheHubsQueuesAreSampledFromTheBroker() {
        Pattern depth = Pattern.compile("(?m)^hub_dead_letter_depth\\{application=\"payment-hub\",queue=\""
                + Pattern.quote(paymentRequests) + "\"} ([0-9.]+)$");

        await().atMost(Duration.ofSeconds(30)).until(() -> depth.matcher(hub.get("/actuator/prometheus").body()).find());

        assertThat(hub.get("/actuator/prometheus").body()).containsPattern(
                "(?m)^hub_queue_depth\\{application=\"payment-hub\",queue=\"" + Pattern.quote(paymentRequests) + "\"} [0-9.]+$");
    }

    @Test
    void eachProvidersCredentialRefusalCounterIsThereFromTheStartSoTheFirstRefusalIsAnIncrease() {
        assertThat(hub.get("/actuator/prometheus").body())
                .containsPattern("(?m)^hub_platform_auth_failures_total\\{application=\"payment-hub\",provider=\"billing\"} [0-9.]+$");
    }
}
