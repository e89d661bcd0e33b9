package io.paymenthub.reconciliation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.common.FailureReason;
import io.paymenthub.logging.LifecycleLog;
import io.paymenthub.payment.ParkedEventReplayer;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.payment.PaymentTransitions;
import io.paymenthub.provider.PaymentProvider;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.ProviderPayment;
import io.paymenthub.reconciliation.DuePayments.Due;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reconciliation, the gap no webhook closes (routes/payments/reconcilePayments.yaml): payments that stayed too long
 * where only a webhook would move them on are asked at their platform ({@link ReconciliationSchedule}) and the answer
 * is applied as the missed webhook would have been ({@link PaymentTransitions#reconcile}). A CREATED payment whose
 * create answer never came is looked up by its key where the platform can, else submitted again with its own
 * idempotency key (route submitPayment), so the platform creates it at most once.
 */
@Component("paymentReconciliation")
public class PaymentReconciliation {

    private static final Logger log = LoggerFactory.getLogger(PaymentReconciliation.class);

    /** What a run does with a payment it took. */
    public static final String ASK = "ask";
    public static final String RESUBMIT = "resubmit";
    public static final String NOTHING = "nothing";

    private final DuePayments due;
    private final ReconciliationSchedule schedule;
    private final PaymentRepository payments;
    private final PaymentProviders providers;
    private final PaymentTransitions transitions;
    private final ParkedEventReplayer replayer;
    private final ReconciliationMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public PaymentReconciliation(DuePayments due, ReconciliationProperties settings, PaymentRepository payments,
                                 PaymentProviders providers, PaymentTransitions transitions, ParkedEventReplayer replayer,
                                 ReconciliationMetrics metrics, TransactionTemplate transaction, Clock clock) {
        this.due = due;
        this.schedule = new ReconciliationSchedule(settings);
        this.payments = payments;
        this.providers = providers;
        this.transitions = transitions;
        this.replayer = replayer;
        this.metrics = metrics;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Takes this run's batch: the due payments, each with its next question moved forward in the same transaction, so
     * that another instance's run (or the admin call's) takes other payments and a restart keeps the schedule.
     */
    public List<Taken> takeDue() {
        Instant now = clock.instant();
        List<Due> taken = transaction.execute(tx -> {
            List<Due> rows = due.lockDue(schedule.firstCheckCutoffs(providers.names(), now), now, schedule.maxAttempts(),
                    schedule.batchSize());
            rows.forEach(row -> due.scheduled(row, schedule.nextCheck(row.attempt(), now)));
            return rows;
        });
        List<Taken> batch = new ArrayList<>();
        for (Due row : taken) {
            payments.findById(row.id()).filter(p -> providers.isConfigured(p.provider()))
                    .ifPresent(p -> batch.add(new Taken(p, row.attempt())));
        }
        return batch;
    }

    /** {@link #ASK} the platform, {@link #RESUBMIT} an interrupted create, or {@link #NOTHING} the hub can do. */
    public String action(@ExchangeProperty("hubPayment") Payment payment) {
        if (payment.providerPaymentId() != null || providers.of(payment.provider()).findsPaymentByIdempotencyKey()) {
            return ASK;
        }
        // an interrupted create: only the client's own request carries the card data some payments need
        return payment.status() == PaymentStatus.CREATED && !payment.needsCardData() ? RESUBMIT : NOTHING;
    }

    public PlatformRequest request(@ExchangeProperty("hubPayment") Payment payment) {
        return providers.of(payment.provider()).getPayment(payment);
    }

    /**
     * Applies the platform's answer under the payment's row lock: a payment the hub had no platform id for gets it
     * (and the events that waited for it are applied), then the reported status through the one transition entry.
     *
     * @return the outcome counted: updated or unchanged
     */
    public String apply(@ExchangeProperty("hubPayment") Payment payment, @Body JsonNode platformPayment) {
        PaymentProvider provider = providers.of(payment.provider());
        ProviderPayment reported = provider.readPayment(platformPayment);
        boolean[] learntId = {false};
        PaymentStatus after = transaction.execute(tx -> payments.lockById(payment.id()).map(current -> {
            if (current.status() != payment.status()) {
                return current.status(); // moved on meanwhile (a webhook, the client): that is the news
            }
            Payment locked = current;
            if (current.providerPaymentId() == null && reported.providerPaymentId() != null) {
                payments.markSubmitted(current.id(), reported.providerPaymentId(), reported.redirectUrl(),
                        reported.storedNextAction(), reported.storedPaymentMethod(), clock.instant());
                locked = payments.findById(current.id()).orElseThrow();
                learntId[0] = true;
            }
            return transitions.reconcile(locked, reported.status()).status();
        }).orElse(payment.status()));
        if (learntId[0]) {
            replayer.replay(payment.provider(), reported.providerPaymentId());
        }
        boolean updated = after != payment.status();
        log.info("Payment reconciled paymentId={} provider={} status={} platformStatus={} outcome={}", payment.id(),
                payment.provider(), payment.status(), reported.status(), updated ? "updated" : "unchanged");
        return updated ? "updated" : "unchanged";
    }

    /** The platform could not be asked (or the payment not submitted) this time: the next question is on its schedule. */
    public String failed(@ExchangeProperty("hubPayment") Payment payment,
                         @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        log.warn("Payment not reconciled in this run paymentId={} provider={} status={} reason={}", payment.id(),
                payment.provider(), payment.status(), FailureReason.of(failure, 300));
        return "failed";
    }

    /**
     * Counts what came of the question; after the last one, a payment still where it was is logged once
     * ({@code payment.reconciliation_exhausted}) and counted {@code gave_up}: an operator's case now.
     */
    public void finished(@ExchangeProperty("hubPayment") Payment payment, @ExchangeProperty("hubReconcileAttempt") int attempt,
                         @ExchangeProperty("hubReconcileOutcome") String outcome) {
        metrics.counted(payment.provider(), outcome);
        if (!schedule.isLast(attempt)) {
            return;
        }
        PaymentStatus now = payments.findById(payment.id()).map(Payment::status).orElse(payment.status());
        if (now == payment.status()) {
            metrics.counted(payment.provider(), "gave_up");
            LifecycleLog.warn(log, "payment.reconciliation_exhausted", "Payment still unresolved after the last reconciliation",
                    "paymentId", payment.id(), "provider", payment.provider(), "status", now, "attempts", attempt);
        }
    }

    /** A payment taken by this run, with which question of its status this is. */
    public record Taken(Payment payment, int attempt) { }
}
