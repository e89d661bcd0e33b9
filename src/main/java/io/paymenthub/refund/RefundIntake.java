package io.paymenthub.refund;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.common.TextFields;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Refund requests, from the API or from {@code refunds.requests} (seed 004, asynchronous refunds):
 * validates them against the payment (refundable status, no more than what is left), and records
 * each once under its idempotency key. The key comes from the caller or is derived from the payment
 * and the amount (never random), so a retried request never refunds twice.
 */
@Component("refundIntake")
public class RefundIntake {

    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final StrictJsonReader json;

    public RefundIntake(PaymentRepository payments, RefundRepository refunds, ObjectMapper objectMapper, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.json = new StrictJsonReader(objectMapper);
    }

    /** POST /api/payments/{id}/refunds: {@code {"amount": n}}, or {@code {}} for what is left. */
    public RefundRequest fromApi(Exchange exchange) {
        String paymentId = exchange.getMessage().getHeader("id", String.class);
        JsonNode body = readObject(exchange.getMessage().getBody(byte[].class));
        return validate(paymentId, body.path("amount"), callerKey(exchange.getMessage().getHeader("Idempotency-Key", String.class)));
    }

    /**
     * refunds.requests: {@code {"paymentId", "amount"}} from another system, or a refund the API accepted
     * ({@code refundId} and {@code idempotencyKey} too). The latter carries all it needs, because the
     * message can arrive before the API's transaction has committed the refund's row.
     */
    public RefundRequest fromBroker(Exchange exchange) {
        JsonNode body = readObject(exchange.getMessage().getBody(byte[].class));
        String refundId = body.path("refundId").asText(null);
        String paymentId = body.path("paymentId").asText(null);
        if (refundId != null && body.path("idempotencyKey").isTextual() && body.path("amount").canConvertToLong()) {
            // validated when the API accepted it
            return new RefundRequest(paymentId, body.path("amount").asLong(), body.path("idempotencyKey").asText(), refundId);
        }
        String key = callerKey(exchange.getMessage().getHeader("idempotencyKey", String.class));
        return validate(paymentId, body.path("amount"), key);
    }

    private RefundRequest validate(String paymentId, JsonNode amountNode, String headerKey) {
        if (paymentId == null || paymentId.isBlank()) {
            throw new HubHttpException(400, "MISSING_FIELD", "paymentId is required");
        }
        Payment payment = payments.findById(paymentId).orElseThrow(() -> HubHttpException.notFound("Payment"));
        if (payment.status() != PaymentStatus.SUCCEEDED && payment.status() != PaymentStatus.PARTIALLY_REFUNDED) {
            throw new HubHttpException(409, "NOT_REFUNDABLE", "A payment in status " + payment.status() + " cannot be refunded");
        }
        long left = payment.amount() - payment.refundedAmount() - refunds.openAmount(paymentId);
        long amount;
        if (amountNode.isMissingNode() || amountNode.isNull()) {
            amount = left;
        } else if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
            throw new HubHttpException(400, "AMOUNT_NOT_INTEGER", "amount must be an integer in the currency's minor unit");
        } else {
            amount = amountNode.asLong();
        }
        String key = headerKey != null && !headerKey.isBlank() ? headerKey.trim() : derivedKey(paymentId, amount);
        Refund earlier = refunds.findByIdempotencyKey(key).orElse(null);
        if (earlier != null) {
            boolean amountGiven = !amountNode.isMissingNode() && !amountNode.isNull();
            if (!earlier.paymentId().equals(paymentId) || (amountGiven && earlier.amount() != amount)) {
                throw new HubHttpException(409, "IDEMPOTENCY_CONFLICT",
                        "This idempotency key was used for a refund of another payment or amount");
            }
            return new RefundRequest(paymentId, earlier.amount(), key, null); // a replay: the refund recorded before
        }
        if (amount <= 0 || amount > left) {
            throw new HubHttpException(400, "AMOUNT_OUT_OF_RANGE", "amount must be between 1 and " + left);
        }
        return new RefundRequest(paymentId, amount, key, null);
    }

    /** Records the refund once; the route sends it to refunds.requests in the same transaction when it is new. */
    public Refund record(@ExchangeProperty("hubRefundRequest") RefundRequest request, Exchange exchange) {
        String id = request.refundId() != null ? request.refundId() : UUID.randomUUID().toString();
        Refund candidate = new Refund(id, request.paymentId(), request.amount(), "PENDING", request.idempotencyKey(), null);
        boolean created = refunds.insertIfAbsent(candidate, clock.instant());
        exchange.setProperty("hubNewRefund", created);
        return created ? candidate : refunds.findByIdempotencyKey(request.idempotencyKey()).orElseThrow();
    }

    /** The refunds.requests message for a refund the hub recorded. */
    public String message(@ExchangeProperty("hubRefund") Refund refund) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paymentId", refund.paymentId());
        body.put("amount", refund.amount());
        body.put("refundId", refund.id());
        body.put("idempotencyKey", refund.idempotencyKey());
        return objectMapper.writeValueAsString(body);
    }

    /** 202 {@code {"refundId", "status", "message"}}. */
    public String accepted(@ExchangeProperty("hubRefund") Refund refund, Exchange exchange) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refundId", refund.id());
        body.put("status", refund.status());
        body.put("message", "Refund initiated");
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return objectMapper.writeValueAsString(body);
    }

    /**
     * The body must be one JSON object, also on the API (an empty body is not "refund the rest": {@code {}} is),
     * read strictly: a repeated "amount" key or trailing content is refused, not resolved by the last one.
     */
    private JsonNode readObject(byte[] body) {
        return json.readObject(body, "MALFORMED_JSON");
    }

    /** The caller's Idempotency-Key, within the refunds.idempotency_key column and free of characters it cannot hold. */
    private static String callerKey(String key) {
        return key == null || key.isBlank() ? null : TextFields.API.identifier("Idempotency-Key", key.trim(), TextFields.IDEMPOTENCY_KEY);
    }

    static String derivedKey(String paymentId, long amount) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((paymentId + "\n" + amount).getBytes(StandardCharsets.UTF_8));
            return "refund_" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
