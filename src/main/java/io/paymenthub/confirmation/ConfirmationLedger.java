package io.paymenthub.confirmation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.paymenthub.common.SqlDialect;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The idempotent repository of the confirmation mailer ({@code idempotentConsumer} in mailPaymentConfirmations.yaml),
 * keyed by the payments.events {@code eventId} in table {@code confirmation_mails}, shared by every hub instance.
 * <p>
 * Like the webhook inbox ({@code WebhookEventInbox}) it claims a key with one insert-if-absent statement
 * ({@link SqlDialect}), so two deliveries of one event racing on two instances cannot both win; unlike Camel's
 * {@code JdbcMessageIdRepository} nothing checks first and inserts after. A mail cannot be part of a database
 * transaction, so a key has two states:
 * <ul>
 *   <li>{@code SENDING}: a delivery claimed it and is talking to the SMTP server, until {@code claimed_until}. A failed
 *       send removes the claim (the route's {@code removeOnFailure}) and the broker redelivers the message. Another
 *       delivery of the same event meanwhile is neither sent nor dropped: {@link ConfirmationInProgressException}
 *       rolls it back for a later redelivery. A claim whose instance died mid-send expires, and the next delivery
 *       takes it over, so a crash never loses a confirmation (it may, between the SMTP server's acceptance and the
 *       confirm, repeat one: at least once at the edge, the only promise SMTP allows).</li>
 *   <li>{@code SENT}: the SMTP server accepted the mail; every later delivery of the event is a duplicate.</li>
 * </ul>
 */
@Component("confirmationLedger")
public class ConfirmationLedger extends ServiceSupport implements IdempotentRepository {

    private static final String SENDING = "SENDING";
    private static final String SENT = "SENT";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration claimTimeout;
    private final String claim;

    public ConfirmationLedger(JdbcTemplate jdbc, SqlDialect dialect, Clock clock, ConfirmationProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.claimTimeout = properties.getClaimTimeout();
        this.claim = dialect.insertIfAbsent(
                "INSERT INTO confirmation_mails (event_id, state, claimed_until, updated_at) VALUES (?, ?, ?, ?)");
    }

    /**
     * @return true when this delivery may send the mail; false when it was sent already
     * @throws ConfirmationInProgressException when another delivery is sending it right now
     */
    @Override
    public boolean add(String key) {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(claimTimeout));
        if (jdbc.update(claim, key, SENDING, until, Timestamp.from(now)) == 1) {
            return true;
        }
        // a claim whose holder died mid-send: exactly one delivery's update takes it over
        if (jdbc.update("UPDATE confirmation_mails SET claimed_until = ?, updated_at = ? "
                + "WHERE event_id = ? AND state = ? AND claimed_until < ?",
                until, Timestamp.from(now), key, SENDING, Timestamp.from(now)) == 1) {
            return true;
        }
        if (SENT.equals(state(key))) {
            return false;
        }
        throw new ConfirmationInProgressException(key);
    }

    @Override
    public boolean contains(String key) {
        return SENT.equals(state(key));
    }

    /** The send failed: the next delivery claims it again. A key that is SENT stays. */
    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM confirmation_mails WHERE event_id = ? AND state = ?", key, SENDING) == 1;
    }

    /** The SMTP server accepted the mail. */
    @Override
    public boolean confirm(String key) {
        return jdbc.update("UPDATE confirmation_mails SET state = ?, claimed_until = NULL, updated_at = ? WHERE event_id = ?",
                SENT, Timestamp.from(clock.instant()), key) == 1;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("The record of sent confirmations is never cleared as a whole");
    }

    private String state(String key) {
        List<String> states = jdbc.queryForList("SELECT state FROM confirmation_mails WHERE event_id = ?", String.class, key);
        return states.isEmpty() ? null : states.get(0);
    }

    /** Another delivery of the same event holds the claim: roll back, and the broker redelivers it later. */
    public static class ConfirmationInProgressException extends RuntimeException {
        public ConfirmationInProgressException(String eventId) {
            super("Another delivery is sending the confirmation of event " + eventId + " right now");
        }
    }
}
