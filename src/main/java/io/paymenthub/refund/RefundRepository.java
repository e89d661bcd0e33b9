package io.paymenthub.refund;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.paymenthub.common.SqlDialect;
import io.paymenthub.common.TextFields;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The {@code refunds} table. */
@Repository
public class RefundRepository {

    private static final RowMapper<Refund> MAPPER = (rs, row) -> new Refund(rs.getString("id"), rs.getString("payment_id"),
            rs.getLong("amount"), rs.getString("status"), rs.getString("idempotency_key"), rs.getString("provider_refund_id"));
    private static final String COLUMNS = "id, payment_id, amount, status, idempotency_key, provider_refund_id";

    private final JdbcTemplate jdbc;
    private final String insertIfAbsent;

    public RefundRepository(JdbcTemplate jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.insertIfAbsent = dialect.insertIfAbsent("INSERT INTO refunds (id, payment_id, amount, status, idempotency_key, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    }

    /** @return false when a refund with this idempotency key exists already */
    public boolean insertIfAbsent(Refund refund, Instant now) {
        return jdbc.update(insertIfAbsent, refund.id(), refund.paymentId(), refund.amount(), refund.status(),
                refund.idempotencyKey(), Timestamp.from(now), Timestamp.from(now)) == 1;
    }

    public Optional<Refund> findByIdempotencyKey(String key) {
        List<Refund> rows = jdbc.query("SELECT " + COLUMNS + " FROM refunds WHERE idempotency_key = ?", MAPPER, key);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public Optional<Refund> findById(String id) {
        if (!TextFields.isIdentifier(id, TextFields.PAYMENT_ID)) {
            return Optional.empty(); // no refund has such an id: "not found", never a database error
        }
        List<Refund> rows = jdbc.query("SELECT " + COLUMNS + " FROM refunds WHERE id = ?", MAPPER, id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Locks the refund's row: a locking read sees the latest committed row on every supported database. */
    public Optional<Refund> lockById(String id) {
        if (!TextFields.isIdentifier(id, TextFields.PAYMENT_ID)) {
            return Optional.empty(); // no refund has such an id: "not found", never a database error
        }
        List<Refund> rows = jdbc.query("SELECT " + COLUMNS + " FROM refunds WHERE id = ? FOR UPDATE", MAPPER, id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** What is asked for and not yet failed: the payment cannot be refunded beyond its amount. */
    public long openAmount(String paymentId) {
        Long open = jdbc.queryForObject("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE payment_id = ? "
                + "AND status IN ('PENDING', 'SUBMITTED')", Long.class, paymentId);
        return open == null ? 0 : open;
    }

    /**
     * The platform reports a refund of {@code amount} as done or failed: the oldest open refund of the
     * payment with that amount (else the oldest open one) takes that status, so it no longer counts as open.
     */
    public void settle(String paymentId, Long amount, String status, Instant now) {
        List<String> open = jdbc.query(connection -> {
            java.sql.PreparedStatement statement = connection.prepareStatement("SELECT id FROM refunds WHERE payment_id = ? "
                    + "AND status IN ('PENDING', 'SUBMITTED') ORDER BY CASE WHEN amount = ? THEN 0 ELSE 1 END, created_at");
            statement.setString(1, paymentId);
            statement.setLong(2, amount == null ? -1 : amount);
            statement.setMaxRows(1);
            return statement;
        }, (rs, row) -> rs.getString("id"));
        if (!open.isEmpty()) {
            jdbc.update("UPDATE refunds SET status = ?, updated_at = ? WHERE id = ?", status, Timestamp.from(now), open.get(0));
        }
    }

    public void markSubmitted(String id, String providerRefundId, Instant now) {
        jdbc.update("UPDATE refunds SET status = 'SUBMITTED', provider_refund_id = ?, updated_at = ? WHERE id = ?",
                providerRefundId, Timestamp.from(now), id);
    }

    public void markFailed(String id, String failureCode, Instant now) {
        jdbc.update("UPDATE refunds SET status = 'FAILED', failure_code = ?, updated_at = ? WHERE id = ?",
                failureCode, Timestamp.from(now), id);
    }
}
