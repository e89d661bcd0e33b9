package io.paymenthub.refund;

import io.paymenthub.support.SharedPlatformRouteTestBase;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * Refunds (routes refundPayment and processRefund; contract sections 3 and 6):
 * {@code POST /api/payments/{id}/refunds} answers 202 and hands the refund to {@code refunds.requests};
 * processRefund sends it to the platform once with its idempotency key and records SUBMITTED or FAILED;
 * the platform's refund.* webhooks move the payment to PARTIALLY_REFUNDED / REFUNDED. Other systems can
 * put {@code {"paymentId", "amount"}} on refunds.requests directly; what cannot be processed goes to
 * {@code DLQ.refunds.requests} with the reason.
 * <p>
 * refunds.requests has a fixed name: on a shared standalone broker another cached context may process a
 * message sent here, so the tests check the (then shared) database and select dead letters by a marker.
 */
class RefundRouteTest extends SharedPlatformRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    @org.springframework.beans.factory.annotation.Value("${hub.queues.refund-requests}")
    String REFUNDS;

    String dlq() {
        return "DLQ." + REFUNDS;
    }

    @Autowired
    PaymentRegistry registry;
    @Autowired
    PaymentRepository payments;

    JmsTemplate jms;

    @BeforeEach
    void setUp() {
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(Duration.ofSeconds(15).toMillis());
    }

    @Test
    void refundsASucceededPaymentOnceAndFollowsTheRefundWebhooksToRefunded() {
        // a payment created through the API and confirmed by the platform's webhook
        String paymentKey = "key-" + UUID.randomUUID();
        String providerPaymentId = "pay_" + paymentKey;
        BillingPlatformStub.createAnswers(paymentKey, 201, BillingPlatformStub.platformPayment(providerPaymentId, "PENDING"));
        Response created = hub.post("/api/payments", "{\"userId\":\"user-1\",\"orderId\":\"order-" + paymentKey
                        + "\",\"amount\":5000,\"currency\":\"EUR\"}", "Authorization", "Bearer " + HubClient.TEST_API_KEY,
                "Content-Type", "application/json", "Idempotency-Key", paymentKey);
        assertThat(created.status()).isEqualTo(201);
        String paymentId = created.json().path("id").asText();
        webhook("payment.succeeded", providerPaymentId, null);
        awaitStatus(paymentId, PaymentStatus.SUCCEEDED);
        stubRefunds(providerPaymentId, 201, "{\"id\":\"re_" + paymentKey + "\",\"status\":\"PENDING\"}");
        String refundKey = "refund-" + UUID.randomUUID();

        Response accepted = refund(paymentId, "{\"amount\": 1000}", refundKey);

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = accepted.json();
        String refundId = body.path("refundId").asText();
        assertThat(refundId).isNotBlank();
        assertThat(body.path("status").asText()).isEqualTo("PENDING");
        assertThat(body.path("message").asText()).isEqualTo("Refund initiated");
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(refundId)));
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT payment_id, amount, idempotency_key, provider_refund_id FROM refunds WHERE id = ?", refundId);
        assertThat(row.get("payment_id")).isEqualTo(paymentId);
        assertThat(((Number) row.get("amount")).longValue()).isEqualTo(1000);
        assertThat(row.get("idempotency_key")).isEqualTo(refundKey);
        assertThat(row.get("provider_refund_id")).isEqualTo("re_" + paymentKey);
        assertThat(BillingPlatformStub.count(refundCalls(providerPaymentId)
                .withHeader("Idempotency-Key", equalTo(refundKey))
                .withRequestBody(equalToJson("{\"amount\":1000}")))).isEqualTo(1);

        // the same request again: the same refund, no second call to the platform
        Response replay = refund(paymentId, "{\"amount\": 1000}", refundKey);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().path("refundId").asText()).isEqualTo(refundId);
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> BillingPlatformStub.count(refundCalls(providerPaymentId)) == 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM refunds WHERE payment_id = ?", Integer.class, paymentId))
                .isEqualTo(1);

        // the platform reports the refund, then the rest
        webhook("refund.succeeded", providerPaymentId, 1000L);
        awaitStatus(paymentId, PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(hub.getPayment(paymentId).json().path("refundedAmount").asLong()).isEqualTo(1000);
        webhook("refund.succeeded", providerPaymentId, 4000L);
        awaitStatus(paymentId, PaymentStatus.REFUNDED);
        assertThat(payments.findById(paymentId).orElseThrow().refundedAmount()).isEqualTo(5000);
    }

    @Test
    void refundsWithoutAnIdempotencyKeyOnceForARetriedRequest() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");

        Response first = refund(payment.id(), "{\"amount\": 2000}", null);
        Response retried = refund(payment.id(), "{\"amount\": 2000}", null);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().path("refundId").asText()).isEqualTo(first.json().path("refundId").asText());
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(first.json().path("refundId").asText())));
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> BillingPlatformStub.count(refundCalls(payment.providerPaymentId())) == 1);
    }

    @Test
    void refusesAnAmountOverWhatIsLeftToRefund() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");

        Response tooMuch = refund(payment.id(), "{\"amount\": 5001}", "refund-" + UUID.randomUUID());
        assertThat(refund(payment.id(), "{\"amount\": 4000}", "refund-" + UUID.randomUUID()).status()).isEqualTo(202);
        Response overTheRest = refund(payment.id(), "{\"amount\": 1001}", "refund-" + UUID.randomUUID());
        Response zero = refund(payment.id(), "{\"amount\": 0}", "refund-" + UUID.randomUUID());

        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.json().path("code").asText()).isEqualTo("AMOUNT_OUT_OF_RANGE");
        assertThat(overTheRest.status()).isEqualTo(400);
        assertThat(overTheRest.json().path("code").asText()).isEqualTo("AMOUNT_OUT_OF_RANGE");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().path("code").asText()).isEqualTo("AMOUNT_OUT_OF_RANGE");
        assertThat(jdbc.queryForList("SELECT amount FROM refunds WHERE payment_id = ?", Long.class, payment.id()))
                .containsExactly(4000L);
    }

    @Test
    void refusesANonIntegerAmount() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);

        Response response = refund(payment.id(), "{\"amount\": 10.5}", "refund-" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("AMOUNT_NOT_INTEGER");
        assertThat(refundCount(payment.id())).isZero();
    }

    @Test
    void refusesToRefundAPaymentThatHasNotSucceeded() {
        Payment payment = newPayment(PaymentStatus.PROVIDER_PENDING, 5000);

        Response response = refund(payment.id(), "{\"amount\": 1000}", "refund-" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().path("code").asText()).isEqualTo("NOT_REFUNDABLE");
        assertThat(refundCount(payment.id())).isZero();
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId()))).isZero();
    }

    @Test
    void answers404ForAnUnknownPaymentAnd401WithoutAnApiKey() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);

        Response unknown = refund("no-such-payment-" + UUID.randomUUID(), "{\"amount\": 1000}", null);
        Response noKey = hub.post("/api/payments/" + payment.id() + "/refunds", "{\"amount\": 1000}",
                "Content-Type", "application/json");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(refundCount(payment.id())).isZero();
    }

    @Test
    void refusesAnIdempotencyKeyReusedForADifferentRefund() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        Payment other = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        String refundKey = "refund-" + UUID.randomUUID();
        Response first = refund(payment.id(), "{\"amount\": 1000}", refundKey);
        assertThat(first.status()).isEqualTo(202);

        // Stripe's rule (the contract's fallback, and the hub's own rule for payments): the same key with
        // other parameters is an error, never the earlier result passed off as this request's
        Response otherAmount = refund(payment.id(), "{\"amount\": 2000}", refundKey);
        Response otherPayment = refund(other.id(), "{\"amount\": 1000}", refundKey);

        assertThat(otherAmount.status()).as(otherAmount.body()).isEqualTo(409);
        assertThat(otherAmount.json().path("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(otherPayment.status()).as(otherPayment.body()).isEqualTo(409);
        assertThat(otherPayment.json().path("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    @Test
    void refundsTheRestAfterAPartialRefundHasSucceeded() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        Response partial = refund(payment.id(), "{\"amount\": 1000}", "refund-" + UUID.randomUUID());
        assertThat(partial.status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(partial.json().path("refundId").asText())));
        webhook("refund.succeeded", payment.providerPaymentId(), 1000L);
        awaitStatus(payment.id(), PaymentStatus.PARTIALLY_REFUNDED);

        // 1000 of 5000 refunded: 4000 is left
        Response rest = refund(payment.id(), "{\"amount\": 4000}", "refund-" + UUID.randomUUID());

        assertThat(rest.status()).as(rest.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(rest.json().path("refundId").asText())));
    }

    @Test
    void refundsARequestThatAnotherSystemPutOnTheQueue() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");

        sendRefundMessage("{\"paymentId\":\"" + payment.id() + "\",\"amount\":1500}", Map.of());

        await().atMost(WAIT).until(() -> refundCount(payment.id()) == 1
                && "SUBMITTED".equals(jdbc.queryForObject("SELECT status FROM refunds WHERE payment_id = ?", String.class,
                payment.id())));
        Map<String, Object> row = jdbc.queryForMap("SELECT amount, idempotency_key FROM refunds WHERE payment_id = ?", payment.id());
        assertThat(((Number) row.get("amount")).longValue()).isEqualTo(1500);
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId())
                .withHeader("Idempotency-Key", equalTo((String) row.get("idempotency_key")))
                .withRequestBody(equalToJson("{\"amount\":1500}")))).isEqualTo(1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> BillingPlatformStub.count(refundCalls(payment.providerPaymentId())) == 1);
    }

    @Test
    void usesTheIdempotencyKeyPropertyOfAQueuedRefundRequestAndRefundsOnceForTwoCopies() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        String refundKey = "refund-" + UUID.randomUUID();
        String message = "{\"paymentId\":\"" + payment.id() + "\",\"amount\":700}";

        sendRefundMessage(message, Map.of("idempotencyKey", refundKey));
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(jdbc.query(
                "SELECT status FROM refunds WHERE idempotency_key = ?", (rs, row) -> rs.getString(1), refundKey)
                .stream().findFirst().orElse(null)));
        sendRefundMessage(message, Map.of("idempotencyKey", refundKey));

        // the second copy finds the recorded refund: the platform sees one key (and dedupes it), the hub one row
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> refundCount(payment.id()) == 1);
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId())))
                .isEqualTo(BillingPlatformStub.count(refundCalls(payment.providerPaymentId())
                        .withHeader("Idempotency-Key", equalTo(refundKey))));
    }

    @Test
    void marksARefundThePlatformRefusesFailedAndNeverRetriesIt() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 422, "{\"code\":\"REFUND_NOT_ALLOWED\",\"message\":\"Too late\"}");

        Response accepted = refund(payment.id(), "{\"amount\": 5000}", "refund-" + UUID.randomUUID());

        assertThat(accepted.status()).isEqualTo(202);
        String refundId = accepted.json().path("refundId").asText();
        await().atMost(WAIT).until(() -> "FAILED".equals(refundStatus(refundId)));
        assertThat(jdbc.queryForObject("SELECT failure_code FROM refunds WHERE id = ?", String.class, refundId))
                .isEqualTo("REFUND_NOT_ALLOWED");
        await().during(Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> BillingPlatformStub.count(refundCalls(payment.providerPaymentId())) == 1);
        assertThat(payments.findById(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        // a refused refund no longer holds the amount: it can be asked for again
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        assertThat(refund(payment.id(), "{\"amount\": 5000}", "refund-" + UUID.randomUUID()).status()).isEqualTo(202);
    }

    @Test
    void retriesARefundWhileThePlatformIsDownWithTheSameKeyUntilItAnswers() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 503, "{}");

        Response accepted = refund(payment.id(), "{\"amount\": 1000}", "refund-" + UUID.randomUUID());
        assertThat(accepted.status()).isEqualTo(202);
        String refundId = accepted.json().path("refundId").asText();
        // hub.retry.max-attempts (3) calls for the first delivery: the platform is still down after them
        await().atMost(WAIT).until(() -> BillingPlatformStub.count(refundCalls(payment.providerPaymentId())) >= 3);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + refundId + "\",\"status\":\"PENDING\"}");

        await().atMost(Duration.ofSeconds(60)).until(() -> "SUBMITTED".equals(refundStatus(refundId)));
        String key = jdbc.queryForObject("SELECT idempotency_key FROM refunds WHERE id = ?", String.class, refundId);
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId()).withHeader("Idempotency-Key", equalTo(key))))
                .isEqualTo(BillingPlatformStub.count(refundCalls(payment.providerPaymentId())));
    }

    @Test
    void deadLettersARefundMessageWithAnAmountThatIsNotANumber() throws Exception {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        String marker = UUID.randomUUID().toString();
        String message = "{\"paymentId\":\"" + payment.id() + "\",\"amount\":\"abc\"}";

        sendRefundMessage(message, Map.of("testMarker", marker));

        Message dead = receiveDeadLetter(marker);
        assertThat(textOf(dead)).isEqualTo(message);
        assertThat(dead.getStringProperty("hubFailureReason")).contains("amount").contains("integer");
        assertThat(refundCount(payment.id())).isZero();
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId()))).isZero();
    }

    @Test
    void deadLettersARefundMessageForAnUnknownPayment() throws Exception {
        String unknownPayment = "no-such-payment-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        String message = "{\"paymentId\":\"" + unknownPayment + "\",\"amount\":1000}";

        sendRefundMessage(message, Map.of("testMarker", marker));

        Message dead = receiveDeadLetter(marker);
        assertThat(textOf(dead)).isEqualTo(message);
        assertThat(dead.getStringProperty("hubFailureReason")).containsIgnoringCase("payment").containsIgnoringCase("not found");
        assertThat(refundCount(unknownPayment)).isZero();
    }

    @Test
    void deadLettersARefundMessageWhoseIdsNoRowCanHoldInsteadOfRedeliveringItForEver() throws Exception {
        // PostgreSQL refuses a NUL in a query parameter: taken for an outage, such a message would be rolled back for ever
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        String marker = UUID.randomUUID().toString();
        String message = "{\"paymentId\":\"" + payment.id() + "\",\"refundId\":\"re\\u0000x\",\"amount\":1000}";

        sendRefundMessage(message, Map.of("testMarker", marker));

        Message dead = receiveDeadLetter(marker);
        assertThat(dead.getStringProperty("hubFailureReason")).containsIgnoringCase("not recorded");
        assertThat(refundCount(payment.id())).isZero();
    }

    @Test
    void deadLettersARefundMessageThatIsNotJson() throws Exception {
        String marker = UUID.randomUUID().toString();
        String message = "refund please " + marker;

        sendRefundMessage(message, Map.of("testMarker", marker));

        Message dead = receiveDeadLetter(marker);
        assertThat(textOf(dead)).isEqualTo(message);
        assertThat(dead.getStringProperty("hubFailureReason")).contains("JSON");
    }

    @Test
    void neverAcceptsMoreThanThePaymentFromTenParallelRefunds() throws Exception {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Response> answers;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> pending = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // 10 x 1500 = 15000 asked of 5000
                pending.add(clients.submit(() -> {
                    start.await();
                    return refund(payment.id(), "{\"amount\": 1500}", "refund-" + UUID.randomUUID());
                }));
            }
            start.countDown();
            answers = new ArrayList<>();
            for (Future<Response> answer : pending) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }

        long accepted = answers.stream().filter(a -> a.status() == 202).count();
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isIn(202, 400, 409));
        assertThat(accepted).isEqualTo(3);
        List<Long> recorded = jdbc.queryForList("SELECT amount FROM refunds WHERE payment_id = ?", Long.class, payment.id());
        assertThat(recorded.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(5000).isEqualTo(accepted * 1500);
    }

    @Test
    void deadLettersARefundMessageForMoreThanIsLeftEvenWithARefundIdAndKey() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);

        assertForgedRefundDeadLettered(payment, forged(payment, 9000, UUID.randomUUID().toString()), "between 1 and 5000");
    }

    @Test
    void deadLettersARefundMessageWithANegativeAmountEvenWithARefundIdAndKey() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);

        assertForgedRefundDeadLettered(payment, forged(payment, -500, UUID.randomUUID().toString()), "between 1 and 5000");
    }

    @Test
    void deadLettersARefundMessageForAFailedPaymentEvenWithARefundIdAndKey() {
        Payment payment = newPayment(PaymentStatus.FAILED, 5000);

        assertForgedRefundDeadLettered(payment, forged(payment, 1000, UUID.randomUUID().toString()), "cannot be refunded");
    }

    @Test
    void deadLettersARefundMessageNamingARefundTheHubNeverRecorded() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        // an in-range amount and a fresh key: only the refund id says "the API accepted this"
        assertForgedRefundDeadLettered(payment, forged(payment, 1000, UUID.randomUUID().toString()), "not recorded");
    }

    @Test
    void deadLettersARefundMessageThatDoesNotMatchTheRefundTheHubRecorded() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        Response accepted = refund(payment.id(), "{\"amount\": 1000}", "refund-" + UUID.randomUUID());
        assertThat(accepted.status()).isEqualTo(202);
        String refundId = accepted.json().path("refundId").asText();
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(refundStatus(refundId)));
        String marker = UUID.randomUUID().toString();
        // a copy of the genuine message with the amount raised
        String key = jdbc.queryForObject("SELECT idempotency_key FROM refunds WHERE id = ?", String.class, refundId);
        String message = "{\"paymentId\":\"" + payment.id() + "\",\"amount\":4000,\"refundId\":\"" + refundId
                + "\",\"idempotencyKey\":\"" + key + "\"}";

        sendRefundMessage(message, Map.of("testMarker", marker));

        Message dead = receiveDeadLetter(marker);
        assertThat(readProperty(dead, "hubFailureReason")).contains("does not match");
        assertThat(jdbc.queryForList("SELECT amount FROM refunds WHERE payment_id = ?", Long.class, payment.id()))
                .containsExactly(1000L);
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId()))).isEqualTo(1);
    }

    @Test
    void retriesAQueuedRefundOfWhatIsLeftAsTheSameRefundAfterAPlatformOutage() {
        Payment payment = newPayment(PaymentStatus.SUCCEEDED, 5000);
        stubRefunds(payment.providerPaymentId(), 503, "{}");
        String marker = UUID.randomUUID().toString();

        // no amount, no key: "the rest"; its first delivery records the refund, then the platform is down
        sendRefundMessage("{\"paymentId\":\"" + payment.id() + "\"}", Map.of("testMarker", marker));
        await().atMost(WAIT).until(() -> BillingPlatformStub.count(refundCalls(payment.providerPaymentId())) >= 3);
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");

        // the redelivered message is the same refund, although nothing is "left" beside it any more
        await().atMost(WAIT).until(() -> "SUBMITTED".equals(jdbc.query("SELECT status FROM refunds WHERE payment_id = ?",
                (rs, row) -> rs.getString(1), payment.id()).stream().findFirst().orElse(null)));
        assertThat(jdbc.queryForList("SELECT amount FROM refunds WHERE payment_id = ?", Long.class, payment.id()))
                .containsExactly(5000L);
        jms.setReceiveTimeout(1000);
        assertThat(jms.receiveSelected(dlq(), "testMarker = '" + marker + "'")).isNull();
    }

    private static String forged(Payment payment, long amount, String refundId) {
        return "{\"paymentId\":\"" + payment.id() + "\",\"amount\":" + amount + ",\"refundId\":\"" + refundId
                + "\",\"idempotencyKey\":\"forged-" + UUID.randomUUID() + "\"}";
    }

    private void assertForgedRefundDeadLettered(Payment payment, String message, String reason) {
        stubRefunds(payment.providerPaymentId(), 201, "{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}");
        String marker = UUID.randomUUID().toString();

        sendRefundMessage(message, Map.of("testMarker", marker));

        Message dead = receiveDeadLetter(marker);
        try {
            assertThat(textOf(dead)).isEqualTo(message);
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
        assertThat(readProperty(dead, "hubFailureReason")).contains(reason);
        assertThat(refundCount(payment.id())).isZero();
        assertThat(BillingPlatformStub.count(refundCalls(payment.providerPaymentId()))).isZero();
    }

    private static String readProperty(Message message, String name) {
        try {
            return message.getStringProperty(name);
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    // --- helpers

    private Payment newPayment(PaymentStatus status, long amount) {
        return registry.register(new NewPayment("billing", "pay_" + UUID.randomUUID(), status, "user-" + UUID.randomUUID(),
                "order-" + UUID.randomUUID(), amount, "EUR", "key-" + UUID.randomUUID(), null));
    }

    private Response refund(String paymentId, String body, String idempotencyKey) {
        if (idempotencyKey == null) {
            return hub.post("/api/payments/" + paymentId + "/refunds", body,
                    "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json");
        }
        return hub.post("/api/payments/" + paymentId + "/refunds", body,
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", idempotencyKey);
    }

    private void webhook(String eventType, String providerPaymentId, Long amount) {
        String body = "{\"eventId\":\"evt_" + UUID.randomUUID() + "\",\"eventType\":\"" + eventType + "\",\"createdAt\":\""
                + Instant.now() + "\",\"data\":{\"paymentId\":\"" + providerPaymentId + "\""
                + (amount == null ? "" : ",\"amount\":" + amount) + "}}";
        assertThat(hub.sendWebhook(body).status()).isEqualTo(200);
    }

    private void awaitStatus(String paymentId, PaymentStatus status) {
        await().atMost(WAIT).until(() -> payments.findById(paymentId).orElseThrow().status() == status);
    }

    private String refundStatus(String refundId) {
        List<String> rows = jdbc.query("SELECT status FROM refunds WHERE id = ?", (rs, row) -> rs.getString(1), refundId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private int refundCount(String paymentId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM refunds WHERE payment_id = ?", Integer.class, paymentId);
    }

    private static void stubRefunds(String providerPaymentId, int status, String json) {
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments/" + providerPaymentId + "/refunds"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
    }

    private static RequestPatternBuilder refundCalls(String providerPaymentId) {
        return postRequestedFor(urlPathEqualTo("/payments/" + providerPaymentId + "/refunds"));
    }

    private void sendRefundMessage(String body, Map<String, String> properties) {
        jms.send(REFUNDS, session -> {
            TextMessage message = session.createTextMessage(body);
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            return message;
        });
    }

    private Message receiveDeadLetter(String marker) {
        Message dead = jms.receiveSelected(dlq(), "testMarker = '" + marker + "'");
        assertThat(dead).as("dead letter with testMarker " + marker).isNotNull();
        return dead;
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
}
