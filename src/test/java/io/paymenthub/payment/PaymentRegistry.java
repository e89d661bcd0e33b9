package io.paymenthub.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Test fixture: stores a payment as if the platform had accepted it (status and platform id given),
 * then applies any of its events that were kept because they arrived first, as the hub does when a
 * create call is answered.
 */
@Component
public class PaymentRegistry {

    private final PaymentRepository payments;
    private final ParkedEventReplayer replayer;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public PaymentRegistry(PaymentRepository payments, ParkedEventReplayer replayer, TransactionTemplate transaction,
                           Clock clock) {
        this.payments = payments;
        this.replayer = replayer;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Payment register(NewPayment request) {
        Instant now = clock.instant();
        Payment payment = new Payment(UUID.randomUUID().toString(), request.provider(), request.providerPaymentId(),
                request.status(), request.userId(), request.orderId(), request.amount(), request.currency(), 0,
                request.idempotencyKey(), request.redirectUrl(), null, now, now);
        if (!Boolean.TRUE.equals(transaction.execute(status -> payments.insertIfAbsent(payment)))) {
            throw new IllegalStateException("A payment with this id or idempotency key exists already");
        }
        if (payment.providerPaymentId() != null) {
            replayer.replay(payment.provider(), payment.providerPaymentId());
        }
        return payments.findById(payment.id()).orElseThrow();
    }

    public record NewPayment(String provider, String providerPaymentId, PaymentStatus status, String userId,
                             String orderId, long amount, String currency, String idempotencyKey, String redirectUrl) {
    }
}
