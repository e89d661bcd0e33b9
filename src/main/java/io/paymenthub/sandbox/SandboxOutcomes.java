package io.paymenthub.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paymenthub.sandbox.SandboxPayment.Status;

/**
 * What happens at the fake platform after a call has been answered: the status changes that a real
 * platform's processing would bring, and the webhook announcing each. A status change is applied to
 * the ledger at the moment its webhook is sent, so {@code GET /payments/{id}} never runs ahead of the
 * webhooks, and a change that is no longer possible (a payment cancelled meanwhile) is not announced.
 */
public class SandboxOutcomes {

    private final SandboxLedger ledger;
    private final SandboxWebhookSender sender;
    private final Duration delay;

    public SandboxOutcomes(SandboxLedger ledger, SandboxWebhookSender sender, Duration delay) {
        this.ledger = ledger;
        this.sender = sender;
        this.delay = delay;
    }

    /** The scenario's webhooks, one every {@code hub.sandbox.webhook-delay}. */
    public void paymentCreated(SandboxPayment payment) {
        List<String> eventTypes = payment.scenario().webhooks();
        for (int i = 0; i < eventTypes.size(); i++) {
            String eventType = eventTypes.get(i);
            sender.later(delay.multipliedBy(i + 1L), () -> announce(payment.id(), eventType));
        }
    }

    /** The ledger has cancelled it already (the call's answer says so); the webhook follows. */
    public void paymentCancelled(SandboxPayment payment) {
        sender.later(delay, () -> sender.send("payment.cancelled", paymentData(payment, Status.CANCELLED),
                copies(payment)));
    }

    /** The refund settles after the delay: refund.succeeded, or refund.failed when the amount is no longer there. */
    public void refundRequested(SandboxRefund refund) {
        sender.later(delay, () -> ledger.settleRefund(refund.id()).ifPresent(settled ->
                ledger.find(settled.paymentId()).ifPresent(payment -> sender.send(
                        settled.status() == SandboxRefund.Status.SUCCEEDED ? "refund.succeeded" : "refund.failed",
                        refundData(payment, settled), copies(payment)))));
    }

    private void announce(String paymentId, String eventType) {
        Status status = statusOf(eventType);
        if (status == Status.PENDING) {
            // informational; after a final status only the out-of-order scenario still sends it, on purpose
            ledger.find(paymentId)
                    .filter(p -> p.status() == Status.PENDING || p.scenario() == SandboxScenario.OUT_OF_ORDER)
                    .ifPresent(p -> sender.send(eventType, paymentData(p, Status.PENDING), copies(p)));
        } else {
            ledger.settle(paymentId, status).ifPresent(p -> sender.send(eventType, paymentData(p, status), copies(p)));
        }
    }

    static Status statusOf(String eventType) {
        return switch (eventType) {
            case "payment.pending" -> Status.PENDING;
            case "payment.succeeded" -> Status.SUCCEEDED;
            case "payment.failed" -> Status.FAILED;
            case "payment.expired" -> Status.EXPIRED;
            case "payment.cancelled" -> Status.CANCELLED;
            default -> throw new IllegalArgumentException("Not a payment event: " + eventType);
        };
    }

    private static int copies(SandboxPayment payment) {
        return payment.scenario().duplicatesWebhooks() ? 2 : 1;
    }

    private static Map<String, Object> paymentData(SandboxPayment payment, Status status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", payment.id());
        data.put("userId", payment.userId());
        data.put("orderId", payment.orderId());
        data.put("amount", payment.amount());
        data.put("currency", payment.currency());
        data.put("status", status.name());
        return data;
    }

    private static Map<String, Object> refundData(SandboxPayment payment, SandboxRefund refund) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", payment.id());
        data.put("refundId", refund.id());
        data.put("userId", payment.userId());
        data.put("orderId", payment.orderId());
        data.put("amount", refund.amount());
        data.put("currency", payment.currency());
        data.put("status", refund.status().name());
        return data;
    }
}
