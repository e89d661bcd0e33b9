package io.paymenthub.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.paymenthub.common.TextFields;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The {@code payments} table. The locking reads must run inside a transaction. */
@Repository
public class PaymentRepository {

    private static final String COLUMNS = "id, provider, provider_payment_id, status, user_id, order_id, amount, currency, "
            + "refunded_amount, idempotency_key, redirect_url, failure_code, created_at, updated_at, "
            + "platform_request, client_name, queued_since, next_attempt_at, next_action, payment_method, needs_card_data";
    private static final String INSERT = "INSERT INTO payments (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final RowMapper<Payment> MAPPER = PaymentRepository::map;

    private final JdbcTemplate jdbc;

    public PaymentRepository(JdbcTemplate jdbc, io.paymenthub.common.SqlDialect dialect) {
        this.jdbc = jdbc;
        this.insertIfAbsent = dialect.insertIfAbsent(INSERT);
    }

    private final String insertIfAbsent;

    /** @return false when a payment with the same id or idempotency key exists (the caller replays it) */
    public boolean insertIfAbsent(Payment p) {
        return jdbc.update(insertIfAbsent, values(p)) == 1;
    }

    private static Object[] values(Payment p) {
        return new Object[] {p.id(), p.provider(), p.providerPaymentId(), p.status().name(), p.userId(), p.orderId(),
                p.amount(), p.currency(), p.refundedAmount(), p.idempotencyKey(), p.redirectUrl(), p.failureCode(),
                Timestamp.from(p.createdAt()), Timestamp.from(p.updatedAt()), p.platformRequest(), p.clientName(),
                timestamp(p.queuedSince()), timestamp(p.nextAttemptAt()), p.nextAction(), p.paymentMethod(), p.needsCardData()};
    }

    public Optional<Payment> findByIdempotencyKey(String key) {
        return first(jdbc.query("SELECT " + COLUMNS + " FROM payments WHERE idempotency_key = ?", MAPPER, key));
    }

    public Optional<Payment> lockById(String id) {
        if (!TextFields.isIdentifier(id, TextFields.PAYMENT_ID)) {
            return Optional.empty(); // as findById: "not found", never a database error
        }
        return first(jdbc.query("SELECT " + COLUMNS + " FROM payments WHERE id = ? FOR UPDATE", MAPPER, id));
    }

    /**
     * The platform took the payment: its id there, where the customer goes next, the 3-D Secure step it waits
     * for and the card as the platform tokenised it (BIN and last 4 at most). The status is the caller's move.
     */
    public void markSubmitted(String id, String providerPaymentId, String redirectUrl, String nextAction,
                              String paymentMethod, Instant at) {
        jdbc.update("UPDATE payments SET provider_payment_id = ?, redirect_url = ?, next_action = ?, "
                + "payment_method = COALESCE(?, payment_method), next_attempt_at = NULL, last_error = NULL, "
                + "attempt_id = NULL, attempt_until = NULL, updated_at = ? WHERE id = ?",
                providerPaymentId, redirectUrl, nextAction, paymentMethod, Timestamp.from(at), id);
    }

    /** The 3-D Secure step the payment waits for now (null once it waits for none). */
    public void updateNextAction(String id, String nextAction, Instant at) {
        jdbc.update("UPDATE payments SET next_action = ?, updated_at = ? WHERE id = ?", nextAction, Timestamp.from(at), id);
    }

    /** The attempt is over: its lease released (a refusal or a failed attempt that is not queued). */
    public void releaseAttempt(String id, String attemptId) {
        jdbc.update("UPDATE payments SET attempt_id = NULL, attempt_until = NULL WHERE id = ? AND attempt_id = ?", id, attemptId);
    }

    /**
     * The next background attempt at {@code nextAttemptAt}, releasing the lease of {@code attemptId}. An attempt
     * whose lease another attempt has taken since (it outlived its lease) leaves the row to the new owner. The
     * status (QUEUED) is the caller's move.
     *
     * @return false when another attempt owns the payment now
     */
    public boolean scheduleRetry(String id, String attemptId, Instant queuedSince, Instant nextAttemptAt, String lastError,
                                 Instant at) {
        return jdbc.update("UPDATE payments SET queued_since = ?, next_attempt_at = ?, last_error = ?, "
                        + "attempt_id = NULL, attempt_until = NULL, updated_at = ? "
                        + "WHERE id = ? AND (attempt_id IS NULL OR attempt_id = ? OR attempt_until <= ?)",
                Timestamp.from(queuedSince), timestamp(nextAttemptAt), lastError,
                Timestamp.from(at), id, attemptId, Timestamp.from(at)) == 1;
    }

    /** Not yet at the platform (no platform id, CREATED or QUEUED), and no live lease of another attempt. */
    private static final String SUBMITTABLE = "provider_payment_id IS NULL AND status IN ('CREATED', 'QUEUED') "
            + "AND (attempt_until IS NULL OR attempt_until <= ?)";

    /**
     * Ids of payments due for a background attempt, oldest first: QUEUED ones whose next attempt is due, and
     * CREATED ones created before {@code interruptedBefore} that no attempt holds (their attempt was interrupted).
     */
    public List<String> dueForAttempt(Instant now, Instant interruptedBefore, int limit) {
        return jdbc.query(connection -> {
            java.sql.PreparedStatement statement = connection.prepareStatement("SELECT id FROM payments WHERE "
                    + "((status = 'QUEUED' AND next_attempt_at <= ?) OR (status = 'CREATED' AND created_at <= ?)) "
                    // only the client's own request carries the card data such a payment needs
                    + "AND needs_card_data = FALSE AND "
                    + SUBMITTABLE + " ORDER BY created_at");
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(interruptedBefore));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setMaxRows(limit);
            return statement;
        }, (rs, row) -> rs.getString("id"));
    }

    /**
     * Takes the payment for one attempt at the platform, until {@code leaseUntil}: only one attempt can win
     * this update while the lease lasts, so a payment is never submitted by two at once (API request, replay,
     * background retry, another hub instance). A payment that reached the platform, or failed, is not taken.
     *
     * @param dueOnly the background retry: only a payment that is due ({@link #dueForAttempt}); a client's
     *                own retry may try at once
     */
    public boolean takeAttempt(String id, String attemptId, Instant now, Instant leaseUntil, boolean dueOnly,
                               Instant interruptedBefore) {
        String due = dueOnly ? " AND ((status = 'QUEUED' AND next_attempt_at <= ?) OR (status = 'CREATED' AND created_at <= ?))"
                + " AND needs_card_data = FALSE" : "";
        Object[] args = dueOnly
                ? new Object[] {attemptId, Timestamp.from(leaseUntil), id, Timestamp.from(now), Timestamp.from(now),
                        Timestamp.from(interruptedBefore)}
                : new Object[] {attemptId, Timestamp.from(leaseUntil), id, Timestamp.from(now)};
        return jdbc.update("UPDATE payments SET attempt_id = ?, attempt_until = ? WHERE id = ? AND " + SUBMITTABLE + due,
                args) == 1;
    }

    /** Moves the lease of a running attempt forward; false when that attempt no longer holds the payment. */
    public boolean renewAttempt(String id, String attemptId, Instant leaseUntil) {
        return jdbc.update("UPDATE payments SET attempt_until = ? WHERE id = ? AND attempt_id = ?",
                Timestamp.from(leaseUntil), id, attemptId) == 1;
    }

    /**
     * Takes a due queued payment off the background retry (it is dead-lettered). Conditional, so of two hub
     * instances only one does it, and never while an attempt holds it; the row stays locked until the
     * caller's transaction ends.
     */
    public boolean stopRetrying(String id, Instant now) {
        return jdbc.update("UPDATE payments SET next_attempt_at = NULL WHERE id = ? AND status = 'QUEUED' "
                + "AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? AND (attempt_until IS NULL OR attempt_until <= ?)",
                id, Timestamp.from(now), Timestamp.from(now)) == 1;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    public Optional<Payment> findById(String id) {
        if (!TextFields.isIdentifier(id, TextFields.PAYMENT_ID)) {
            // no payment has such an id; PostgreSQL would refuse a NUL in it as an error (503) instead of "not found"
            return Optional.empty();
        }
        return first(jdbc.query("SELECT " + COLUMNS + " FROM payments WHERE id = ?", MAPPER, id));
    }

    /** Locks the payment's row until the transaction ends, so its events are applied one at a time. */
    public Optional<Payment> lockByProviderPaymentId(String provider, String providerPaymentId) {
        return first(jdbc.query("SELECT " + COLUMNS + " FROM payments WHERE provider = ? AND provider_payment_id = ? FOR UPDATE",
                MAPPER, provider, providerPaymentId));
    }

    /**
     * The status change of {@code PaymentTransitions} (nothing else writes a status). A payment that left
     * CREATED/QUEUED has no background attempt due any more; a FAILED one keeps its failure code.
     */
    public void updateState(String id, PaymentStatus status, long refundedAmount, String failureCode, Instant updatedAt) {
        boolean retrying = status == PaymentStatus.QUEUED;
        jdbc.update("UPDATE payments SET status = ?, refunded_amount = ?, failure_code = COALESCE(?, failure_code), "
                        + "next_attempt_at = " + (retrying ? "next_attempt_at" : "NULL") + ", updated_at = ? WHERE id = ?",
                status.name(), refundedAmount, failureCode, Timestamp.from(updatedAt), id);
    }

    private static Optional<Payment> first(List<Payment> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static Payment map(ResultSet rs, int row) throws SQLException {
        return new Payment(rs.getString("id"), rs.getString("provider"), rs.getString("provider_payment_id"),
                PaymentStatus.valueOf(rs.getString("status")), rs.getString("user_id"), rs.getString("order_id"),
                rs.getLong("amount"), rs.getString("currency"), rs.getLong("refunded_amount"),
                rs.getString("idempotency_key"), rs.getString("redirect_url"), rs.getString("failure_code"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("platform_request"), rs.getString("client_name"), instant(rs, "queued_since"),
                instant(rs, "next_attempt_at"), rs.getString("next_action"), rs.getString("payment_method"),
                rs.getBoolean("needs_card_data"));
    }
}
