package io.paymenthub.billing;

import io.paymenthub.support.SharedPlatformRouteTestBase;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.apiGet;
import static io.paymenthub.billing.PaymentFlows.apiPost;
import static io.paymenthub.billing.PaymentFlows.awaitStatus;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.createFor;
import static io.paymenthub.billing.PaymentFlows.creates;
import static io.paymenthub.billing.PaymentFlows.history;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.newEventId;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static io.paymenthub.billing.PaymentFlows.payment;
import static io.paymenthub.billing.PaymentFlows.statuses;
import static io.paymenthub.billing.PaymentFlows.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's test scenarios (seed 000, "Test Scenarios") end to end: a merchant creates a payment through
 * the API, the stand-in platform answers, and signed webhooks move it on. Each test checks the three effects:
 * the calls the platform saw, the payment as the hub reports it, and the payments.events topic.
 */
class PaymentScenariosRouteTest extends SharedPlatformRouteTestBase {

    private static final String SUCCEEDED_MESSAGE = "Payment successful! Thank you for your purchase.";

    TopicRecorder topic;

    @BeforeEach
    void subscribe() throws Exception {
        topic = new TopicRecorder(connectionFactory, "payments.events");
    }

    @AfterEach
    void unsubscribe() throws Exception {
        topic.close();
    }

    // --- successful payment flow -----------------------------------------------------------------------------

    @Test
    void aPaymentConfirmedByThePlatformEndsSucceededWithItsHistoryInOrderAndAnEventPerStatusChange() {
        String key = newKey("success");
        String providerPaymentId = acceptCreate(platform, key);

        Response created = create(hub, key);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(created.json().path("providerPaymentId").asText()).isEqualTo(providerPaymentId);
        String id = created.json().path("id").asText();

        String pending = newEventId("payment.pending");
        assertThat(hub.sendWebhook(webhook(pending, "payment.pending", providerPaymentId, "PENDING")).json().toString())
                .isEqualTo("{\"received\":true}");
        await().atMost(WAIT).until(() -> history(payment(hub, id), "eventId").contains(pending));
        String succeeded = newEventId("payment.succeeded");
        assertThat(hub.sendWebhook(webhook(succeeded, "payment.succeeded", providerPaymentId, "SUCCEEDED")).json().toString())
                .isEqualTo("{\"received\":true}");

        JsonNode done = awaitStatus(hub, id, "SUCCEEDED");
        assertThat(done.path("statusMessage").asText()).isEqualTo(SUCCEEDED_MESSAGE);
        assertThat(history(done, "eventId")).containsExactly(pending, succeeded);
        assertThat(history(done, "eventType")).containsExactly("payment.pending", "payment.succeeded");
        assertThat(history(done, "status")).containsExactly("PROVIDER_PENDING", "SUCCEEDED");
        assertThat(statusInDatabase(id)).isEqualTo("SUCCEEDED");
        // the platform's answer (CREATED -> PROVIDER_PENDING) and the webhook (-> SUCCEEDED) are the two changes
        await().atMost(WAIT).until(() -> topic.forPayment(id).size() >= 2);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> topic.forPayment(id).size() == 2);
        List<JsonNode> events = topic.forPayment(id);
        assertThat(statuses(events)).containsExactly("PROVIDER_PENDING", "SUCCEEDED");
        assertThat(events.get(1).path("eventId").asText()).isEqualTo(succeeded);
        assertThat(events.get(1).path("eventType").asText()).isEqualTo("payment.succeeded");
        assertThat(events.get(1).path("orderId").asText()).isEqualTo(PaymentFlows.orderFor(key));
        assertThat(creates(platform, key)).isEqualTo(1);
    }

    // --- failed payment (declined card) ------------------------------------------------------------------------

    @Test
    void aDeclinedCardFailsThePaymentAt402WithoutRetryAndIsCountedByReason() {
        String key = newKey("declined");
        platform.stubFor(createFor(key).willReturn(json(402, "{\"code\":\"DECLINED\",\"message\":\"Card declined\"}")));
        double declinedBefore = failureCount("DECLINED");

        Response response = create(hub, key);

        assertThat(response.status()).isEqualTo(402);
        JsonNode payment = response.json();
        assertThat(payment.path("status").asText()).isEqualTo("FAILED");
        assertThat(payment.path("failureCode").asText()).isEqualTo("DECLINED");
        assertThat(payment.path("statusMessage").asText()).contains("declined");
        assertThat(creates(platform, key)).isEqualTo(1);
        assertThat(payment(hub, payment.path("id").asText()).path("status").asText()).isEqualTo("FAILED");
        assertThat(failureCount("DECLINED")).isEqualTo(declinedBefore + 1);
        await().atMost(WAIT).until(() -> statuses(topic.forPayment(payment.path("id").asText())).contains("FAILED"));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> creates(platform, key) == 1);
    }

    @Test
    void aDeclinedCardIsLoggedOnceAsAWarningWithoutAStackTrace() {
        String key = newKey("declined-quiet");
        platform.stubFor(createFor(key).willReturn(json(402, "{\"code\":\"DECLINED\",\"message\":\"Card declined\"}")));

        try (LogCapture log = LogCapture.start()) {
            assertThat(create(hub, key).status()).isEqualTo(402);

            // a customer's decline is an answer of the platform, not an error of the hub
            assertThat(log.errors()).as("ERROR entries" + LogCapture.describe(log.errors())).isEmpty();
            assertThat(log.withStackTrace()).as("entries with a stack trace" + LogCapture.describe(log.withStackTrace())).isEmpty();
            assertThat(log.containing("Payment refused by the platform")).hasSize(1);
        }
    }

    // --- expired payment ---------------------------------------------------------------------------------------

    @Test
    void aPaymentTheCustomerDoesNotCompleteInTimeEndsExpired() {
        String key = newKey("expired");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();

        String expired = newEventId("payment.expired");
        assertThat(hub.sendWebhook(webhook(expired, "payment.expired", providerPaymentId, "EXPIRED")).status()).isEqualTo(200);

        JsonNode done = awaitStatus(hub, id, "EXPIRED");
        assertThat(done.path("statusMessage").asText()).isEqualTo("Payment session expired. Please start a new payment.");
        assertThat(history(done, "eventId")).containsExactly(expired);
        await().atMost(WAIT).until(() -> statuses(topic.forPayment(id)).equals(List.of("PROVIDER_PENDING", "EXPIRED")));
    }

    // --- cancelled payment ---------------------------------------------------------------------------------------

    @Test
    void cancelsAPendingPaymentAtThePlatformAndAnswersCancelled() {
        String key = newKey("cancel");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        platform.stubFor(post(urlPathEqualTo("/payments/" + providerPaymentId + "/cancel"))
                .willReturn(json(200, BillingPlatformStub.platformPayment(providerPaymentId, "CANCELLED"))));

        Response cancelled = apiPost(hub, "/api/payments/" + id + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("id").asText()).isEqualTo(id);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("statusMessage").asText()).isEqualTo("Payment cancelled.");
        assertThat(cancelCalls(providerPaymentId)).isEqualTo(1);
        assertThat(statusInDatabase(id)).isEqualTo("CANCELLED");
        await().atMost(WAIT).until(() -> statuses(topic.forPayment(id)).equals(List.of("PROVIDER_PENDING", "CANCELLED")));
    }

    @Test
    void answersNotCancellableAndKeepsTheStatusWhenThePlatformRefusesToCancel() {
        String key = newKey("cancel-refused");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        platform.stubFor(post(urlPathEqualTo("/payments/" + providerPaymentId + "/cancel"))
                .willReturn(json(409, "{\"code\":\"NOT_CANCELLABLE\",\"message\":\"Payment is being captured\"}")));

        Response refused = apiPost(hub, "/api/payments/" + id + "/cancel", "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("NOT_CANCELLABLE");
        assertThat(refused.json().path("error").asText()).isNotBlank();
        assertThat(cancelCalls(providerPaymentId)).isEqualTo(1);
        assertThat(payment(hub, id).path("status").asText()).isEqualTo("PROVIDER_PENDING");
    }

    @Test
    void refusesToCancelASucceededPaymentWithoutAskingThePlatform() {
        String key = newKey("cancel-succeeded");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        hub.sendWebhook(webhook(newEventId("payment.succeeded"), "payment.succeeded", providerPaymentId, "SUCCEEDED"));
        awaitStatus(hub, id, "SUCCEEDED");
        // were the hub to ask, the platform would agree: only the hub's own refusal keeps it SUCCEEDED
        platform.stubFor(post(urlPathEqualTo("/payments/" + providerPaymentId + "/cancel"))
                .willReturn(json(200, BillingPlatformStub.platformPayment(providerPaymentId, "CANCELLED"))));

        Response refused = apiPost(hub, "/api/payments/" + id + "/cancel", "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("NOT_CANCELLABLE");
        assertThat(cancelCalls(providerPaymentId)).isZero();
        assertThat(payment(hub, id).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    // --- duplicate webhook delivery ------------------------------------------------------------------------------

    @Test
    void aWebhookDeliveredTwiceIsAnsweredDuplicateAndAppliedOnce() {
        String key = newKey("duplicate");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        String eventId = newEventId("payment.succeeded");
        String body = webhook(eventId, "payment.succeeded", providerPaymentId, "SUCCEEDED");

        Response first = hub.sendWebhook(body);
        Response second = hub.sendWebhook(body);

        assertThat(first.json().toString()).isEqualTo("{\"received\":true}");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().toString()).isEqualTo("{\"received\":true,\"duplicate\":true}");
        awaitStatus(hub, id, "SUCCEEDED");
        await().during(Duration.ofMillis(500)).atMost(WAIT)
                .until(() -> history(payment(hub, id), "eventId").equals(List.of(eventId)));
        await().atMost(WAIT).until(() -> statuses(topic.forPayment(id)).equals(List.of("PROVIDER_PENDING", "SUCCEEDED")));
    }

    // --- webhook signature verification failure --------------------------------------------------------------

    @Test
    void aWebhookWithAForgedOrStaleSignatureIsRefusedAndChangesNothing() {
        String key = newKey("forged");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        String eventId = newEventId("payment.succeeded");
        String body = webhook(eventId, "payment.succeeded", providerPaymentId, "SUCCEEDED");
        HubClient forger = new HubClient(port, "whsec_" + Base64.getEncoder().encodeToString("not-the-platform-secret-0123".getBytes()));

        Response forged = forger.sendWebhook(body);
        Response stale = hub.sendWebhook("billing", body, Instant.now().minus(Duration.ofMinutes(10)), "application/json");

        for (Response refused : List.of(forged, stale)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().path("code").asText()).isEqualTo("INVALID_SIGNATURE");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE event_id = ?", Integer.class, eventId)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id = ?", Integer.class, eventId)).isZero();
        JsonNode unchanged = payment(hub, id);
        assertThat(unchanged.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(unchanged.path("history")).isEmpty();
        // nothing was marked as processed: the genuine delivery of the same event is still taken as new
        assertThat(hub.sendWebhook(body).json().toString()).isEqualTo("{\"received\":true}");
        assertThat(history(awaitStatus(hub, id, "SUCCEEDED"), "eventId")).containsExactly(eventId);
    }

    // --- idempotency key conflict ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a different amount,   user-1, 6000, EUR",
            "a different currency, user-1, 5000, USD",
            "a different user,     user-2, 5000, EUR"})
    void reusingAKeyForADifferentPaymentIsAConflictAndNeverReachesThePlatform(String change, String userId, long amount,
                                                                             String currency) {
        String key = newKey("conflict");
        acceptCreate(platform, key);
        Response original = create(hub, key, "user-1", 5000, "EUR");
        assertThat(original.status()).isEqualTo(201);

        Response conflict = create(hub, key, userId, amount, currency);

        assertThat(conflict.status()).as(change).isEqualTo(409);
        assertThat(conflict.json().path("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(conflict.json().path("error").asText()).isNotBlank();
        assertThat(creates(platform, key)).isEqualTo(1);
        assertThat(paymentRowsForOrder(PaymentFlows.orderFor(key))).isEqualTo(1);
        JsonNode kept = payment(hub, original.json().path("id").asText());
        assertThat(kept.path("amount").asLong()).isEqualTo(5000);
        assertThat(kept.path("currency").asText()).isEqualTo("EUR");
        assertThat(kept.path("userId").asText()).isEqualTo("user-1");
    }

    // --- a webhook that overtakes the platform's answer (contract section 2) ------------------------------------

    @Test
    void aWebhookThatArrivesBeforeThePlatformAnswersIsAppliedOnceThePaymentIsKnown() throws Exception {
        String key = newKey("overtaken");
        String providerPaymentId = "pay_" + key;
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment(providerPaymentId, "PENDING"))
                .withFixedDelay(1500)));

        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> create(hub, key));
        await().atMost(WAIT).until(() -> creates(platform, key) == 1);
        String eventId = newEventId("payment.succeeded");
        Response early = hub.sendWebhook(webhook(eventId, "payment.succeeded", providerPaymentId, "SUCCEEDED"));
        assertThat(inFlight).as("precondition: the webhook arrived while the create was in flight").isNotDone();

        assertThat(early.json().toString()).isEqualTo("{\"received\":true}");
        Response created = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asText();
        JsonNode done = awaitStatus(hub, id, "SUCCEEDED");
        assertThat(done.path("providerPaymentId").asText()).isEqualTo(providerPaymentId);
        assertThat(history(done, "eventId")).containsExactly(eventId);
        assertThat(done.path("history").get(0).has("ignored")).isFalse();
        await().during(Duration.ofMillis(500)).atMost(WAIT)
                .until(() -> history(payment(hub, id), "eventId").equals(List.of(eventId)));
        await().atMost(WAIT).until(() -> statuses(topic.forPayment(id)).equals(List.of("PROVIDER_PENDING", "SUCCEEDED")));
        assertThat(creates(platform, key)).isEqualTo(1);
    }

    // --- verify before granting access ---------------------------------------------------------------------------

    @Test
    void verifyAsksThePlatformAndStoresTheStatusItReports() {
        String key = newKey("verify");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        platform.stubFor(get(urlPathEqualTo("/payments/" + providerPaymentId))
                .willReturn(json(200, BillingPlatformStub.platformPayment(providerPaymentId, "SUCCEEDED"))));

        Response unverified = apiGet(hub, "/api/payments/" + id);
        assertThat(unverified.json().path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(platformReads(providerPaymentId)).isZero();

        Response verified = apiGet(hub, "/api/payments/" + id + "?verify=true");

        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(verified.json().path("statusMessage").asText()).isEqualTo(SUCCEEDED_MESSAGE);
        assertThat(platformReads(providerPaymentId)).isEqualTo(1);
        assertThat(statusInDatabase(id)).isEqualTo("SUCCEEDED");
        await().atMost(WAIT).until(() -> statuses(topic.forPayment(id)).equals(List.of("PROVIDER_PENDING", "SUCCEEDED")));
    }

    @Test
    void verifyAnswersUnavailableRatherThanAStaleStatusWhenThePlatformIsDown() {
        String key = newKey("verify-down");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        platform.stubFor(get(urlPathEqualTo("/payments/" + providerPaymentId)).willReturn(aResponse().withStatus(503)));

        Response response = apiGet(hub, "/api/payments/" + id + "?verify=true");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(response.json().has("status")).isFalse();
        assertThat(platformReads(providerPaymentId)).isEqualTo(3);
        assertThat(statusInDatabase(id)).isEqualTo("PROVIDER_PENDING");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private int cancelCalls(String providerPaymentId) {
        return platform.countRequestsMatching(
                postRequestedFor(urlPathEqualTo("/payments/" + providerPaymentId + "/cancel")).build()).getCount();
    }

    private int platformReads(String providerPaymentId) {
        return platform.countRequestsMatching(getRequestedFor(urlPathEqualTo("/payments/" + providerPaymentId)).build()).getCount();
    }

    /** {@code billing_payments_failure_total{reason=...}} from /actuator/prometheus, 0 while it does not exist. */
    private double failureCount(String reason) {
        Response scrape = hub.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Matcher line = Pattern.compile("(?m)^billing_payments_failure_total\\{[^}]*reason=\"" + Pattern.quote(reason)
                + "\"[^}]*} (\\S+)$").matcher(scrape.body());
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
