package io.paymenthub.monitoring;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Payment outcomes of the whole deployment, from the {@code payments} table every instance writes: payments that
 * reached SUCCEEDED, or FAILED / EXPIRED (the failures {@code billing_payments_failure_total} counts), in a window.
 * A payment's {@code updated_at} is the time of its last status change (PaymentTransitions), and those three
 * statuses change no more, except SUCCEEDED to a refund: a payment refunded since it succeeded no longer counts
 * as a success of its window. Served by the index {@code idx_payments_status_updated_at}.
 */
@Component
public class PaymentOutcomes {

    private final JdbcTemplate jdbc;

    public PaymentOutcomes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Outcomes reached after {@code from} and up to {@code to} (the window {@code (from, to]}). */
    public Outcomes between(Instant from, Instant to) {
        long[] counts = new long[2];
        jdbc.query("SELECT status, COUNT(*) AS outcomes FROM payments WHERE status IN ('SUCCEEDED', 'FAILED', 'EXPIRED') "
                        + "AND updated_at > ? AND updated_at <= ? GROUP BY status",
                rs -> {
                    counts["SUCCEEDED".equals(rs.getString("status")) ? 0 : 1] += rs.getLong("outcomes");
                },
                Timestamp.from(from), Timestamp.from(to));
        return new Outcomes(counts[0], counts[1]);
    }

    /** @param failed FAILED and EXPIRED payments */
    public record Outcomes(long succeeded, long failed) {
        public long total() {
            return succeeded + failed;
        }
    }
}
