package io.paymenthub.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One payment at the fake platform, as the ledger holds it: immutable, replaced on every change. */
public record SandboxPayment(String id, String idempotencyKey, String userId, String orderId, long amount,
                             String currency, String description, String returnUrl, String redirectUrl,
                             SandboxScenario scenario, Status status, long refundedAmount, Instant createdAt) {

    /** The platform's payment statuses; every one but PENDING is final. */
    public enum Status { PENDING, SUCCEEDED, FAILED, EXPIRED, CANCELLED }

    SandboxPayment withStatus(Status newStatus) {
        return new SandboxPayment(id, idempotencyKey, userId, orderId, amount, currency, description, returnUrl,
                redirectUrl, scenario, newStatus, refundedAmount, createdAt);
    }

    SandboxPayment withRefunded(long newRefundedAmount) {
        return new SandboxPayment(id, idempotencyKey, userId, orderId, amount, currency, description, returnUrl,
                redirectUrl, scenario, status, newRefundedAmount, createdAt);
    }

    /** The platform's payment JSON (contract section 5), field by field so no mapper setting changes it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("status", status.name());
        json.put("amount", amount);
        json.put("currency", currency);
        json.put("userId", userId);
        json.put("orderId", orderId);
        json.put("description", description);
        json.put("redirectUrl", redirectUrl);
        json.put("refundedAmount", refundedAmount);
        json.put("createdAt", createdAt.toString());
        return json;
    }
}
