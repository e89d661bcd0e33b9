package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.TestClock;
import io.paymenthub.support.WebhookSigner;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The route purgeWebhookEvents as a whole hub runs it (its timer replaced, by route id, with a direct endpoint the
 * test calls), with the hub's clock in the test's hand, and webhooks sent signed through the real endpoint: a key one
 * second younger than its provider's horizon is kept and its late retry answered "duplicate", older keys are purged in
 * batches until none is due (and such a retry is then new), the rows the endpoint writes age on the hub's clock, and
 * billing (30 days, the default) and cheqpay (7 days here) have horizons of their own.
 */
@UseAdviceWith
@DirtiesContext
class PurgeWebhookEventsRouteTest extends HubRouteTestBase {

    private static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final String PURGE = "direct:purgeWebhookEventsForTest";
    private static final String CHEQPAY_SECRET = "cheqpay-webhook-secret-for-retention";
    private static final Duration BILLING_HORIZON = Duration.ofDays(30);
    private static final Duration CHEQPAY_HORIZON = Duration.ofDays(7);

    @DynamicPropertySource
    static void retention(DynamicPropertyRegistry registry) {
        registry.add("hub.providers.cheqpay.webhook-secrets", () -> CHEQPAY_SECRET);
        registry.add("hub.providers.cheqpay.webhook-retention", () -> "7d");
        // small batches, so that a few rows take several transactions
        registry.add("hub.webhooks.retention.batch-size", () -> "2");
    }

    @TestBean(name = "clock", methodName = "testClock")
    Clock clock;

    static Clock testClock() {
        return CLOCK;
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private static CamelContext advised;
    private HubClient billing;
    private HubClient cheqpay;

    @BeforeEach
    void adviseOnceAndPurgeWhatEarlierTestsLeftDue() throws Exception {
        if (advised != camel) {
            advised = camel;
            AdviceWith.adviceWith(camel, "purgeWebhookEvents", route -> route.replaceFromWith(PURGE));
            if (!camel.isStarted()) {
                camel.start();
            }
        }
        billing = new HubClient(port);
        cheqpay = new HubClient(port, WebhookSigner.hmacSha256Hex(CHEQPAY_SECRET));
        purge();
    }

    @Test
    void aLateRetryOneSecondInsideTheHorizonIsADuplicateWhileOlderKeysArePurgedInBatches() {
        // recorded by another instance (or before a restart): this instance's cache of recent keys knows none of
        // them, so only the table can answer the retries
        Instant now = CLOCK.instant();
        String young = recorded("billing", now.minus(BILLING_HORIZON).plusSeconds(1));
        List<String> old = List.of(recorded("billing", now.minus(BILLING_HORIZON).minusSeconds(1)),
                recorded("billing", now.minus(BILLING_HORIZON).minusSeconds(2)),
                recorded("billing", now.minus(BILLING_HORIZON).minus(Duration.ofDays(3))),
                recorded("billing", now.minus(BILLING_HORIZON).minus(Duration.ofDays(40))),
                recorded("billing", now.minus(BILLING_HORIZON).minus(Duration.ofDays(400))));
        double purgedBefore = purged("billing");

        Map<String, Long> run;
        try (LogCapture log = LogCapture.start()) {
            run = purge();

            assertThat(log.matching(event -> event.getLevel() == Level.INFO
                    && event.getFormattedMessage().startsWith("Webhook events purged")))
                    .singleElement()
                    .satisfies(line -> assertThat(line.getFormattedMessage()).contains("rows=5", "billing=5 (horizon 30d)"));
        }

        // 5 due rows at 2 a transaction: one run takes them all (2 + 2 + 1)
        assertThat(run).containsExactlyEntriesOf(Map.of("billing", 5L));
        assertThat(purged("billing")).isEqualTo(purgedBefore + 5);
        assertThat(old).allSatisfy(eventId -> assertThat(recordedRows("billing", eventId)).isZero());
        assertThat(recordedRows("billing", young)).isOne();

        Response lateRetry = billing.sendWebhook("billing", billingEvent(young), CLOCK.instant(), "application/json");
        Response retryPastTheHorizon = billing.sendWebhook("billing", billingEvent(old.get(0)), CLOCK.instant(), "application/json");

        assertThat(lateRetry.status()).isEqualTo(200);
        assertThat(lateRetry.json().toString()).isEqualTo("{\"received\":true,\"duplicate\":true}");
        // its key is gone: the platform retried past the horizon it was given, and the event is taken as new
        assertThat(retryPastTheHorizon.status()).isEqualTo(200);
        assertThat(retryPastTheHorizon.json().toString()).isEqualTo("{\"received\":true}");
    }

    @Test
    void theEndpointsKeysAgeOnTheHubsClockEachAgainstItsOwnProvidersHorizon() {
        // the keys other tests of this context left (younger than their horizon now) may fall due as the clock moves:
        // the assertions are about this test's own keys, and the counter must match what the runs said they deleted
        String billingEvent = newEventId();
        String cheqpayEvent = newEventId();
        assertThat(billing.sendWebhook("billing", billingEvent(billingEvent), CLOCK.instant(), "application/json").status())
                .isEqualTo(200);
        assertThat(cheqpay.sendWebhook("cheqpay", cheqpayEvent(cheqpayEvent), CLOCK.instant(), "application/json").status())
                .isEqualTo(200);
        double billingBefore = purged("billing");
        double cheqpayBefore = purged("cheqpay");
        long billingDeleted = 0;

        CLOCK.advance(CHEQPAY_HORIZON.minusSeconds(1));
        Map<String, Long> insideCheqpaysHorizon = purge();
        billingDeleted += insideCheqpaysHorizon.getOrDefault("billing", 0L);
        assertThat(insideCheqpaysHorizon).doesNotContainKey("cheqpay");
        assertThat(recordedRows("cheqpay", cheqpayEvent)).isOne();

        CLOCK.advance(Duration.ofSeconds(2));
        Map<String, Long> pastCheqpaysHorizon = purge();
        billingDeleted += pastCheqpaysHorizon.getOrDefault("billing", 0L);
        assertThat(pastCheqpaysHorizon).containsEntry("cheqpay", 1L);
        assertThat(recordedRows("cheqpay", cheqpayEvent)).isZero();
        assertThat(recordedRows("billing", billingEvent)).as("billing keeps 30 days").isOne();

        CLOCK.advance(BILLING_HORIZON.minus(CHEQPAY_HORIZON).minusSeconds(2));
        billingDeleted += purge().getOrDefault("billing", 0L);
        assertThat(recordedRows("billing", billingEvent)).as("a second inside billing's horizon").isOne();
        Response lateRetry = billing.sendWebhook("billing", billingEvent(billingEvent), CLOCK.instant(), "application/json");
        assertThat(lateRetry.json().toString()).isEqualTo("{\"received\":true,\"duplicate\":true}");

        CLOCK.advance(Duration.ofSeconds(2));
        Map<String, Long> pastBillingsHorizon = purge();
        billingDeleted += pastBillingsHorizon.getOrDefault("billing", 0L);
        assertThat(pastBillingsHorizon.get("billing")).isPositive();
        assertThat(recordedRows("billing", billingEvent)).isZero();
        assertThat(purged("billing")).isEqualTo(billingBefore + billingDeleted);
        assertThat(purged("cheqpay")).isEqualTo(cheqpayBefore + 1);
        assertThat(billing.get("/actuator/prometheus").body())
                .contains("hub_webhook_events_purged_total{application=\"payment-hub\",provider=\"billing\"}")
                .contains("hub_webhook_events_purged_total{application=\"payment-hub\",provider=\"cheqpay\"}");
    }

    @Test
    void aRunThatPurgesNothingWritesNoLine() {
        recorded("billing", CLOCK.instant().minus(BILLING_HORIZON).plusSeconds(1));

        try (LogCapture log = LogCapture.start()) {
            assertThat(purge()).isEmpty();
            assertThat(log.containing("Webhook events purged")).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> purge() {
        return producer.requestBody(PURGE, null, Map.class);
    }

    private String recorded(String provider, Instant processedAt) {
        String eventId = newEventId();
        jdbc.update("INSERT INTO webhook_events (provider, event_id, event_type, payment_id, processed_at) VALUES (?, ?, ?, ?, ?)",
                provider, eventId, "payment.succeeded", null, Timestamp.from(processedAt));
        return eventId;
    }

    private int recordedRows(String provider, String eventId) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE provider = ? AND event_id = ?",
                Integer.class, provider, eventId);
        return rows == null ? 0 : rows;
    }

    private double purged(String provider) {
        return meters.get("hub.webhook.events.purged").tag("provider", provider).counter().count();
    }

    private static String billingEvent(String eventId) {
        return ReceiveWebhookRouteTest.event(eventId, "payment.pending", "pay_" + eventId);
    }

    private static String cheqpayEvent(String eventId) {
        return "{\"id\":\"" + eventId + "\",\"event\":\"payment.auth.pending\",\"data\":{\"paymentOrder\":"
                + "{\"id\":\"ord_" + eventId + "\",\"externalId\":\"order_" + eventId + "\",\"status\":\"PENDING\","
                + "\"amount\":5000,\"currency\":\"MXN\",\"refundedAmount\":0}}}";
    }

    private static String newEventId() {
        return "evt_" + UUID.randomUUID();
    }
}
