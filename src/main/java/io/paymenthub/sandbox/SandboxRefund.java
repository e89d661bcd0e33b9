package io.paymenthub.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One refund at the fake platform: PENDING until the sandbox settles it, then SUCCEEDED or FAILED. */
public record SandboxRefund(String id, String paymentId, String idempotencyKey, long amount, Status status,
                            Instant createdAt) {

    public enum Status { PENDING, SUCCEEDED, FAILED }

    SandboxRefund withStatus(Status newStatus) {
        return new SandboxRefund(id, paymentId, idempotencyKey, amount, newStatus, createdAt);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("status", status.name());
        json.put("paymentId", paymentId);
        json.put("amount", amount);
        json.put("createdAt", createdAt.toString());
        return json;
    }
}
