package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.paymenthub.config.HubProperties;
import io.paymenthub.payment.PaymentStatus;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** The idempotent repository in front of the group commit: what it asks the database, and what it answers itself. */
class WebhookEventInboxTest {

    private final WebhookInboxWriter writer = mock(WebhookInboxWriter.class);
    private final WebhookEventInbox inbox = new WebhookEventInbox(writer, mock(WebhookInboxTable.class), Clock.systemUTC(),
            new HubProperties());

    @Test
    void answersARetryOfAnEventItSawCommittedWithoutAskingTheDatabase() {
        when(writer.submit(any())).thenReturn(CompletableFuture.completedFuture(true));

        assertThat(inbox.add(exchange("evt_1"), "billing:evt_1")).isTrue();
        assertThat(inbox.add(exchange("evt_1"), "billing:evt_1")).as("the retry").isFalse();

        verify(writer, times(1)).submit(any());
    }

    @Test
    void neverRemembersAKeyWhoseCommitFailed() {
        when(writer.submit(any()))
                .thenReturn(CompletableFuture.failedFuture(new DataAccessResourceFailureException("down (test)")))
                .thenReturn(CompletableFuture.completedFuture(true));

        assertThatThrownBy(() -> inbox.add(exchange("evt_2"), "billing:evt_2")).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(inbox.add(exchange("evt_2"), "billing:evt_2")).as("the platform's retry is new").isTrue();

        verify(writer, times(2)).submit(any());
    }

    @Test
    void refusesAKeyThatIsNotTheExchangesProviderAndEventId() {
        assertThatThrownBy(() -> inbox.add(exchange("evt_3"), "billing:evt_other")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Exchange exchange(String eventId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("hubProvider", "billing");
        exchange.setProperty("hubEvent", new WebhookEvent(eventId, "payment.succeeded", Instant.now(), "pay_1", null,
                EventEffect.status(PaymentStatus.SUCCEEDED)));
        return exchange;
    }
}
