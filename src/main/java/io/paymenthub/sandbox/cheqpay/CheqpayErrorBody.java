package io.paymenthub.sandbox.cheqpay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of the sandbox Cheqpay's error bodies: Cheqpay's shape
 * {@code {"error": {"code", "message", "details": [{"field", "message"}]}}} plus a top-level {@code "code"},
 * so a reader of the hub's own error shape finds the code where it expects it.
 */
final class CheqpayErrorBody {

    private CheqpayErrorBody() {
    }

    static Map<String, Object> of(CheqpayRefusal refusal) {
        return of(refusal.code(), refusal.getMessage(), refusal.details(), refusal.declineReason());
    }

    static Map<String, Object> of(String code, String message, List<CheqpayRefusal.Detail> details, String declineReason) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details.stream().map(detail -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", detail.field());
            entry.put("message", detail.message());
            return entry;
        }).toList());
        if (declineReason != null) {
            error.put("declineReason", declineReason);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("code", code);
        return body;
    }
}
