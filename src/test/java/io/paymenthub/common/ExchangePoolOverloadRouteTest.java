package io.paymenthub.common;

import io.paymenthub.support.ApiContract;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Overload (issue 6, item 9): when every exchange thread is busy and the queue is full, a request is answered at
 * once with 503 UNAVAILABLE, and readiness says the endpoints cannot take more. A pool of 2 threads and a queue
 * of 1 here, held by payments whose platform call hangs for a few seconds.
 */
@HubSpringTest
class ExchangePoolOverloadRouteTest {

    private static final long PLATFORM_DELAY_MILLIS = 4_000;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.providers.billing.base-url", BillingPlatformStub::baseUrl);
        registry.add("hub.providers.billing.tenant-secret", () -> "test-tenant-secret");
        registry.add("spring.task.execution.pool.core-size", () -> "2");
        registry.add("spring.task.execution.pool.max-size", () -> "2");
        registry.add("spring.task.execution.pool.queue-capacity", () -> "1");
    }

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("applicationTaskExecutor")
    ThreadPoolTaskExecutor exchangePool;

    // every /api and /webhooks exchange is checked against the API document the hub ships
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

    @Test
    void fullPoolAnswers503AtOnceAndReadinessIsOutOfService() throws Exception {
        BillingPlatformStub.login("token-1", 86400);
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = "slow-" + UUID.randomUUID();
            BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", WireMock.equalTo(key))
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                            .withBody(BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))
                            .withFixedDelay((int) PLATFORM_DELAY_MILLIS)));
            slow.add(http.sendAsync(createPayment(key), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> exchangePool.getActiveCount() == 2
                && exchangePool.getThreadPoolExecutor().getQueue().size() == 1);

        long started = System.nanoTime();
        HttpResponse<String> refused = http.send(createPayment("late-" + UUID.randomUUID()), HttpResponse.BodyHandlers.ofString());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        HttpResponse<String> readiness = http.send(get("/actuator/health/readiness"), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(refused.body()).contains("\"code\":\"UNAVAILABLE\"");
        assertThat(tookMillis).isLessThan(PLATFORM_DELAY_MILLIS / 2);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE");

        for (CompletableFuture<HttpResponse<String>> response : slow) {
            assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                http.send(get("/actuator/health/readiness"), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private HttpRequest createPayment(String key) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/payments"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + HubClient.TEST_API_KEY)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u-" + key + "\",\"orderId\":\"o-" + key
                        + "\",\"amount\":5000,\"currency\":\"EUR\"}"))
                .build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
