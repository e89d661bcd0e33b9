package io.paymenthub.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.reconciliation.ReconciliationSchedule.Cutoff;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The reconciliation schedule in the payments table (V10): which payments are due for a question to their platform,
 * taken by one run at a time. The caller's transaction locks the due rows it takes and skips rows another instance is
 * taking ({@code FOR UPDATE SKIP LOCKED}), and moves each one's next question forward before it commits, so two hub
 * instances never ask about one payment in the same round.
 */
@Repository
public class DuePayments {

    private final JdbcTemplate jdbc;

    public DuePayments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks up to {@code limit} due payments, oldest first: in a watched status with no schedule for it yet and in it
     * since its cutoff, or with a schedule for it whose next question is due and questions left.
     */
    public List<Due> lockDue(Collection<Cutoff> cutoffs, Instant now, int maxAttempts, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, status, reconcile_status, reconcile_attempts FROM payments WHERE "
                + "status IN ('CREATED', 'PROVIDER_PENDING', 'REQUIRES_ACTION') AND ("
                + "(reconcile_status = status AND reconcile_next_at IS NOT NULL AND reconcile_next_at <= ? AND reconcile_attempts < ?)");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(now), maxAttempts));
        for (Cutoff cutoff : cutoffs) {
            sql.append(" OR ((reconcile_status IS NULL OR reconcile_status <> status) AND provider = ? AND status = ? AND updated_at <= ?)");
            args.add(cutoff.provider());
            args.add(cutoff.status().name());
            args.add(Timestamp.from(cutoff.enteredBefore()));
        }
        sql.append(") ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, row) -> {
            PaymentStatus status = PaymentStatus.valueOf(rs.getString("status"));
            boolean sameSchedule = status.name().equals(rs.getString("reconcile_status"));
            return new Due(rs.getString("id"), status, sameSchedule ? rs.getInt("reconcile_attempts") + 1 : 1);
        }, args.toArray());
    }

    /** Records the question being asked now: the {@code attempt}-th in the status, the next at {@code nextAt} (or none). */
    public void scheduled(Due due, Instant nextAt) {
        jdbc.update("UPDATE payments SET reconcile_status = ?, reconcile_attempts = ?, reconcile_next_at = ? WHERE id = ?",
                due.status().name(), due.attempt(), nextAt == null ? null : Timestamp.from(nextAt), due.id());
    }

    /** A payment taken for the question: the status it was in and which question of that status this is. */
    public record Due(String id, PaymentStatus status, int attempt) { }
}
