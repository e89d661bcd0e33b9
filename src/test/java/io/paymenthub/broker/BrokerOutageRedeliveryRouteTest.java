package io.paymenthub.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An outage longer than any retry budget never dead-letters acknowledged work, and one message waiting for
 * a dependency does not hold up the others on its queue (brokerConsumerErrorPolicy: roll back, the broker
 * redelivers with back-off, non-blocking). The back-off is shortened here so that many redeliveries fit in
 * seconds; the old policy's budget was 1 + 10 deliveries.
 */
@UseAdviceWith
@DirtiesContext
class BrokerOutageRedeliveryRouteTest extends SharedPlatformRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** More failed deliveries than the old policy's budget (1 + 10 redeliveries) before dead-lettering. */
    private static final int DATABASE_DOWN_DELIVERIES = 15;

    private static final AtomicInteger HANDLER_FAILURES_LEFT = new AtomicInteger();
    private static final AtomicInteger HANDLER_DELIVERIES = new AtomicInteger();
    private static volatile String failingEventId;
    /** What the handler's database answers for the chosen event: an outage unless a test says otherwise. */
    private static volatile Supplier<RuntimeException> handlerFailure = BrokerOutageRedeliveryRouteTest::databaseUnreachable;
    /** Holds the API's refund hand-off between its send to refunds.requests and its commit. */
    private static volatile CountDownLatch commitGate;

    @DynamicPropertySource
    static void shortBackOff(DynamicPropertyRegistry registry) {
        registry.add("hub.broker.redelivery.initial-delay", () -> "50ms");
        registry.add("hub.broker.redelivery.max-delay", () -> "300ms");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    PaymentRegistry registry;
    @Value("${hub.webhooks.queue}")
    String webhookQueue;
    @Value("${hub.queues.refund-requests}")
    String refundQueue;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (camel.isStarted()) {
            return;
        }
        // the handler's database is down for the chosen event: each delivery fails as a JDBC connection would
        AdviceWith.adviceWith(camel, "applyWebhookEvent", route -> route.weaveAddFirst().process(exchange -> {
            // a message of the relay holds a batch of events: the chosen event's is the one whose body names it
            if (failingEventId != null && exchange.getMessage().getBody(String.class).contains(failingEventId)) {
                HANDLER_DELIVERIES.incrementAndGet();
                if (HANDLER_FAILURES_LEFT.getAndDecrement() > 0) {
                    throw handlerFailure.get();
                }
            }
        }));
        AdviceWith.adviceWith(camel, "handOffRefund", route -> route.weaveByToUri("activemq6:*").after().process(exchange -> {
            CountDownLatch gate = commitGate;
            if (gate != null && !gate.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("commit gate not released (test)");
            }
        }));
        camel.start();
    }

    private static RuntimeException databaseUnreachable() {
        return new CannotGetJdbcConnectionException("database unreachable (test)");
    }

    @Test
    void anEventWhoseDatabaseErrorIsOfTheDataItselfIsDeadLetteredAfterItsBoundedDeliveriesNotRedeliveredForEver() {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        String eventId = "evt_" + UUID.randomUUID();
        HANDLER_DELIVERIES.set(0);
        HANDLER_FAILURES_LEFT.set(Integer.MAX_VALUE);
        // e.g. PostgreSQL refusing a value (SQLSTATE 22001, string data right truncation): the same on every delivery
        handlerFailure = () -> new DataIntegrityViolationException("value too long (test)",
                new SQLException("value too long for type character varying(255)", "22001"));
        failingEventId = eventId;
        try {
            Response acknowledged = hub.sendWebhook("{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\","
                    + "\"createdAt\":\"" + Instant.now() + "\",\"data\":{\"paymentId\":\"" + payment.providerPaymentId() + "\"}}");

            assertThat(acknowledged.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> deadLettersHolding(webhookQueue, eventId) == 1);
            // the budget of an unexpected failure (hub.broker.redelivery.unexpected-failure-deliveries, 10)
            assertThat(HANDLER_DELIVERIES.get()).isEqualTo(10);
        } finally {
            failingEventId = null;
            handlerFailure = BrokerOutageRedeliveryRouteTest::databaseUnreachable;
        }
    }

    @Test
    void appliesAnAcknowledgedEventOnceTheDatabaseIsBackHoweverManyDeliveriesFailed() {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);
        String eventId = "evt_" + UUID.randomUUID();
        HANDLER_DELIVERIES.set(0);
        HANDLER_FAILURES_LEFT.set(DATABASE_DOWN_DELIVERIES);
        failingEventId = eventId;

        Response acknowledged = hub.sendWebhook("{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\","
                + "\"createdAt\":\"" + Instant.now() + "\",\"data\":{\"paymentId\":\"" + payment.providerPaymentId() + "\"}}");

        assertThat(acknowledged.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(statusInDatabase(payment.id())));
        assertThat(HANDLER_DELIVERIES.get()).isEqualTo(DATABASE_DOWN_DELIVERIES + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id = ?", Integer.class, eventId))
                .isEqualTo(1);
        assertThat(deadLettersHolding(webhookQueue, eventId)).isZero();
    }

    @Test
    void aRefundWaitingForThePlatformDoesNotHoldUpTheNextAndIsSubmittedOnceThePlatformIsBack() {
        Payment stuck = newPayment(PaymentStatus.SUCCEEDED, 5000);
        Payment next = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(stuck.providerPaymentId(), 503, "{}");
        stubRefunds(next.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");

        String stuckRefund = refund(stuck, 1000);
        // its first delivery has used the platform call's own retries (hub.retry.max-attempts: 3)
        await().atMost(WAIT).until(() -> BillingPlatformStub.count(refundCalls(stuck.providerPaymentId())) >= 3);
        String nextRefund = refund(next, 2000);

        // the next refund goes through while the first waits for its redelivery
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUBMITTED".equals(refundStatus(nextRefund)));
        assertThat(refundStatus(stuckRefund)).isEqualTo("PENDING");
        // and the first is redelivered meanwhile, not parked
        await().atMost(WAIT).until(() -> BillingPlatformStub.count(refundCalls(stuck.providerPaymentId())) >= 6);

        stubRefunds(stuck.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");

        await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(stuckRefund)));
        assertThat(BillingPlatformStub.count(refundCalls(next.providerPaymentId()))).isEqualTo(1);
        assertThat(deadLetters(refundQueue)).isZero();
    }

    @Test
    void aRefundWhosePlatformCallHangsDoesNotHoldUpTheRefundsOfOtherPayments() {
        Payment hanging = newPayment(PaymentStatus.SUCCEEDED, 5000);
        Payment next = newPayment(PaymentStatus.SUCCEEDED, 5000);
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments/" + hanging.providerPaymentId() + "/refunds"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}").withFixedDelay(8000)));
        stubRefunds(next.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");

        String hangingRefund = refund(hanging, 1000);
        await().atMost(WAIT).until(() -> BillingPlatformStub.count(refundCalls(hanging.providerPaymentId())) == 1);
        String nextRefund = refund(next, 2000);

        // another consumer takes it while the first waits on the platform
        await().atMost(Duration.ofSeconds(5)).until(() -> "SUBMITTED".equals(refundStatus(nextRefund)));
        assertThat(refundStatus(hangingRefund)).isEqualTo("PENDING");
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(hangingRefund)));
        assertThat(BillingPlatformStub.count(refundCalls(hanging.providerPaymentId()))).isEqualTo(1);
    }

    @Test
    void aRefundMessageSeenBeforeTheApiCommitsItsRowWaitsForTheCommitInsteadOfBeingRefused() throws Exception {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        CountDownLatch gate = new CountDownLatch(1);
        commitGate = gate;
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<String> accepted = client.submit(() -> refund(payment, 1000));

            // the message is on the queue and taken by processRefund while the API's transaction is still open
            await().atMost(WAIT).until(() -> camel.getInflightRepository().size("processRefund") == 1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM refunds WHERE payment_id = ?", Integer.class, payment.id()))
                    .isZero();
            gate.countDown();

            String refundId = accepted.get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(refundId)));
        } finally {
            commitGate = null;
            gate.countDown();
            client.shutdownNow();
        }
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId()))).isEqualTo(1);
        assertThat(deadLetters(refundQueue)).isZero();
    }

    private Payment newPayment(PaymentStatus status, long amount) {
        return registry.register(new NewPayment("billing", "pay_" + UUID.randomUUID(), status, "user-" + UUID.randomUUID(),
                "order-" + UUID.randomUUID(), amount, "EUR", "key-" + UUID.randomUUID(), null));
    }

    private String refund(Payment payment, long amount) {
        Response accepted = hub.post("/api/payments/" + payment.id() + "/refunds", "{\"amount\": " + amount + "}",
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", "refund-" + UUID.randomUUID());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("refundId").asText();
    }

    private String refundStatus(String refundId) {
        List<String> rows = jdbc.query("SELECT status FROM refunds WHERE id = ?", (rs, row) -> rs.getString(1), refundId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The dead letters of the queue whose body holds the text (an event id in a batch). */
    private int deadLettersHolding(String queue, String text) {
        Integer count = new JmsTemplate(connectionFactory).browse("DLQ." + queue, (session, browser) -> {
            int holding = 0;
            for (Object message : java.util.Collections.list(browser.getEnumeration())) {
                jakarta.jms.BytesMessage bytes = (jakarta.jms.BytesMessage) message;
                byte[] body = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(body);
                if (new String(body, java.nio.charset.StandardCharsets.UTF_8).contains(text)) {
                    holding++;
                }
            }
            return holding;
        });
        return count == null ? 0 : count;
    }

    private int deadLetters(String queue) {
        Integer count = new JmsTemplate(connectionFactory).browse("DLQ." + queue,
                (session, browser) -> java.util.Collections.list(browser.getEnumeration()).size());
        return count == null ? 0 : count;
    }

    private static void stubRefunds(String providerPaymentId, int status, String json) {
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments/" + providerPaymentId + "/refunds"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
    }

    private static RequestPatternBuilder refundCalls(String providerPaymentId) {
        return postRequestedFor(urlPathEqualTo("/payments/" + providerPaymentId + "/refunds"));
    }
}
