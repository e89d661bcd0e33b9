package io.paymenthub.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paymenthub.config.SandboxCredentials;
import io.paymenthub.config.StandaloneHub;
import io.paymenthub.support.HubClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The packaged application's defaults (no test profile, hub.sandbox.enabled not set): the sandbox runs,
 * and says so, only when no real credential is configured; with real credentials there is no
 * {@code /sandbox} and payments go to the configured platform (issue 6 #15).
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxOnlyWithoutRealCredentialsTest {

    private static final String API_KEY = "live-key-" + UUID.randomUUID();
    private static final String BANNER = "*** SANDBOX MODE: payments go to the built-in FAKE billing platform";

    private static final WireMockServer PLATFORM = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    @BeforeAll
    static void startPlatform() {
        PLATFORM.start();
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.stop();
    }

    @Test
    void realCredentialsAloneMeanNoSandboxAndPaymentsGoToTheConfiguredPlatform(CapturedOutput output) throws Exception {
        String key = "real-" + UUID.randomUUID();
        PLATFORM.stubFor(post(urlEqualTo("/auth/login")).withRequestBody(equalToJson("{\"tenantId\":\"shop-tenant\",\"secret\":\"ts_live\"}"))
                .willReturn(okJson("{\"accessToken\":\"a.b.c\",\"expiresIn\":86400}")));
        PLATFORM.stubFor(post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"pay_real_1\",\"status\":\"PENDING\",\"amount\":5000,\"currency\":\"EUR\","
                                + "\"redirectUrl\":\"https://pay.example/pay_real_1\",\"createdAt\":\"2026-11-20T10:00:00Z\"}")));
        Map<String, Object> properties = StandaloneHub.isolated();
        properties.put("hub.api-keys", "shop:" + API_KEY);
        properties.put("hub.providers.billing.base-url", "http://127.0.0.1:" + PLATFORM.port());
        properties.put("hub.providers.billing.tenant-id", "shop-tenant");
        properties.put("hub.providers.billing.tenant-secret", "ts_live");
        properties.put("hub.providers.billing.webhook-secrets", HubClient.TEST_SECRET);

        try (ConfigurableApplicationContext hub = StandaloneHub.start(properties)) {
            HubClient client = new HubClient(StandaloneHub.port(hub));

            HubClient.Response login = client.post("/sandbox/auth/login", "{\"tenantId\":\"sandbox-tenant\",\"secret\":\"x\"}",
                    "Content-Type", "application/json");
            HubClient.Response payment = client.post("/api/payments",
                    "{\"userId\":\"user-1\",\"orderId\":\"order-1\",\"amount\":5000,\"currency\":\"EUR\"}",
                    "Authorization", "Bearer " + API_KEY, "Content-Type", "application/json", "Idempotency-Key", key);

            assertThat(login.status()).as("the sandbox is not there: %s", login.body()).isEqualTo(404);
            assertThat(login.contentType()).startsWith("application/json");
            assertThat(hub.getBeanNamesForType(SandboxPlatformController.class)).isEmpty();
            assertThat(payment.status()).as("%s; calls the platform did not expect: %s", payment.body(),
                    PLATFORM.findAllUnmatchedRequests()).isEqualTo(201);
            assertThat(payment.json().path("providerPaymentId").asText()).isEqualTo("pay_real_1");
            assertThat(PLATFORM.countRequestsMatching(postRequestedFor(urlPathEqualTo("/payments"))
                    .withHeader("Idempotency-Key", equalTo(key)).build()).getCount()).isEqualTo(1);
            assertThat(StandaloneHub.dataDir(properties).resolve("sandbox-credentials.properties"))
                    .as("no sandbox credential is generated").doesNotExist();
        }
        assertThat(output.getOut()).doesNotContain(BANNER);
    }

    @Test
    void nothingConfiguredRunsTheSandboxAndSaysSoLoudly(CapturedOutput output) throws Exception {
        Map<String, Object> properties = StandaloneHub.isolated();
        properties.put("hub.sandbox.webhook-delay", "100ms");

        try (ConfigurableApplicationContext hub = StandaloneHub.start(properties)) {
            SandboxCredentials credentials = hub.getBean(SandboxCredentials.class);
            HubClient client = new HubClient(StandaloneHub.port(hub), credentials.webhookSecret());
            String key = "sandbox-" + UUID.randomUUID();

            HubClient.Response login = client.post("/sandbox/auth/login",
                    "{\"tenantId\":\"sandbox-tenant\",\"secret\":\"" + credentials.tenantSecret() + "\"}",
                    "Content-Type", "application/json");
            HubClient.Response payment = client.post("/api/payments",
                    "{\"userId\":\"user-1\",\"orderId\":\"order-1\",\"amount\":5000,\"currency\":\"EUR\"}",
                    "Authorization", "Bearer " + credentials.apiKey(), "Content-Type", "application/json",
                    "Idempotency-Key", key);

            assertThat(output.getOut()).contains(BANNER).contains("NOT FOR PRODUCTION");
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            assertThat(payment.status()).as(payment.body()).isEqualTo(201);
            assertThat(payment.json().path("providerPaymentId").asText()).startsWith("pay_");
            assertThat(hub.getBean(SandboxLedger.class).createCalls(key)).as("created at the sandbox").isEqualTo(1);
            assertThat(Files.readString(StandaloneHub.dataDir(properties).resolve("sandbox-credentials.properties")))
                    .contains("api-key=" + credentials.apiKey());
        }
    }
}
