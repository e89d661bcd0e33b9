package io.paymenthub.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The {@code payments} table. The locking reads must run inside a transaction. */
@Repository
public class PaymentRepository {

    private static final String COLUMNS = "id, provider, provider_payment_id, status, user_id, order_id, amount, currency, "
            + "refunded_amount, idempotency_key, redirect_url, failure_code, created_at, updated_at";

    private static final RowMapper<Payment> MAPPER = PaymentRepository::map;

    private final JdbcTemplate jdbc;

    public PaymentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Payment p) {
        jdbc.update("INSERT INTO payments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.id(), p.provider(), p.providerPaymentId(), p.status().name(), p.userId(), p.orderId(), p.amount(),
                p.currency(), p.refundedAmount(), p.idempotencyKey(), p.redirectUrl(), p.failureCode(),
                Timestamp.from(p.createdAt()), Timestamp.from(p.updatedAt()));
    }

    public Optional<Payment> findById(String id) {
        return first(jdbc.query("SELECT " + COLUMNS + " FROM payments WHERE id = ?", MAPPER, id));
    }

    /** Locks the payment's row until the transaction ends, so its events are applied one at a time. */
    public Optional<Payment> lockByProviderPaymentId(String provider, String providerPaymentId) {
        return first(jdbc.query("SELECT " + COLUMNS + " FROM payments WHERE provider = ? AND provider_payment_id = ? FOR UPDATE",
                MAPPER, provider, providerPaymentId));
    }

    public void updateState(String id, PaymentStatus status, long refundedAmount, Instant updatedAt) {
        jdbc.update("UPDATE payments SET status = ?, refunded_amount = ?, updated_at = ? WHERE id = ?",
                status.name(), refundedAmount, Timestamp.from(updatedAt), id);
    }

    private static Optional<Payment> first(List<Payment> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static Payment map(ResultSet rs, int row) throws SQLException {
        return new Payment(rs.getString("id"), rs.getString("provider"), rs.getString("provider_payment_id"),
                PaymentStatus.valueOf(rs.getString("status")), rs.getString("user_id"), rs.getString("order_id"),
                rs.getLong("amount"), rs.getString("currency"), rs.getLong("refunded_amount"),
                rs.getString("idempotency_key"), rs.getString("redirect_url"), rs.getString("failure_code"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
