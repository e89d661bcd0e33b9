package io.paymenthub.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentIdempotency;
import io.paymenthub.payment.PaymentRequest;
import io.paymenthub.payment.PaymentSubmission;
import io.paymenthub.payment.QueuedPayments;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubSpringTest;
import io.paymenthub.support.HubTestEnvironment;
import io.paymenthub.support.TopicRecorder;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The background retry of payments QUEUED because the platform was down (route retryQueuedPayments,
 * contract section 3: "the hub keeps retrying it in the background and it moves on by itself once the
 * platform is back"), with short hub.retry.* settings. {@link GiveUp} runs a second hub context whose
 * give-up horizon is 2 s: past it a payment goes to DLQ.payments.requests with the reason, and sending its
 * request again retries it. Also the attempt lease that every submission takes (issue 6, items 1 and 2): an
 * attempt interrupted mid-call is submitted again by a replay or the sweep once its lease has run out, and two
 * attempts with one key never fail a payment the other got accepted.
 * <p>
 * On a shared database other cached hub contexts may take a queued payment for an attempt too (each with its
 * own hub.retry.queue-delay as lease), so the waits here allow for a default 30 s lease.
 */
@HubSpringTest
@ExtendWith(OutputCaptureExtension.class)
class QueuedPaymentRetryRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(75);
    private static final String QUEUED_MESSAGE = "Payment system temporarily unavailable. Your request has been queued.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.providers.billing.base-url", BillingPlatformStub::baseUrl);
        registry.add("hub.providers.billing.tenant-secret", () -> "test-tenant-secret");
        registry.add("hub.retry.max-attempts", () -> "2");
        registry.add("hub.retry.initial-delay", () -> "50ms");
        registry.add("hub.retry.queue-delay", () -> "1s");
        registry.add("hub.retry.queue-poll-interval", () -> "200");
        // short, renewed leases: a running attempt keeps its payment only because it renews the lease
        registry.add("hub.retry.attempt-lease", () -> "1500ms");
        registry.add("hub.retry.attempt-lease-renewal", () -> "300ms");
    }

    @BeforeAll
    static void platform() {
        BillingPlatformStub.login("token-1", 86400);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    PaymentIdempotency idempotency;
    @Autowired
    PaymentSubmission submission;
    @Autowired
    QueuedPayments queuedPayments;
    @Autowired
    CamelContext camel;

    HubClient hub;
    JmsTemplate jms;
    @org.springframework.beans.factory.annotation.Value("${hub.queues.payment-requests}")
    String paymentRequests;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(WAIT.toMillis());
    }

    @Test
    void retriesAQueuedPaymentInTheBackgroundWithTheSameKeyUntilThePlatformIsBack() {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        BillingPlatformStub.createAnswers(key, 503, "{\"message\":\"maintenance\"}");
        String paymentId;
        try {
            Response queued = create(orderId, key);

            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
            assertThat(queued.json().path("status").asText()).isEqualTo("QUEUED");
            assertThat(queued.json().path("statusMessage").asText()).isEqualTo(QUEUED_MESSAGE);
            paymentId = queued.json().path("id").asText();
            // hub.retry.max-attempts (2) calls for the request itself, then background attempts every queue-delay
            int afterRequest = BillingPlatformStub.creates(key);
            await().atMost(WAIT).until(() -> BillingPlatformStub.creates(key) > afterRequest + 2);
            assertThat(status(paymentId)).isEqualTo("QUEUED");
            // retries go on meanwhile: check that none of them carried another key, not two counts taken apart
            assertThat(BillingPlatformStub.count(createsFor(orderId).withHeader("Idempotency-Key",
                    com.github.tomakehurst.wiremock.client.WireMock.notMatching(java.util.regex.Pattern.quote(key))))).isZero();
        } finally {
            platformIsBack(key);
        }

        await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(paymentId)));
        JsonNode payment = hub.getPayment(paymentId).json();
        assertThat(payment.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(payment.path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(payment.path("idempotencyKey").asText()).isEqualTo(key);
        // accepted: no further attempts, and every attempt carried the payment's key
        int attempts = BillingPlatformStub.creates(key);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == attempts);
        assertThat(BillingPlatformStub.count(createsFor(orderId))).isEqualTo(attempts);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void retriesAPaymentQueuedFromTheBrokerEntryPointToo() {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        BillingPlatformStub.createAnswers(key, 503, "{}");
        try {
            jms.send(paymentRequests, session -> {
                TextMessage message = session.createTextMessage(body(orderId));
                message.setStringProperty("idempotencyKey", key);
                return message;
            });

            await().atMost(WAIT).until(() -> "QUEUED".equals(statusByKey(key)));
            int queuedAfter = BillingPlatformStub.creates(key);
            await().atMost(WAIT).until(() -> BillingPlatformStub.creates(key) > queuedAfter);
        } finally {
            platformIsBack(key);
        }

        await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(statusByKey(key)));
        assertThat(jdbc.queryForObject("SELECT provider_payment_id FROM payments WHERE idempotency_key = ?", String.class, key))
                .isEqualTo("pay_" + key);
    }

    // --- an attempt interrupted mid-call (issue 6, item 1) ----------------------------------------------------

    @Test
    void aReplayOfAPaymentWhoseAttemptWasInterruptedSubmitsItAgainWithTheSameKeyAndItMovesOn() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        platformIsBack(key);
        // the hub sent the create, and died before the platform's answer came: the row stays CREATED, its
        // attempt's lease runs out (recently created, so only the replay takes it here, not the sweep)
        Payment interrupted = interruptedAttempt(key, orderId, Instant.now(), Instant.now().minusSeconds(1));
        sendCreateAsTheDeadHubDid(key, orderId);

        Response replay = create(orderId, key);

        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.json().path("id").asText()).isEqualTo(interrupted.id());
        assertThat(replay.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(replay.json().path("providerPaymentId").asText()).isEqualTo("pay_" + key);
        assertThat(status(interrupted.id())).isEqualTo("PROVIDER_PENDING");
        // the dead hub's call and the replay's, both with the payment's key: one payment at the platform
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(2);
        assertThat(BillingPlatformStub.count(createsFor(orderId))).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void theSweepSubmitsAnInterruptedPaymentOnceItsAttemptsLeaseHasRunOutAndNotBefore() {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        platformIsBack(key);
        // interrupted long ago, but its attempt's lease still runs for 3 s (the hub was killed and restarted at
        // once): neither a replay nor the sweep may submit it while that attempt might still be under way
        Payment interrupted = interruptedAttempt(key, orderId, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plusSeconds(3));

        Response replay = create(orderId, key);
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.json().path("status").asText()).isEqualTo("CREATED");
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == 0);
        // once the lease has run out, the sweep submits it with its key, nobody replaying it
        await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(interrupted.id())));

        assertThat(jdbc.queryForObject("SELECT provider_payment_id FROM payments WHERE id = ?", String.class, interrupted.id()))
                .isEqualTo("pay_" + key);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == 1);
        assertThat(BillingPlatformStub.count(createsFor(orderId))).isEqualTo(1);
    }

    @Test
    void aReplayWhileTheFirstAttemptIsStillWaitingForThePlatformDoesNotSubmitItAgain() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(BillingPlatformStub.platformPayment("pay_" + key, "PENDING")).withFixedDelay(2000)));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> create(orderId, key));
        await().atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == 1);

        Response replay = create(orderId, key);

        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.json().path("status").asText()).isEqualTo("CREATED");
        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(status(replay.json().path("id").asText())).isEqualTo("PROVIDER_PENDING");
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
    }

    @Test
    void anAttemptThatWaitsOnThePlatformLongerThanItsLeaseKeepsThePaymentBecauseItRenewsTheLease() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(BillingPlatformStub.platformPayment("pay_" + key, "PENDING")).withFixedDelay(5000)));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> create(orderId, key));
        await().atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == 1);
        // twice the 1.5 s lease: without its renewals the lease would have run out by now
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);

        Response replay = create(orderId, key);

        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.json().path("status").asText()).isEqualTo("CREATED");
        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(status(replay.json().path("id").asText())).isEqualTo("PROVIDER_PENDING");
        assertThat(BillingPlatformStub.creates(key)).isEqualTo(1);
        // and the finished attempt's lease is released, not renewed on
        assertThat(jdbc.queryForObject("SELECT attempt_until FROM payments WHERE id = ?", Timestamp.class,
                replay.json().path("id").asText())).isNull();
    }

    // --- two attempts with one key (issue 6, item 2) -------------------------------------------------------------

    @Test
    void aClientRetryWhileTheBackgroundAttemptRunsDoesNotSubmitItTooAndThePaymentEndsAccepted() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        String paymentId = queue(orderId, key);
        try (TopicRecorder topic = new TopicRecorder(connectionFactory, "payments.events")) {
            // the platform is back but slow; a second call with the key while the first runs is a 409
            firstCallSlowlyThen(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"), 2000,
                    409, "{\"code\":\"IDEMPOTENCY_CONFLICT\"}");
            await().atMost(WAIT).until(() -> firstCallArrived(key));

            Response retried = create(orderId, key);

            assertThat(retried.status()).as(retried.body()).isIn(200, 202);
            assertThat(retried.json().path("status").asText()).isNotEqualTo("FAILED");
            await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(paymentId)));
            assertThat(callsAnswered(key, 409)).as("calls made while the background attempt held the payment").isZero();
            assertNeverFailed(paymentId, topic);
        }
    }

    @Test
    void a409ForTheHubsOwnKeyFromAnAttemptThatOverlapsAnotherNeverFailsThePayment() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        String paymentId = queue(orderId, key);
        try (TopicRecorder topic = new TopicRecorder(connectionFactory, "payments.events")) {
            firstCallSlowlyThen(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"), 2500,
                    409, "{\"code\":\"IDEMPOTENCY_CONFLICT\",\"message\":\"A request with this key is in progress\"}");
            await().atMost(WAIT).until(() -> firstCallArrived(key));
            // the background attempt loses its lease (a pause, a database that missed its renewals): the client's
            // retry takes it over
            lapseLease(paymentId);

            Response retried = create(orderId, key);

            assertThat(callsAnswered(key, 409)).as("precondition: the retry overlapped the first attempt").isPositive();
            assertThat(retried.status()).as(retried.body()).isIn(200, 202);
            assertThat(retried.json().path("status").asText()).isNotEqualTo("FAILED");
            await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(paymentId)));
            assertThat(jdbc.queryForObject("SELECT provider_payment_id FROM payments WHERE id = ?", String.class, paymentId))
                    .isEqualTo("pay_" + key);
            assertNeverFailed(paymentId, topic);
        }
    }

    @Test
    void aLateRefusalFromAnAttemptThatOutlivedItsLeaseDoesNotOverturnAnAcceptedPayment(CapturedOutput output) throws Exception {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        String paymentId = queue(orderId, key);
        try (TopicRecorder topic = new TopicRecorder(connectionFactory, "payments.events")) {
            // the background attempt's call hangs and ends refused; the next call with the key is accepted
            firstCallSlowlyThen(key, 402, "{\"code\":\"DECLINED\"}", 2500,
                    201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
            await().atMost(WAIT).until(() -> firstCallArrived(key));
            lapseLease(paymentId);

            Response retried = create(orderId, key);
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");

            // the first attempt's refusal arrives and is handled
            await().atMost(WAIT).until(() -> output.getAll().contains("Platform refusal ignored, the payment is past it paymentId="
                    + paymentId) || "FAILED".equals(status(paymentId)));
            assertThat(status(paymentId)).isEqualTo("PROVIDER_PENDING");
            assertThat(jdbc.queryForObject("SELECT failure_code FROM payments WHERE id = ?", String.class, paymentId)).isNull();
            assertNeverFailed(paymentId, topic);
        }
    }

    @Test
    void a409ForTheHubsOwnKeyQueuesThePaymentAndALaterAttemptGetsThePlatformsAnswer() {
        String key = "key-" + UUID.randomUUID();
        String orderId = "order-" + key;
        WireMockServer platform = BillingPlatformStub.server();
        // the platform still works on an earlier request with this key for the request's two attempts
        platform.stubFor(createStub(key).inScenario(key).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(jsonAnswer(409, "{\"code\":\"IDEMPOTENCY_CONFLICT\"}")).willSetStateTo("second"));
        platform.stubFor(createStub(key).inScenario(key).whenScenarioStateIs("second")
                .willReturn(jsonAnswer(409, "{\"code\":\"IDEMPOTENCY_CONFLICT\"}")).willSetStateTo("done"));
        platform.stubFor(createStub(key).inScenario(key).whenScenarioStateIs("done")
                .willReturn(jsonAnswer(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"))));

        Response response = create(orderId, key);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(response.json().path("failureCode").isNull()).isTrue();
        String paymentId = response.json().path("id").asText();
        await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(paymentId)));
        assertThat(jdbc.queryForObject("SELECT provider_payment_id FROM payments WHERE id = ?", String.class, paymentId))
                .isEqualTo("pay_" + key);
    }

    @Test
    void twoBackgroundRunsOnOneDatabaseNeverSubmitTheSamePaymentTwice() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (int n = 0; n < 6; n++) {
            String key = "key-" + UUID.randomUUID();
            keys.add(key);
            queue("order-" + key, key);
        }
        // the platform is back, slowly: one batch takes longer than hub.retry.queue-delay
        for (String key : keys) {
            BillingPlatformStub.server().stubFor(createStub(key).willReturn(
                    jsonAnswer(201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING")).withFixedDelay(400)));
        }
        // two more instances' runs beside this hub's own timer: the same beans and route on the same database,
        // each run taking what is due, until every payment is through (bounded)
        ExecutorService instances = Executors.newFixedThreadPool(2);
        ProducerTemplate producer = camel.createProducerTemplate();
        try {
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                runs.add(instances.submit(() -> {
                    long end = System.nanoTime() + WAIT.toNanos();
                    while (System.nanoTime() < end && !keys.stream().allMatch(key -> "PROVIDER_PENDING".equals(statusByKey(key)))) {
                        for (Payment payment : queuedPayments.dueForAttempt()) {
                            if (keys.contains(payment.idempotencyKey())) {
                                producer.send("direct:submitPayment", exchange -> {
                                    exchange.setProperty("hubPayment", payment);
                                    exchange.setProperty("hubBackgroundAttempt", true);
                                });
                            }
                        }
                        Thread.sleep(50);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(WAIT.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            instances.shutdownNow();
            producer.stop();
        }

        for (String key : keys) {
            await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(statusByKey(key)));
        }
        for (String key : keys) {
            assertThat(callsAnswered(key, 201)).as("accepted creates of %s", key).isEqualTo(1);
        }
    }

    /** A hub whose background retry gives up after 2 s. Closed after its tests, so its horizon reaches no other test. */
    @Nested
    @DirtiesContext
    class GiveUp {

        @DynamicPropertySource
        static void giveUpSoon(DynamicPropertyRegistry registry) {
            registry.add("hub.retry.give-up-after", () -> "2s");
        }

        @LocalServerPort
        int giveUpPort;
        @Autowired
        JdbcTemplate giveUpJdbc;
        @Autowired
        ConnectionFactory giveUpConnectionFactory;
        @Autowired
        CamelContext camel;

        @org.springframework.beans.factory.annotation.Value("${hub.queues.payment-requests}")
        String giveUpRequests;

        HubClient giveUpHub;
        JmsTemplate giveUpJms;

        @BeforeEach
        void setUpGiveUp() {
            giveUpHub = new HubClient(giveUpPort);
            giveUpJms = new JmsTemplate(giveUpConnectionFactory);
            giveUpJms.setReceiveTimeout(WAIT.toMillis());
        }

        /** Creates a payment while the platform is down and waits for its dead letter past the give-up horizon. */
        DeadLetteredPayment queueUntilDeadLettered(String key, String orderId) {
            Response queued = giveUpHub.post("/api/payments", body(orderId), headers(key));
            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
            String paymentId = queued.json().path("id").asText();
            Message dead = giveUpJms.receiveSelected("DLQ." + giveUpRequests, "hubPaymentId = '" + paymentId + "'");
            assertThat(dead).as("dead letter of payment " + paymentId).isNotNull();
            return new DeadLetteredPayment(paymentId, dead);
        }

        @Test
        void deadLettersAPaymentWhosePlatformStaysDownAndRetriesItWhenItsRequestComesAgain() throws Exception {
            String key = "key-" + UUID.randomUUID();
            String orderId = "order-" + key;
            BillingPlatformStub.createAnswers(key, 503, "{}");
            String paymentId;
            int attempts;
            try {
                DeadLetteredPayment deadLettered = queueUntilDeadLettered(key, orderId);
                paymentId = deadLettered.paymentId();
                Message dead = deadLettered.message();

                assertThat(dead.getStringProperty("hubFailureReason")).contains("Platform unavailable");
                JsonNode request = JSON.readTree(textOf(dead));
                assertThat(request.path("userId").asText()).isEqualTo("user-1");
                assertThat(request.path("orderId").asText()).isEqualTo(orderId);
                assertThat(request.path("amount").asLong()).isEqualTo(5000);
                assertThat(request.path("currency").asText()).isEqualTo("EUR");
                assertThat(status(giveUpJdbc, paymentId)).isEqualTo("QUEUED");
                // given up: no more background attempts
                attempts = BillingPlatformStub.creates(key);
                await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> BillingPlatformStub.creates(key) == attempts);
                assertThat(status(giveUpJdbc, paymentId)).isEqualTo("QUEUED");
            } finally {
                // the platform is back (also ends any attempts still running should an assertion above fail)
                platformIsBack(key);
            }

            // the merchant sends the same request again
            Response retried = giveUpHub.post("/api/payments", body(orderId), headers(key));

            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().path("id").asText()).isEqualTo(paymentId);
            assertThat(retried.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
            assertThat(retried.json().path("providerPaymentId").asText()).isEqualTo("pay_" + key);
            assertThat(status(giveUpJdbc, paymentId)).isEqualTo("PROVIDER_PENDING");
            assertThat(BillingPlatformStub.creates(key)).isEqualTo(attempts + 1);
        }

        @Test
        void aDeadLetterTheBrokerDoesNotTakeLeavesThePaymentDueAndALaterRunDeadLettersIt() throws Exception {
            // the broker refuses the dead-letter send of this context while dlqDown is set
            List<String> refusedSends = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean dlqDown = new java.util.concurrent.atomic.AtomicBoolean(true);
            AdviceWith.adviceWith(camel, "deadLetterQueuedPayment", route -> route.weaveByToUri("activemq6:queue:DLQ.*")
                    .before().process(exchange -> {
                        if (dlqDown.get()) {
                            refusedSends.add(exchange.getMessage().getHeader("hubPaymentId", String.class));
                            throw new jakarta.jms.JMSException("broker store full (test)");
                        }
                    }));
            String key = "key-" + UUID.randomUUID();
            String orderId = "order-" + key;
            BillingPlatformStub.createAnswers(key, 503, "{}");
            String paymentId;
            try {
                Response queued = giveUpHub.post("/api/payments", body(orderId), headers(key));
                assertThat(queued.status()).as(queued.body()).isEqualTo(202);
                paymentId = queued.json().path("id").asText();

                // past the horizon, runs keep trying to dead-letter it: the failed send left it due
                await().atMost(WAIT).until(() -> java.util.Collections.frequency(refusedSends, paymentId) >= 2);
                assertThat(status(giveUpJdbc, paymentId)).isEqualTo("QUEUED");
                assertThat(giveUpJdbc.queryForObject("SELECT next_attempt_at FROM payments WHERE id = ?",
                        java.sql.Timestamp.class, paymentId)).as("still due for a background run").isNotNull();
                JmsTemplate noWait = new JmsTemplate(giveUpConnectionFactory);
                noWait.setReceiveTimeout(JmsTemplate.RECEIVE_TIMEOUT_NO_WAIT);
                assertThat(noWait.receiveSelected("DLQ." + giveUpRequests, "hubPaymentId = '" + paymentId + "'")).isNull();
            } finally {
                dlqDown.set(false);
            }

            // the broker is back: a later run dead-letters it, once, and stops retrying it
            Message dead = giveUpJms.receiveSelected("DLQ." + giveUpRequests, "hubPaymentId = '" + paymentId + "'");
            assertThat(dead).as("dead letter of payment " + paymentId).isNotNull();
            assertThat(dead.getStringProperty("hubFailureReason")).contains("Platform unavailable");
            await().atMost(WAIT).until(() -> giveUpJdbc.queryForObject("SELECT next_attempt_at FROM payments WHERE id = ?",
                    java.sql.Timestamp.class, paymentId) == null);
            platformIsBack(key);
        }

        @Test
        void retriesADeadLetteredPaymentMovedBackToItsQueueAsTheSamePayment() throws Exception {
            String key = "key-" + UUID.randomUUID();
            String orderId = "order-" + key;
            BillingPlatformStub.createAnswers(key, 503, "{}");
            String paymentId;
            Message dead;
            try {
                DeadLetteredPayment deadLettered = queueUntilDeadLettered(key, orderId);
                paymentId = deadLettered.paymentId();
                dead = deadLettered.message();
            } finally {
                platformIsBack(key);
            }

            // the README's replay: move the dead letter back to its queue as it is (body and properties)
            String content = textOf(dead);
            List<String> names = Collections.list(castNames(dead.getPropertyNames()));
            giveUpJms.send(giveUpRequests, session -> {
                TextMessage moved = session.createTextMessage(content);
                for (String name : names) {
                    if (!name.startsWith("JMSX")) {
                        moved.setObjectProperty(name, dead.getObjectProperty(name));
                    }
                }
                return moved;
            });

            await().atMost(WAIT).until(() -> !"QUEUED".equals(status(giveUpJdbc, paymentId))
                    || giveUpJdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId) > 1);
            assertThat(giveUpJdbc.queryForList("SELECT idempotency_key FROM payments WHERE order_id = ?", String.class, orderId))
                    .as("payments for the order after replaying a dead letter with the properties %s", names).containsExactly(key);
            await().atMost(WAIT).until(() -> "PROVIDER_PENDING".equals(status(giveUpJdbc, paymentId)));
        }
    }

    // --- helpers

    /** A CREATED payment whose attempt took the payment's lease and died mid-call: nothing recorded its outcome. */
    private Payment interruptedAttempt(String key, String orderId, Instant createdAt, Instant leaseUntil) {
        PaymentRequest request = new PaymentRequest("user-1", orderId, 5000, "EUR", "billing", "Order", null, null, null,
                null, null);
        PaymentIdempotency.Claim claim = idempotency.claim(request, key, "test-client");
        assertThat(claim.outcome()).isEqualTo(PaymentIdempotency.Claim.Outcome.NEW);
        String attempt = submission.takeAttempt(claim.payment(), false);
        assertThat(attempt).as("the attempt that died took the payment").isNotNull();
        submission.endAttempt(attempt); // a dead hub renews nothing
        jdbc.update("UPDATE payments SET created_at = ?, attempt_until = ? WHERE id = ?", Timestamp.from(createdAt),
                Timestamp.from(leaseUntil), claim.payment().id());
        assertThat(status(claim.payment().id())).isEqualTo("CREATED");
        return claim.payment();
    }

    /** The create the dead hub had sent before it died, as the platform received it. */
    private static void sendCreateAsTheDeadHubDid(String key, String orderId) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(BillingPlatformStub.baseUrl() + "/payments"))
                .header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(orderId))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(201);
    }

    /** The running attempt loses its lease, as when it missed its renewals: another attempt may take the payment. */
    private void lapseLease(String paymentId) {
        jdbc.update("UPDATE payments SET attempt_id = 'lapsed', attempt_until = ? WHERE id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), paymentId);
    }

    /** A payment QUEUED because the platform was down for its request. @return its id */
    private String queue(String orderId, String key) {
        BillingPlatformStub.createAnswers(key, 503, "{}");
        Response queued = create(orderId, key);
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        return queued.json().path("id").asText();
    }

    /** The next create of {@code key} gets {@code firstStatus} after {@code delayMillis}; every later one {@code laterStatus} at once. */
    private static void firstCallSlowlyThen(String key, int firstStatus, String firstBody, int delayMillis, int laterStatus,
                                            String laterBody) {
        WireMockServer platform = BillingPlatformStub.server();
        platform.stubFor(createStub(key).inScenario("overlap-" + key).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(jsonAnswer(firstStatus, firstBody).withFixedDelay(delayMillis)).willSetStateTo("first-running"));
        platform.stubFor(createStub(key).inScenario("overlap-" + key).whenScenarioStateIs("first-running")
                .willReturn(jsonAnswer(laterStatus, laterBody)));
    }

    private static boolean firstCallArrived(String key) {
        return BillingPlatformStub.server().getAllScenarios().getScenarios().stream()
                .anyMatch(scenario -> scenario.getName().equals("overlap-" + key) && "first-running".equals(scenario.getState()));
    }

    /** Creates of {@code key} the platform answered with {@code status} (and has finished answering). */
    private static long callsAnswered(String key, int status) {
        return BillingPlatformStub.server().getAllServeEvents().stream()
                .filter(event -> key.equals(event.getRequest().getHeader("Idempotency-Key"))
                        && event.getResponse() != null && event.getResponse().getStatus() == status)
                .count();
    }

    private void assertNeverFailed(String paymentId, TopicRecorder topic) {
        await().atMost(WAIT).until(() -> topic.forPayment(paymentId).stream()
                .anyMatch(event -> "PROVIDER_PENDING".equals(event.path("status").asText())));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> topic.forPayment(paymentId).stream()
                .noneMatch(event -> "FAILED".equals(event.path("status").asText())));
        assertThat(status(paymentId)).isEqualTo("PROVIDER_PENDING");
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder createStub(String key) {
        return post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder jsonAnswer(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static void platformIsBack(String key) {
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
    }

    private Response create(String orderId, String key) {
        return hub.post("/api/payments", body(orderId), headers(key));
    }

    private static String body(String orderId) {
        return "{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"amount\":5000,\"currency\":\"EUR\",\"description\":\"Order\"}";
    }

    private static String[] headers(String key) {
        return new String[] {"Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", key};
    }

    private String status(String paymentId) {
        return status(jdbc, paymentId);
    }

    private static String status(JdbcTemplate jdbc, String paymentId) {
        return jdbc.query("SELECT status FROM payments WHERE id = ?", (rs, row) -> rs.getString(1), paymentId)
                .stream().findFirst().orElse(null);
    }

    private String statusByKey(String key) {
        return jdbc.query("SELECT status FROM payments WHERE idempotency_key = ?", (rs, row) -> rs.getString(1), key)
                .stream().findFirst().orElse(null);
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder createsFor(String orderId) {
        return postRequestedFor(urlPathEqualTo("/payments")).withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Enumeration<String> castNames(java.util.Enumeration<?> names) {
        return (java.util.Enumeration<String>) names;
    }

    private static String textOf(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            return new String(content, StandardCharsets.UTF_8);
        }
        throw new AssertionError("Unexpected message type " + message.getClass());
    }

    record DeadLetteredPayment(String paymentId, Message message) { }
}
