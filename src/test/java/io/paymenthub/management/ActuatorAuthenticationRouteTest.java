package io.paymenthub.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.paymenthub.config.StandaloneHub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 9: in the prod profile the actuator's endpoints other than the health probes need the scrape token, on the
 * server port and on a separate management port; the default run scrapes without one.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActuatorAuthenticationRouteTest {

    private static final String SCRAPE_TOKEN = "prod-scrape-token-5f2c9a71d4e8";
    private static final String API_KEY = "prod-api-key-8e41b07c";
    private static final String ADMIN_KEY = "prod-admin-key-3c9d61fa";
    private static final String BEARER_SCRAPE = "Bearer " + SCRAPE_TOKEN;

    /** A prod hub with real-platform settings; nothing calls the platform here. */
    private static Map<String, Object> prod() {
        Map<String, Object> properties = StandaloneHub.isolated();
        properties.put("spring.profiles.active", "prod");
        properties.put("hub.log.format", "plain");
        properties.put("hub.api-keys", "shop:" + API_KEY);
        properties.put("hub.admin-api-keys", "ops:" + ADMIN_KEY);
        properties.put("hub.providers.billing.base-url", "https://127.0.0.1:9");
        properties.put("hub.providers.billing.tenant-secret", "prod-test-tenant-secret");
        properties.put("hub.providers.billing.webhook-secrets", HubClient.TEST_SECRET);
        return properties;
    }

    @Test
    void inProdPrometheusAndTheOtherEndpointsNeedTheScrapeTokenWhileTheProbesStayOpen(CapturedOutput output) {
        Map<String, Object> properties = prod();
        properties.put("hub.management.scrape-token", SCRAPE_TOKEN);

        try (ConfigurableApplicationContext hub = StandaloneHub.start(properties)) {
            HubClient client = new HubClient(StandaloneHub.port(hub));

            Response refused = client.get("/actuator/prometheus");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/json");
            assertThat(refused.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(refused.body()).doesNotContain("# TYPE");
            assertThat(client.get("/actuator/prometheus", "Authorization", "Bearer " + API_KEY).status())
                    .as("an API key is not the scrape token").isEqualTo(401);
            Response scraped = client.get("/actuator/prometheus", "Authorization", BEARER_SCRAPE);
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("# TYPE jvm_memory_used_bytes gauge");
            assertThat(client.get("/actuator/info").status()).isEqualTo(401);
            assertThat(client.get("/actuator").status()).isEqualTo(401);
            assertThat(client.get("/actuator", "Authorization", BEARER_SCRAPE).status()).isEqualTo(200);

            assertThat(client.get("/actuator/health/liveness").json().path("status").asText()).isEqualTo("UP");
            assertThat(client.get("/actuator/health/readiness").json().path("status").asText()).isEqualTo("UP");
            Response health = client.get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("status").asText()).isEqualTo("UP");
            assertThat(health.json().has("components")).as("no details in prod: " + health.body()).isFalse();
            // contract section 1: in prod the components only with an admin key, never with a client key or the token
            Response asOperator = client.get("/actuator/health", "Authorization", "Bearer " + ADMIN_KEY);
            assertThat(asOperator.json().path("components").path("providers").path("details").path("billing")
                    .path("status").asText()).as(asOperator.body()).isEqualTo("UP");
            assertThat(client.get("/actuator/health", "Authorization", "Bearer " + API_KEY).json().has("components")).isFalse();
            assertThat(client.get("/actuator/health", "Authorization", BEARER_SCRAPE).json().has("components")).isFalse();

            // /api keeps its own keys: the scrape token opens nothing there
            assertThat(client.get("/api/payments/pay_unknown", "Authorization", BEARER_SCRAPE).status()).isEqualTo(401);
            assertThat(client.get("/api/payments/pay_unknown", "Authorization", "Bearer " + API_KEY).status())
                    .isEqualTo(404);
        }
        assertThat(output.getAll()).doesNotContain(SCRAPE_TOKEN);
    }

    @Test
    void inProdWithoutAScrapeTokenTheEndpointsStayClosedAndOneLineSaysSo(CapturedOutput output) {
        try (ConfigurableApplicationContext hub = StandaloneHub.start(prod())) {
            HubClient client = new HubClient(StandaloneHub.port(hub));

            assertThat(client.get("/actuator/prometheus").status()).isEqualTo(401);
            assertThat(client.get("/actuator/prometheus", "Authorization", "Bearer ").status()).isEqualTo(401);
            assertThat(client.get("/actuator/health/readiness").status()).isEqualTo(200);
        }
        assertThat(output.getAll().lines().filter(line -> line.contains("hub.management.scrape-token is empty")))
                .hasSize(1);
    }

    @Test
    void aSeparateManagementPortIsProtectedTheSameWay() {
        Map<String, Object> properties = prod();
        properties.put("hub.management.scrape-token", SCRAPE_TOKEN);
        properties.put("management.server.port", "0");
        properties.put("management.server.address", "127.0.0.1");

        try (ConfigurableApplicationContext hub = StandaloneHub.start(properties)) {
            int managementPort = Integer.parseInt(hub.getEnvironment().getProperty("local.management.port"));
            assertThat(managementPort).isNotEqualTo(StandaloneHub.port(hub));
            HubClient management = new HubClient(managementPort);

            assertThat(management.get("/actuator/prometheus").status()).isEqualTo(401);
            assertThat(management.get("/actuator/prometheus", "Authorization", BEARER_SCRAPE).status()).isEqualTo(200);
            assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
        }
    }

    @Test
    void theDefaultRunScrapesWithoutCredentials() {
        try (ConfigurableApplicationContext hub = StandaloneHub.start(StandaloneHub.isolated())) {
            HubClient client = new HubClient(StandaloneHub.port(hub));

            Response scraped = client.get("/actuator/prometheus");
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("# TYPE jvm_memory_used_bytes gauge");
            assertThat(client.get("/actuator/health").json().has("components")).isTrue();
        }
    }
}
