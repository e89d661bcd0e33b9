package io.paymenthub.payment;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.paymenthub.common.SqlDialect;
import io.paymenthub.provider.PaymentProvider;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code payment_events} table: each distinct platform event the handler took, exactly once
 * (its key makes a redelivered copy a no-op), with what it did to the payment. Events whose payment
 * is not known yet stay here unapplied ("parked") until it is.
 */
@Repository
public class PaymentEventStore {

    /** History sources: the platform's webhook, or the hub asking the platform (io.paymenthub.reconciliation). */
    public static final String WEBHOOK = "webhook";
    public static final String RECONCILIATION = "reconciliation";
    /** The id of a history entry reconciliation wrote, until the platform's own webhook of it takes its place. */
    public static final String RECONCILIATION_EVENT_PREFIX = "reconciliation_";

    private final JdbcTemplate jdbc;
    private final String insertIfAbsent;

    public PaymentEventStore(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.insertIfAbsent = dialect.insertIfAbsent("INSERT INTO payment_events "
                + "(provider, event_id, event_type, provider_payment_id, event_amount, occurred_at, received_at, effect, source) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** @return false when the event was taken before (a redelivery or a second copy): nothing to do */
    public boolean recordIfNew(String provider, WebhookEvent event, Instant receivedAt) {
        return recordIfNew(provider, event, receivedAt, null);
    }

    /** @param source who learnt of the change: null for the platform's webhook, {@link #RECONCILIATION} */
    public boolean recordIfNew(String provider, WebhookEvent event, Instant receivedAt, String source) {
        return jdbc.update(insertIfAbsent, provider, event.eventId(), event.eventType(), event.providerPaymentId(),
                event.amount(), event.createdAt() == null ? null : Timestamp.from(event.createdAt()),
                Timestamp.from(receivedAt), event.effect() == null ? null : event.effect().stored(), source) == 1;
    }

    /**
     * The payment's last history entry, when reconciliation wrote it and no webhook has confirmed it yet (its id is
     * still the hub's own).
     */
    public Optional<HistoryEntry> unconfirmedReconciliation(String paymentId) {
        return jdbc.query("SELECT event_id, event_type, resulting_status, ignored, applied_at, source FROM payment_events "
                        + "WHERE payment_id = ? AND history_position = (SELECT MAX(history_position) FROM payment_events WHERE payment_id = ?)",
                (rs, row) -> entry(rs), paymentId, paymentId).stream()
                .filter(entry -> RECONCILIATION.equals(entry.source()) && entry.eventId().startsWith(RECONCILIATION_EVENT_PREFIX))
                .findFirst();
    }

    /**
     * A platform's late webhook of the change reconciliation already applied: it takes the reconciliation entry's
     * place in the history (its id is the platform's, the entry still says reconciliation made the change), so the
     * history lists the change once and the webhook's id once, and a redelivery of it is a duplicate.
     */
    public void confirmReconciliation(String provider, String eventId, String paymentId, HistoryEntry reconciled) {
        jdbc.update("UPDATE payment_events SET payment_id = ?, resulting_status = ?, ignored = FALSE, source = ?, "
                        + "history_position = (SELECT history_position FROM payment_events WHERE provider = ? AND event_id = ?), "
                        + "applied_at = ? WHERE provider = ? AND event_id = ?",
                paymentId, reconciled.status(), RECONCILIATION, provider, reconciled.eventId(),
                Timestamp.from(reconciled.at()), provider, eventId);
        jdbc.update("DELETE FROM payment_events WHERE provider = ? AND event_id = ?", provider, reconciled.eventId());
    }

    /** Records what the event did; the caller holds the payment's row lock, so positions do not collide. */
    public void markApplied(String provider, String eventId, String paymentId, PaymentStatus resultingStatus,
                            boolean ignored, Instant appliedAt) {
        Integer last = jdbc.queryForObject(
                "SELECT MAX(history_position) FROM payment_events WHERE payment_id = ?", Integer.class, paymentId);
        jdbc.update("UPDATE payment_events SET payment_id = ?, resulting_status = ?, ignored = ?, history_position = ?, "
                        + "applied_at = ? WHERE provider = ? AND event_id = ?",
                paymentId, resultingStatus.name(), ignored, last == null ? 1 : last + 1, Timestamp.from(appliedAt),
                provider, eventId);
    }

    /** Events kept for a payment the hub did not know when they arrived, oldest first. */
    public List<ParkedEvent> parkedFor(PaymentProvider provider, String providerPaymentId) {
        return jdbc.query("SELECT event_id, event_type, provider_payment_id, event_amount, occurred_at, received_at, effect FROM payment_events "
                        + "WHERE provider = ? AND provider_payment_id = ? AND applied_at IS NULL ORDER BY occurred_at, received_at",
                (rs, row) -> new ParkedEvent(provider.name(), new WebhookEvent(rs.getString("event_id"), rs.getString("event_type"),
                        rs.getTimestamp("occurred_at") == null ? null : rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("provider_payment_id"),
                        rs.getObject("event_amount") == null ? null : rs.getLong("event_amount"),
                        // an event kept by an earlier version has no stored effect: its connector translates its name
                        EventEffect.fromStored(rs.getString("effect"), provider.effectOf(rs.getString("event_type")))),
                        rs.getTimestamp("received_at") == null ? null : rs.getTimestamp("received_at").toInstant()),
                provider.name(), providerPaymentId);
    }

    /** Provider payments that have parked events and are now known to the hub. */
    public List<ParkedKey> parkedWithKnownPayment(int limit) {
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT e.provider, e.provider_payment_id "
                    + "FROM payment_events e JOIN payments p "
                    + "ON p.provider = e.provider AND p.provider_payment_id = e.provider_payment_id "
                    + "WHERE e.applied_at IS NULL");
            statement.setMaxRows(limit);
            return statement;
        }, (rs, row) -> new ParkedKey(rs.getString("provider"), rs.getString("provider_payment_id")));
    }

    public List<HistoryEntry> history(String paymentId) {
        return jdbc.query("SELECT event_id, event_type, resulting_status, ignored, applied_at, source FROM payment_events "
                        + "WHERE payment_id = ? ORDER BY history_position",
                (rs, row) -> entry(rs), paymentId);
    }

    private static HistoryEntry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        String source = rs.getString("source");
        return new HistoryEntry(rs.getString("event_id"), rs.getString("event_type"), rs.getString("resulting_status"),
                rs.getBoolean("ignored"), rs.getTimestamp("applied_at").toInstant(), source == null ? WEBHOOK : source);
    }

    public record ParkedEvent(String provider, WebhookEvent event, Instant receivedAt) { }

    public record ParkedKey(String provider, String providerPaymentId) { }

    /** @param source who learnt of it: {@link #WEBHOOK} (the platform told the hub) or {@link #RECONCILIATION} (the hub asked) */
    public record HistoryEntry(String eventId, String eventType, String status, boolean ignored, Instant at, String source) { }
}
