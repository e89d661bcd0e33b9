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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refund requests, from the API or from {@code refunds.requests} (seed 004, asynchronous refunds):
 * validates them against the payment (refundable status, no more than what is left), and records
 * each once under its idempotency key. The key comes from the caller or is derived from the payment
 * and the amount (never random), so a retried request never refunds twice.
 * <p>
 * Validation and the insert run in one transaction under the payment's row lock, so concurrent refunds
 * of one payment are checked one after the other and never add up to more than the payment. A queue
 * message is checked like an API request whoever wrote it: one that names a refund id is taken only
 * when it matches the refund the hub recorded under that id.
 */
@Component("refundIntake")
public class RefundIntake {

    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final ObjectMapper objectMapper;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final StrictJsonReader json;

    public RefundIntake(PaymentRepository payments, RefundRepository refunds, ObjectMapper objectMapper,
                        StrictJsonReader json, TransactionTemplate transaction, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.objectMapper = objectMapper;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** POST /api/payments/{id}/refunds: {@code {"amount": n}}, or {@code {}} for what is left. */
    public RefundRequest fromApi(Exchange exchange) {
        String paymentId = exchange.getMessage().getHeader("id", String.class);
        JsonNode body = readObject(exchange.getMessage().getBody(byte[].class));
        return request(paymentId, body.path("amount"), callerKey(exchange.getMessage().getHeader("Idempotency-Key", String.class)), null);
    }

    /**
     * refunds.requests: {@code {"paymentId", "amount"}} from another system (key in the JMS property
     * {@code idempotencyKey}), or a refund the API recorded ({@code refundId} and {@code idempotencyKey} too).
     * Nothing in the body is trusted: {@link #record} checks it against the database.
     */
    public RefundRequest fromBroker(Exchange exchange) {
        JsonNode body = readObject(exchange.getMessage().getBody(byte[].class));
        String key = callerKey(body.path("idempotencyKey").isTextual() ? body.path("idempotencyKey").asText()
                : exchange.getMessage().getHeader("idempotencyKey", String.class));
        String refundId = body.path("refundId").isTextual() ? body.path("refundId").asText() : null;
        return request(body.path("paymentId").asText(null), body.path("amount"), key, refundId);
    }

    private static RefundRequest request(String paymentId, JsonNode amountNode, String key, String refundId) {
        if (paymentId == null || paymentId.isBlank()) {
            throw new HubHttpException(400, "MISSING_FIELD", "paymentId is required");
        }
        Long amount = null;
        if (!amountNode.isMissingNode() && !amountNode.isNull()) {
            if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
                throw new HubHttpException(400, "AMOUNT_NOT_INTEGER", "amount must be an integer in the currency's minor unit");
            }
            amount = amountNode.asLong();
        }
        return new RefundRequest(paymentId, amount, key != null && !key.isBlank() ? key.trim() : null, refundId);
    }

    /**
     * Validates the request under the payment's row lock and records the refund once. Runs in the caller's
     * transaction when there is one (the API's hand-off, which sends refunds.requests before it commits),
     * else in its own.
     */
    public RecordedRefund record(@ExchangeProperty("hubRefundRequest") RefundRequest request) {
        return transaction.execute(status -> recordLocked(request));
    }

    /**
     * As {@link #record}, for the API's hand-off: a refusal is returned, not thrown, so it does not roll back
     * (and log) the route's transaction, in which nothing was written yet; {@link #requireAccepted} answers it.
     */
    public RecordedRefund recordForApi(@ExchangeProperty("hubRefundRequest") RefundRequest request) {
        return transaction.execute(status -> {
            try {
                return recordLocked(request);
            } catch (HubHttpException refusal) {
                return RecordedRefund.refused(refusal);
            }
        });
    }

    public void requireAccepted(@ExchangeProperty("hubRecordedRefund") RecordedRefund recorded) {
        if (recorded.refusal() != null) {
            throw recorded.refusal();
        }
    }

    private RecordedRefund recordLocked(RefundRequest request) {
        String paymentId = request.paymentId();
        // everything below reads what earlier holders of this lock committed
        Payment payment = payments.lockById(paymentId).orElseThrow(() -> HubHttpException.notFound("Payment"));
        Refund named = null;
        if (request.refundId() != null) {
            // the API's hand-off held this lock while it sent the message: its refund row is committed by now or never
            named = refunds.lockById(request.refundId()).orElse(null);
            if (named != null && matches(named, request)) {
                return new RecordedRefund(named, false); // the hub's own record, whatever the body says besides
            }
        }
        if (payment.status() != PaymentStatus.SUCCEEDED && payment.status() != PaymentStatus.PARTIALLY_REFUNDED) {
            throw new HubHttpException(409, "NOT_REFUNDABLE", "A payment in status " + payment.status() + " cannot be refunded");
        }
        long left = payment.amount() - payment.refundedAmount() - refunds.openAmount(paymentId);
        long amount = request.amount() != null ? request.amount() : left;
        if (request.refundId() != null) {
            if (amount <= 0 || amount > left) {
                throw outOfRange(left);
            }
            throw named == null
                    ? new HubHttpException(404, "NOT_FOUND",
                            "Refund not recorded by the hub: a message with a refundId must name a refund the hub accepted")
                    : new HubHttpException(409, "REFUND_MISMATCH",
                            "The message does not match the refund the hub recorded under its refundId");
        }
        String key = request.idempotencyKey() != null ? request.idempotencyKey()
                : request.amount() != null ? derivedKey(paymentId, amount)
                // "the rest" is named by what was refunded when it was asked, which its own row does not change:
                // a retry or redelivery finds it, although nothing is left beside it any more
                : derivedKey(paymentId, "rest after " + payment.refundedAmount());
        Refund earlier = refunds.findByIdempotencyKey(key).orElse(null);
        if (earlier != null) {
            return replay(earlier, request, amount);
        }
        if (amount <= 0 || amount > left) {
            throw outOfRange(left);
        }
        Refund candidate = new Refund(UUID.randomUUID().toString(), paymentId, amount, "PENDING", key, null);
        if (refunds.insertIfAbsent(candidate, clock.instant())) {
            return new RecordedRefund(candidate, true);
        }
        // the same key taken at this instant for another payment (whose lock we do not hold)
        return replay(refunds.findByIdempotencyKey(key).orElseThrow(), request, amount);
    }

    private static boolean matches(Refund recorded, RefundRequest request) {
        return recorded.paymentId().equals(request.paymentId())
                && (request.amount() == null || recorded.amount() == request.amount())
                && (request.idempotencyKey() == null || recorded.idempotencyKey().equals(request.idempotencyKey()));
    }

    private static HubHttpException outOfRange(long left) {
        return new HubHttpException(400, "AMOUNT_OUT_OF_RANGE", "amount must be between 1 and " + left);
    }

    private static RecordedRefund replay(Refund earlier, RefundRequest request, long amount) {
        if (!earlier.paymentId().equals(request.paymentId()) || (request.amount() != null && earlier.amount() != amount)) {
            throw new HubHttpException(409, "IDEMPOTENCY_CONFLICT",
                    "This idempotency key was used for a refund of another payment or amount");
        }
        return new RecordedRefund(earlier, false);
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
        return derivedKey(paymentId, Long.toString(amount));
    }

    private static String derivedKey(String paymentId, String what) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((paymentId + "\n" + what).getBytes(StandardCharsets.UTF_8));
            return "refund_" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
