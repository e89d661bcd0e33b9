package io.paymenthub.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.creates;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.newEventId;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static io.paymenthub.billing.PaymentFlows.orderFor;
import static io.paymenthub.billing.PaymentFlows.payment;
import static io.paymenthub.billing.PaymentFlows.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import io.paymenthub.support.TestClock;
import io.paymenthub.support.TopicRecorder;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * Reconciliation (routes/payments/reconcilePayments.yaml) as a whole hub runs it against the stand-in billing platform,
 * with the hub's clock in the test's hand: a missed webhook is backfilled through the webhook's transition and the late
 * webhook is a no-op, an interrupted create is submitted again with its own key, the back-off schedule asks no earlier
 * than due and stops at the limit, and the admin call starts a run. Each test moves the clock past every earlier
 * test's schedule first, so a run takes the test's own payment and earlier ones only on their own stubs.
 */
@DirtiesContext
class ReconciliationRouteTest extends SharedPlatformRouteTestBase {

    private static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final String RUN = "direct:reconcileDuePayments";

    @DynamicPropertySource
    static void reconciliation(DynamicPropertyRegistry registry) {
        registry.add("hub.reconciliation.max-attempts", () -> "3");
        // the background retry's sweep would also submit an interrupted create: kept out of these tests' way
        registry.add("hub.retry.queue-poll-interval", () -> "3600000");
    }

    @TestBean(name = "clock", methodName = "testClock")
    Clock clock;

    static Clock testClock() {
        return CLOCK;
    }

    @Autowired
    ProducerTemplate producer;
    @Autowired
    MeterRegistry meters;

    TopicRecorder topic;

    @BeforeEach
    void subscribe() throws Exception {
        topic = new TopicRecorder(connectionFactory, "payments.events");
        // earlier tests' payments have used up their questions or moved on; a day later none of them is due again
        CLOCK.advance(Duration.ofDays(1));
        producer.requestBody(RUN, "");
    }

    @AfterEach
    void unsubscribe() throws Exception {
        topic.close();
    }

    @Test
    void aMissedWebhookIsBackfilledAndTheLateWebhookChangesNothing() {
        String key = newKey("reconcile-missed");
        String platformId = acceptCreate(platform, key);
        JsonNode created = create(hub, key).json();
        String id = created.path("id").asText();
        assertThat(created.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        platform.stubFor(get(urlEqualTo("/payments/" + platformId))
                .willReturn(json(200, BillingPlatformStub.platformPayment(platformId, "SUCCEEDED"))));
        double updatedBefore = counted("updated");

        CLOCK.advance(Duration.ofMinutes(11));
        producer.requestBody(RUN, "");

        JsonNode reconciled = payment(hub, id);
        assertThat(reconciled.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(reconciled.path("history")).singleElement().satisfies(entry -> {
            assertThat(entry.path("source").asText()).isEqualTo("reconciliation");
            assertThat(entry.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(entry.path("eventType").asText()).isEqualTo("payment.succeeded");
        });
        assertThat(counted("updated")).isEqualTo(updatedBefore + 1);

        String lateEvent = newEventId("payment.succeeded");
        // signed at the hub's time, which the test moved on
        assertThat(hub.sendWebhook("billing", webhook(lateEvent, "payment.succeeded", platformId, "SUCCEEDED"), CLOCK.instant(),
                "application/json").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> payment(hub, id).path("history").path(0).path("eventId").asText(), lateEvent::equals);

        JsonNode after = payment(hub, id);
        assertThat(after.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(after.path("history")).singleElement()
                .satisfies(entry -> assertThat(entry.path("source").asText()).isEqualTo("reconciliation"));
        // pending from the create answer, succeeded from reconciliation: the late webhook announced nothing more
        await().atMost(WAIT).until(() -> topic.forPayment(id).size() >= 2);
        assertThat(PaymentFlows.statuses(topic.forPayment(id))).containsExactly("PROVIDER_PENDING", "SUCCEEDED");
    }

    @Test
    void anInterruptedCreateIsSubmittedAgainWithItsOwnKeyAndCreatedOnce() {
        String key = newKey("reconcile-interrupted");
        String platformId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        // what a hub that died while the platform answered leaves behind: CREATED, the platform's id never recorded
        jdbc.update("UPDATE payments SET status = 'CREATED', provider_payment_id = NULL, attempt_id = NULL, "
                + "attempt_until = NULL WHERE id = ?", id);

        CLOCK.advance(Duration.ofMinutes(11));
        producer.requestBody(RUN, "");

        assertThat(creates(platform, key)).isEqualTo(2);
        assertThat(paymentRowsForOrder(orderFor(key))).isEqualTo(1);
        JsonNode resubmitted = payment(hub, id);
        assertThat(resubmitted.path("status").asText()).isEqualTo("PROVIDER_PENDING");
        assertThat(resubmitted.path("providerPaymentId").asText()).isEqualTo(platformId);
    }

    @Test
    void aPaymentIsNotAskedBeforeItsTimeAndTheQuestionsStopAtTheLimit() {
        String key = newKey("reconcile-backoff");
        String platformId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        platform.stubFor(get(urlEqualTo("/payments/" + platformId))
                .willReturn(json(200, BillingPlatformStub.platformPayment(platformId, "PENDING"))));
        double gaveUpBefore = counted("gave_up");

        CLOCK.advance(Duration.ofMinutes(10));
        producer.requestBody(RUN, "");
        assertThat(asked(platformId)).as("stale, but the first question is a minute later").isZero();

        CLOCK.advance(Duration.ofMinutes(1));
        producer.requestBody(RUN, "");
        producer.requestBody(RUN, "");
        assertThat(asked(platformId)).as("asked once, then not again before check-interval").isEqualTo(1);

        CLOCK.advance(Duration.ofMinutes(5));
        producer.requestBody(RUN, "");
        CLOCK.advance(Duration.ofMinutes(5));
        producer.requestBody(RUN, "");
        assertThat(asked(platformId)).isEqualTo(3);
        assertThat(counted("gave_up")).isEqualTo(gaveUpBefore + 1);

        CLOCK.advance(Duration.ofMinutes(5));
        producer.requestBody(RUN, "");
        assertThat(asked(platformId)).as("max-attempts 3").isEqualTo(3);
        assertThat(counted("gave_up")).isEqualTo(gaveUpBefore + 1);
        assertThat(statusInDatabase(id)).isEqualTo("PROVIDER_PENDING");
    }

    @Test
    void theAdminCallStartsARunNow() {
        String key = newKey("reconcile-admin");
        String platformId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        platform.stubFor(get(urlEqualTo("/payments/" + platformId))
                .willReturn(json(200, BillingPlatformStub.platformPayment(platformId, "FAILED"))));
        CLOCK.advance(Duration.ofMinutes(11));

        Response started = hub.post("/api/admin/reconciliation", "", "Authorization", "Bearer " + HubClient.TEST_ADMIN_KEY);

        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().path("started").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> statusInDatabase(id), "FAILED"::equals);
        assertThat(payment(hub, id).path("history").path(0).path("source").asText()).isEqualTo("reconciliation");
    }

    @Test
    void theAdminCallNeedsAnAdminKey() {
        assertThat(hub.post("/api/admin/reconciliation", "", "Authorization", "Bearer " + HubClient.TEST_API_KEY).status())
                .isEqualTo(403);
        assertThat(hub.post("/api/admin/reconciliation", "").status()).isEqualTo(401);
    }

    private int asked(String platformId) {
        return platform.countRequestsMatching(getRequestedFor(urlEqualTo("/payments/" + platformId)).build()).getCount();
    }

    private double counted(String outcome) {
        var counter = meters.find("hub.reconciliation.payments").tag("provider", "billing").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
