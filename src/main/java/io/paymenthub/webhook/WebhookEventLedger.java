package io.paymenthub.webhook;

import java.sql.Timestamp;
import java.time.Clock;

import io.paymenthub.common.SqlDialect;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code webhook_events} table of the seed, shared by every hub instance: which events have been
 * handed off durably. The route calls {@link #recordIfNew} inside the same database transaction as
 * the broker hand-off, so the row becomes visible only once the event is on the broker; a concurrent
 * copy of the same event waits on the row's lock and is then answered "duplicate".
 */
@Component("webhookEventLedger")
public class WebhookEventLedger {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String insertIfAbsent;

    public WebhookEventLedger(JdbcTemplate jdbc, Clock clock, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.insertIfAbsent = dialect.insertIfAbsent(
                "INSERT INTO webhook_events (provider, event_id, event_type, payment_id, processed_at) VALUES (?, ?, ?, ?, ?)");
    }

    /** @return true when this is the first time the event is recorded; false for a duplicate */
    public boolean recordIfNew(@ExchangeProperty("hubProvider") String provider, @ExchangeProperty("hubEvent") WebhookEvent event) {
        int inserted = jdbc.update(insertIfAbsent, provider, event.eventId(), event.eventType(),
                event.providerPaymentId(), Timestamp.from(clock.instant()));
        return inserted == 1;
    }

}
