package io.paymenthub.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.paymenthub.billing.PaymentFlows.QUEUED_MESSAGE;
import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.awaitStatus;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.createFor;
import static io.paymenthub.billing.PaymentFlows.creates;
import static io.paymenthub.billing.PaymentFlows.createsForOrder;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static io.paymenthub.billing.PaymentFlows.orderFor;
import static io.paymenthub.billing.PaymentFlows.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import io.paymenthub.support.TopicRecorder;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Graceful degradation (seed 000; contract sections 3 and 5): a platform that times out, answers 5xx or
 * refuses connections gets hub.retry.max-attempts attempts with one idempotency key, then the payment is
 * QUEUED (202) and the background retry moves it on by itself once the platform is back. The platform is a
 * WireMock server of this class's own, so it can be stopped for the refused-connection case; short timeouts
 * and delays keep the class quick.
 */
@HubSpringTest
class PlatformResilienceRouteTest {

    private static WireMockServer platform = start(0);

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        int port = platform.port();
        registry.add("hub.providers.billing.base-url", () -> "http://127.0.0.1:" + port);
        registry.add("hub.providers.billing.tenant-secret", () -> "test-tenant-secret");
        registry.add("hub.platform.read-timeout", () -> "500");
        registry.add("hub.retry.initial-delay", () -> "50ms");
        registry.add("hub.retry.queue-delay", () -> "1s");
        registry.add("hub.retry.queue-poll-interval", () -> "200");
    }

    @AfterAll
    static void stopPlatform() {
        platform.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    HubClient hub;
    TopicRecorder topic;

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubClient(port);
        topic = new TopicRecorder(connectionFactory, "payments.events");
        stubLogin();
        warmUp();
    }

    @AfterEach
    void tearDown() throws Exception {
        topic.close();
    }

    @Test
    void aCreateThatTimesOutIsTriedWithOneKeyThenQueuedAndCreatedByItselfOnceThePlatformAnswers() {
        String key = newKey("timeout");
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))
                .withFixedDelay(2000)));

        Response queued = create(hub, key);

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.json().path("statusMessage").asText()).isEqualTo(QUEUED_MESSAGE);
        assertThat(queued.json().path("providerPaymentId").isNull()).isTrue();
        assertThat(creates(platform, key)).isEqualTo(3);
        String id = queued.json().path("id").asText();

        acceptCreate(platform, key);

        JsonNode recovered = awaitStatus(hub, id, "PROVIDER_PENDING");
        assertThat(recovered.path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(recovered.path("idempotencyKey").asText()).isEqualTo(key);
        assertThat(creates(platform, key)).isGreaterThanOrEqualTo(4);
        assertThat(createsForOrder(platform, orderFor(key))).as("every attempt carried the same key").isEqualTo(creates(platform, key));
        assertThat(paymentRows(orderFor(key))).isEqualTo(1);
    }

    @Test
    void anOutageQueuesThePaymentAndTheTopicSeesItQueuedThenPendingOnceThePlatformIsBack() {
        String key = newKey("outage");
        platform.stubFor(createFor(key).willReturn(aResponse().withStatus(503)));

        Response queued = create(hub, key);

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.json().path("statusMessage").asText()).isEqualTo(QUEUED_MESSAGE);
        assertThat(creates(platform, key)).isEqualTo(3);
        String id = queued.json().path("id").asText();
        await().atMost(WAIT).until(() -> statuses(topic.forPayment(id)).contains("QUEUED"));

        acceptCreate(platform, key);

        awaitStatus(hub, id, "PROVIDER_PENDING");
        await().atMost(WAIT).until(() -> topic.forPayment(id).size() >= 2);
        List<JsonNode> events = topic.forPayment(id);
        assertThat(statuses(events)).containsExactly("QUEUED", "PROVIDER_PENDING");
        assertThat(events.get(0).path("eventType").asText()).isEqualTo("payment.queued");
        assertThat(createsForOrder(platform, orderFor(key))).isEqualTo(creates(platform, key));
        assertThat(paymentRows(orderFor(key))).isEqualTo(1);
    }

    @Test
    void aClientRetryOfAQueuedPaymentIsSubmittedAgainAndAnsweredWithTheSamePayment() {
        String key = newKey("client-retry");
        platform.stubFor(createFor(key).willReturn(aResponse().withStatus(503)));
        Response queued = create(hub, key);
        assertThat(queued.status()).isEqualTo(202);
        acceptCreate(platform, key);

        Response retried = create(hub, key);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("id").asText()).isEqualTo(queued.json().path("id").asText());
        assertThat(retried.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(paymentRows(orderFor(key))).isEqualTo(1);
        assertThat(createsForOrder(platform, orderFor(key))).isEqualTo(creates(platform, key));
    }

    @Test
    void aPlatformThatRefusesConnectionsQueuesThePaymentUntilItIsReachableAgain() {
        String key = newKey("refused-connection");
        int platformPort = platform.port();
        platform.stop();
        Response queued;
        try {
            queued = create(hub, key);
        } finally {
            platform = start(platformPort);
            stubLogin();
        }

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.json().path("statusMessage").asText()).isEqualTo(QUEUED_MESSAGE);
        acceptCreate(platform, key);

        JsonNode recovered = awaitStatus(hub, queued.json().path("id").asText(), "PROVIDER_PENDING");
        assertThat(recovered.path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(creates(platform, key)).isGreaterThanOrEqualTo(1);
        assertThat(paymentRows(orderFor(key))).isEqualTo(1);
    }

    /**
     * The read timeout is short, and a cold hub's first platform calls (HTTP client, login) can exceed it: each test
     * starts with a token in the cache and a warm client, so its attempts are the ones it counts.
     */
    private void warmUp() {
        await().atMost(WAIT).until(() -> {
            String key = newKey("warm-up");
            acceptCreate(platform, key);
            return create(hub, key).status() == 201;
        });
    }

    private static WireMockServer start(int port) {
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").port(port));
        server.start();
        return server;
    }

    private static void stubLogin() {
        platform.stubFor(post(urlEqualTo("/auth/login")).willReturn(okJson("{\"accessToken\":\"resilience-token\",\"expiresIn\":86400}")));
    }

    private int paymentRows(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId);
    }
}
