package io.paymenthub.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.paymenthub.sandbox.SandboxPayment.Status;

/**
 * The fake platform's books, in memory: payments in creation order, refunds, and which idempotency
 * key produced which. Every method is synchronized, so a key is claimed by exactly one call even
 * when the hub retries concurrently. Each map keeps at most {@link #DEFAULT_CAPACITY} entries (the
 * oldest go first), so a long benchmark run cannot exhaust the hub's memory.
 */
public class SandboxLedger {

    public static final int DEFAULT_CAPACITY = 100_000;

    /** The result of a call that is idempotent by key: {@code isNew} false means an earlier call's result. */
    public record Keyed<T>(T value, boolean isNew) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, SandboxPayment> payments;
    private final Map<String, String> paymentIdByKey;
    private final Map<String, Integer> createCallsByKey;
    private final Map<String, SandboxRefund> refunds;
    private final Map<String, String> refundIdByKey;

    public SandboxLedger(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    SandboxLedger(Clock clock, int capacity) {
        this.clock = clock;
        this.payments = bounded(capacity);
        this.paymentIdByKey = bounded(capacity);
        this.createCallsByKey = bounded(capacity);
        this.refunds = bounded(capacity);
        this.refundIdByKey = bounded(capacity);
    }

    /** Counts one {@code POST /payments} call with this key and answers how many there have been, this one included. */
    public synchronized int countCreateCall(String idempotencyKey) {
        return createCallsByKey.merge(idempotencyKey, 1, Integer::sum);
    }

    /** How many {@code POST /payments} calls used this key (for tests: "the platform was called once"). */
    public synchronized int createCalls(String idempotencyKey) {
        return createCallsByKey.getOrDefault(idempotencyKey, 0);
    }

    /**
     * Creates a PENDING payment, or returns the one this key created before.
     *
     * @param redirectUrl the checkout URL of a new payment id
     * @throws SandboxRefusal 409 IDEMPOTENCY_CONFLICT when the key was used for another amount, currency or user
     */
    public synchronized Keyed<SandboxPayment> create(String idempotencyKey, SandboxPaymentRequest request,
                                                     Function<String, String> redirectUrl) {
        String existingId = paymentIdByKey.get(idempotencyKey);
        SandboxPayment existing = existingId == null ? null : payments.get(existingId);
        if (existing != null) {
            if (existing.amount() != request.amount() || !existing.currency().equals(request.currency())
                    || !existing.userId().equals(request.userId())) {
                throw new SandboxRefusal(409, "IDEMPOTENCY_CONFLICT",
                        "This Idempotency-Key was used for a payment with another amount, currency or user");
            }
            return new Keyed<>(existing, false);
        }
        String id = newId("pay_");
        SandboxPayment payment = new SandboxPayment(id, idempotencyKey, request.userId(), request.orderId(),
                request.amount(), request.currency(), request.description(), request.returnUrl(), redirectUrl.apply(id),
                SandboxScenario.of(request.description()), Status.PENDING, 0, clock.instant());
        payments.put(id, payment);
        paymentIdByKey.put(idempotencyKey, id);
        return new Keyed<>(payment, true);
    }

    public synchronized Optional<SandboxPayment> find(String paymentId) {
        return Optional.ofNullable(payments.get(paymentId));
    }

    /** One page of payments in creation order, of one user when {@code userId} is given. */
    public synchronized List<SandboxPayment> list(String userId, int limit, int offset) {
        List<SandboxPayment> page = new ArrayList<>();
        int skipped = 0;
        for (SandboxPayment payment : payments.values()) {
            if (page.size() == limit) {
                break;
            }
            if (userId != null && !userId.equals(payment.userId())) {
                continue;
            }
            if (skipped < offset) {
                skipped++;
                continue;
            }
            page.add(payment);
        }
        return page;
    }

    public synchronized int paymentCount() {
        return payments.size();
    }

    /**
     * Moves a PENDING payment to a final status.
     *
     * @return the changed payment; empty when it is unknown or already final (a final status never changes)
     */
    public synchronized Optional<SandboxPayment> settle(String paymentId, Status status) {
        SandboxPayment payment = payments.get(paymentId);
        if (payment == null || payment.status() != Status.PENDING || status == Status.PENDING) {
            return Optional.empty();
        }
        SandboxPayment settled = payment.withStatus(status);
        payments.put(paymentId, settled);
        return Optional.of(settled);
    }

    /** @throws SandboxRefusal 404 for an unknown payment, 409 NOT_CANCELLABLE when it is no longer pending */
    public synchronized SandboxPayment cancel(String paymentId) {
        SandboxPayment payment = payments.get(paymentId);
        if (payment == null) {
            throw SandboxRefusal.notFound("No such payment");
        }
        return settle(paymentId, Status.CANCELLED).orElseThrow(() ->
                new SandboxRefusal(409, "NOT_CANCELLABLE", "Only a pending payment can be cancelled"));
    }

    /**
     * Opens a PENDING refund, or returns the one this key opened before. Whether the amount is still
     * available is decided when the refund settles ({@link #settleRefund}), as a real platform does.
     *
     * @throws SandboxRefusal 404 unknown payment; 409 IDEMPOTENCY_CONFLICT when the key was used for
     *                        another payment or amount; 409 NOT_REFUNDABLE when the payment has not succeeded
     */
    public synchronized Keyed<SandboxRefund> refund(String paymentId, String idempotencyKey, long amount) {
        SandboxPayment payment = payments.get(paymentId);
        if (payment == null) {
            throw SandboxRefusal.notFound("No such payment");
        }
        String existingId = refundIdByKey.get(idempotencyKey);
        SandboxRefund existing = existingId == null ? null : refunds.get(existingId);
        if (existing != null) {
            if (!existing.paymentId().equals(paymentId) || existing.amount() != amount) {
                throw new SandboxRefusal(409, "IDEMPOTENCY_CONFLICT",
                        "This Idempotency-Key was used for a refund of another payment or amount");
            }
            return new Keyed<>(existing, false);
        }
        if (payment.status() != Status.SUCCEEDED) {
            throw new SandboxRefusal(409, "NOT_REFUNDABLE", "Only a succeeded payment can be refunded");
        }
        SandboxRefund refund = new SandboxRefund(newId("re_"), paymentId, idempotencyKey, amount,
                SandboxRefund.Status.PENDING, clock.instant());
        refunds.put(refund.id(), refund);
        refundIdByKey.put(idempotencyKey, refund.id());
        return new Keyed<>(refund, true);
    }

    /**
     * Settles a PENDING refund: SUCCEEDED (and counted against the payment) when its amount is still
     * available, else FAILED.
     *
     * @return the settled refund; empty when it is unknown or already settled
     */
    public synchronized Optional<SandboxRefund> settleRefund(String refundId) {
        SandboxRefund refund = refunds.get(refundId);
        if (refund == null || refund.status() != SandboxRefund.Status.PENDING) {
            return Optional.empty();
        }
        SandboxPayment payment = payments.get(refund.paymentId());
        boolean available = payment != null && refund.amount() <= payment.amount() - payment.refundedAmount();
        if (available) {
            payments.put(payment.id(), payment.withRefunded(payment.refundedAmount() + refund.amount()));
        }
        SandboxRefund settled = refund.withStatus(available ? SandboxRefund.Status.SUCCEEDED : SandboxRefund.Status.FAILED);
        refunds.put(refundId, settled);
        return Optional.of(settled);
    }

    public synchronized Optional<SandboxRefund> findRefund(String refundId) {
        return Optional.ofNullable(refunds.get(refundId));
    }

    private String newId(String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** A map in insertion order that forgets its oldest entry beyond {@code capacity}: a sandbox's memory stays bounded. */
    public static <K, V> Map<K, V> bounded(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
