package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.LogCapture;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.HubClient.Response;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.SetPropertyDefinition;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.UncategorizedJmsException;
import org.springframework.test.annotation.DirtiesContext;

/**
 * When the broker or the database fails during the hand-off, the platform gets 503 and nothing is
 * marked as processed, so its retry is accepted as new and applied: the event is never lost behind a
 * "duplicate" answer. The failures are injected by advising handOffWebhookEvent by its route id.
 */
@UseAdviceWith
@DirtiesContext
class WebhookHandOffFailureRouteTest extends HubRouteTestBase {

    private static final AtomicBoolean BROKER_DOWN = new AtomicBoolean();
    private static final AtomicBoolean DATABASE_DOWN = new AtomicBoolean();

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PaymentRegistry registry;

    /** The context advised last: a context cached by an earlier class of the same configuration may be running already. */
    private static CamelContext advised;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (advised == camel) {
            return;
        }
        advised = camel;
        // a running route is advised too (Camel restarts it); @DirtiesContext discards the context afterwards
        AdviceWith.adviceWith(camel, "handOffWebhookEvent", route -> {
            route.weaveByToUri("activemq6:*").before().process(exchange -> {
                if (BROKER_DOWN.get()) {
                    throw new UncategorizedJmsException("broker unreachable (test)");
                }
            });
            // the only setProperty of the route is the webhook_events insert
            route.weaveByType(SetPropertyDefinition.class).before().process(exchange -> {
                if (DATABASE_DOWN.get()) {
                    throw new DataAccessResourceFailureException("database unreachable (test)");
                }
            });
        });
        if (!camel.isStarted()) {
            camel.start();
        }
    }

    @Test
    void answers503WhenTheBrokerFailsAndHandlesTheRetryAsNew() {
        HubClient hub = new HubClient(port);
        String providerPaymentId = "pay_" + UUID.randomUUID();
        registry.register(new NewPayment("billing", providerPaymentId, PaymentStatus.PROVIDER_PENDING, "u", "o-" + UUID.randomUUID(),
                5000, "EUR", null, null));
        String eventId = "evt_" + UUID.randomUUID();
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"data\":{\"paymentId\":\""
                + providerPaymentId + "\"}}";

        BROKER_DOWN.set(true);
        Response refused;
        try (LogCapture log = LogCapture.start()) {
            refused = hub.sendWebhook(body);
            // one line for the failed request (the outage itself is reported once by DependencyStates)
            assertThat(log.matching(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
                    && !event.getLoggerName().endsWith("DependencyStates"))).as("lines for the request" + LogCapture.describe(log.events()))
                    .hasSize(1);
            assertThat(log.withStackTrace()).hasSizeLessThanOrEqualTo(1);
        } finally {
            BROKER_DOWN.set(false);
        }

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(refused.body()).doesNotContain("Exception").doesNotContain("broker unreachable");
        assertThat(recorded(eventId)).as("the mark is rolled back with the failed hand-off").isZero();

        Response retry = hub.sendWebhook(body);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().has("duplicate")).isFalse();
        assertThat(recorded(eventId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "SUCCEEDED".equals(jdbc.queryForObject(
                "SELECT status FROM payments WHERE provider_payment_id = ?", String.class, providerPaymentId)));
    }

    @Test
    void answers503WhenTheDatabaseFailsAndRecordsNothing() {
        HubClient hub = new HubClient(port);
        String eventId = "evt_" + UUID.randomUUID();
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.pending\",\"data\":{\"paymentId\":\"p\"}}";

        DATABASE_DOWN.set(true);
        Response refused;
        try {
            refused = hub.sendWebhook(body);
        } finally {
            DATABASE_DOWN.set(false);
        }

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(recorded(eventId)).isZero();
        assertThat(hub.sendWebhook(body).json().has("duplicate")).isFalse();
    }

    private int recorded(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE event_id = ?", Integer.class, eventId);
    }
}
