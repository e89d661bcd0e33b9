package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.HubClient.Response;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.UncategorizedJmsException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The two failures of the hand-off. When the database fails, the platform gets 503 and nothing is marked as
 * processed, so its retry is accepted as new and applied: the event is never lost behind a "duplicate" answer
 * (injected into the inbox's table). When the broker fails, the event is already committed in the database:
 * it is acknowledged, waits in the inbox, and is applied once the broker is back (injected by advising the
 * relay, relayWebhookEventBatch, by its route id).
 */
@UseAdviceWith
@DirtiesContext
class WebhookHandOffFailureRouteTest extends HubRouteTestBase {

    private static final AtomicBoolean BROKER_DOWN = new AtomicBoolean();

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PaymentRegistry registry;
    @MockitoSpyBean
    WebhookInboxTable inboxTable;

    /** The context advised last: a context cached by an earlier class of the same configuration may be running already. */
    private static CamelContext advised;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (advised == camel) {
            return;
        }
        advised = camel;
        // a running route is advised too (Camel restarts it); @DirtiesContext discards the context afterwards
        AdviceWith.adviceWith(camel, "relayWebhookEventBatch", route -> route.weaveByToUri("activemq6:*").before()
                .process(exchange -> {
                    if (BROKER_DOWN.get()) {
                        throw new UncategorizedJmsException("broker unreachable (test)");
                    }
                }));
        if (!camel.isStarted()) {
            camel.start();
        }
    }

    @Test
    void acknowledgesAnEventWhileTheBrokerIsDownKeepsItInTheInboxAndAppliesItOnceTheBrokerIsBack() {
        HubClient hub = new HubClient(port);
        String providerPaymentId = "pay_" + UUID.randomUUID();
        registry.register(new NewPayment("billing", providerPaymentId, PaymentStatus.PROVIDER_PENDING, "u", "o-" + UUID.randomUUID(),
                5000, "EUR", null, null));
        String eventId = "evt_" + UUID.randomUUID();
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"data\":{\"paymentId\":\""
                + providerPaymentId + "\"}}";

        BROKER_DOWN.set(true);
        try {
            Response accepted = hub.sendWebhook(body);

            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.json().has("duplicate")).isFalse();
            assertThat(recorded(eventId)).isEqualTo(1);
            // the relay keeps failing: the event stays in the inbox, unapplied, for as long as the broker is away
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> inInbox(eventId) == 1 && "PROVIDER_PENDING".equals(statusOf(providerPaymentId)));
            assertThat(hub.sendWebhook(body).json().path("duplicate").asBoolean()).as("a retry meanwhile").isTrue();
        } finally {
            BROKER_DOWN.set(false);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> "SUCCEEDED".equals(statusOf(providerPaymentId)));
        assertThat(inInbox(eventId)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_events WHERE event_id = ?", Integer.class, eventId))
                .as("applied once").isEqualTo(1);
    }

    @Test
    void answers503WhenTheDatabaseFailsAndRecordsNothing() {
        HubClient hub = new HubClient(port);
        String eventId = "evt_" + UUID.randomUUID();
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.pending\",\"data\":{\"paymentId\":\"p\"}}";

        doThrow(new DataAccessResourceFailureException("database unreachable (test)")).when(inboxTable).recordNew(anyList());
        Response refused;
        try {
            refused = hub.sendWebhook(body);
        } finally {
            reset(inboxTable);
        }

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(recorded(eventId)).isZero();
        assertThat(hub.sendWebhook(body).json().has("duplicate")).isFalse();
    }

    private String statusOf(String providerPaymentId) {
        return jdbc.queryForObject("SELECT status FROM payments WHERE provider_payment_id = ?", String.class, providerPaymentId);
    }

    private int inInbox(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE event_id = ?", Integer.class, eventId);
    }

    private int recorded(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE event_id = ?", Integer.class, eventId);
    }
}
