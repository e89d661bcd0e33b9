package io.paymenthub.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.createFor;
import static io.paymenthub.billing.PaymentFlows.creates;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import io.paymenthub.support.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The request deadline (hub.platform.request-deadline): while a merchant waits on POST /api/payments, the platform
 * call's retries stop when another attempt (back-off + connect + read timeout) could not end within the deadline, so
 * the answer is the hub's own (202 QUEUED, or 201 when a retry got the payment) and comes within the deadline. Scaled
 * down: read timeout 1 s, connect timeout 0.5 s, first back-off 0.2 s, deadline 3 s: two attempts fit, a third
 * (which hub.retry.max-attempts 3 would allow) does not.
 */
@HubSpringTest
class PlatformCallDeadlineRouteTest {

    private static final Duration DEADLINE = Duration.ofMillis(3000);
    private static final WireMockServer platform = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    static {
        platform.start();
    }

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.providers.billing.base-url", () -> "http://127.0.0.1:" + platform.port());
        registry.add("hub.providers.billing.tenant-secret", () -> "test-tenant-secret");
        registry.add("hub.platform.read-timeout", () -> "1000");
        registry.add("hub.platform.connect-timeout", () -> "500");
        registry.add("hub.platform.request-deadline", () -> DEADLINE.toMillis() + "ms");
        registry.add("spring.mvc.async.request-timeout", () -> "10s");
        registry.add("hub.retry.initial-delay", () -> "200ms");
        // the background retry must not add calls while a test counts them
        registry.add("hub.retry.queue-delay", () -> "1h");
    }

    @AfterAll
    static void stopPlatform() {
        platform.stop();
    }

    @LocalServerPort
    int port;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
        platform.stubFor(post(urlEqualTo("/auth/login")).willReturn(okJson("{\"accessToken\":\"deadline-token\",\"expiresIn\":86400}")));
        // a cold hub's first call (HTTP client, login) can exceed the short read timeout: start warm
        await().atMost(WAIT).until(() -> {
            String key = newKey("warm-up");
            acceptCreate(platform, key);
            return create(hub, key).status() == 201;
        });
    }

    @Test
    void aHangingPlatformIsAnsweredQueuedWithinTheDeadlineWithoutAnAttemptThatCouldNotFinishInTime() {
        String key = newKey("hanging");
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))
                .withFixedDelay(5000)));

        long started = System.nanoTime();
        Response answer = create(hub, key);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(took).as("answered within the request deadline").isLessThan(DEADLINE);
        // attempt 1 ends at ~1 s, attempt 2 at ~2.2 s; a third would end at ~4.1 s, past the deadline
        assertThat(creates(platform, key)).as("platform calls").isEqualTo(2);
    }

    @Test
    void aFirstCallSlowerThanTheReadTimeoutIsRetriedWithTheSameKeyAndAnswered201WithinTheDeadline() {
        String key = newKey("slow-first");
        String scenario = "slow-" + key;
        platform.stubFor(createFor(key).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING")).withFixedDelay(5000))
                .willSetStateTo("created"));
        platform.stubFor(createFor(key).inScenario(scenario).whenScenarioStateIs("created")
                .willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))));

        long started = System.nanoTime();
        Response answer = create(hub, key);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(took).isLessThan(DEADLINE);
        assertThat(creates(platform, key)).isEqualTo(2);
    }

    @Test
    void aPlatformOutageIsLoggedOneLinePerAttemptWithoutAStackTraceOrAnError() {
        String key = newKey("outage-log");
        platform.stubFor(createFor(key).willReturn(json(503, "{}")));

        Response answer;
        try (LogCapture log = LogCapture.start()) {
            answer = create(hub, key);

            assertThat(answer.status()).isEqualTo(202);
            assertThat(log.errors()).as("ERROR entries" + LogCapture.describe(log.errors())).isEmpty();
            assertThat(log.withStackTrace()).as("stack traces" + LogCapture.describe(log.withStackTrace())).isEmpty();
            // three failed attempts: two "retrying" lines, then the caller's "Payment queued ... reason"
            assertThat(log.matching(event -> event.getLevel().isGreaterOrEqual(Level.WARN)))
                    .as("WARN entries" + LogCapture.describe(log.events())).hasSizeLessThanOrEqualTo(creates(platform, key) + 1);
        }
    }
}
