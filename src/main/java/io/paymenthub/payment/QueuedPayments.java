package io.paymenthub.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.paymenthub.config.HubProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Payments QUEUED because the platform was unavailable, and CREATED ones whose attempt was interrupted:
 * which are due for their next background attempt, and which have waited past the give-up horizon and
 * go to the dead-letter queue with the reason instead. A dead-lettered payment
 * stays QUEUED; sending its request again (payments.requests or the API, same idempotency key)
 * retries it.
 */
@Component("queuedPayments")
public class QueuedPayments {

    private static final int BATCH = 50;

    private final PaymentRepository payments;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration interruptedAfter;
    private final Duration giveUpAfter;

    public QueuedPayments(PaymentRepository payments, JdbcTemplate jdbc, Clock clock, HubProperties properties) {
        this.payments = payments;
        this.jdbc = jdbc;
        this.clock = clock;
        this.interruptedAfter = properties.getRetry().getInterruptedAfter();
        this.giveUpAfter = properties.getRetry().getGiveUpAfter();
    }

    /**
     * The payments due for a background attempt: QUEUED ones whose next attempt is due, and CREATED ones
     * whose attempt was interrupted (older than hub.retry.interrupted-after, held by no attempt). Nothing is
     * leased here: each is taken just before its own attempt (submitPayment), so a long batch never outlives
     * a lease and a payment another instance took meanwhile is skipped.
     */
    public List<Payment> dueForAttempt() {
        Instant now = clock.instant();
        List<Payment> due = new ArrayList<>();
        for (String id : payments.dueForAttempt(now, now.minus(interruptedAfter), BATCH)) {
            payments.findById(id).ifPresent(due::add);
        }
        return due;
    }

    public boolean pastGiveUp(@ExchangeProperty("hubPayment") Payment payment) {
        return payment.queuedSince() != null && payment.queuedSince().plus(giveUpAfter).isBefore(clock.instant());
    }

    /**
     * Stops the background attempts of a payment past the give-up horizon. Runs in the transaction of the
     * dead-letter send (route deadLetterQueuedPayment), so a send that fails rolls it back.
     *
     * @return false when the payment is no longer waiting for a background attempt (another instance
     *         dead-lettered it, or it moved on)
     */
    public boolean stopRetrying(@ExchangeProperty("hubPayment") Payment payment) {
        return payments.stopRetrying(payment.id(), clock.instant());
    }

    /** Makes the exchange the dead letter: the payment's request, with the reason. */
    public void deadLetter(Exchange exchange) {
        Payment payment = exchange.getProperty("hubPayment", Payment.class);
        String lastError = jdbc.queryForObject("SELECT last_error FROM payments WHERE id = ?", String.class, payment.id());
        String reason = "Platform unavailable since " + payment.queuedSince() + ", gave up after " + giveUpAfter
                + (lastError == null ? "" : "; last error: " + lastError);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("hubFailureReason", reason);
        exchange.getMessage().setHeader("hubPaymentId", payment.id());
        // the property payments.requests reads: moved back to its queue, it retries the same payment
        exchange.getMessage().setHeader("idempotencyKey", payment.idempotencyKey());
        exchange.getMessage().setBody(payment.platformRequest());
    }
}
