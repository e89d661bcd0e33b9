package io.paymenthub.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.TextFields;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Stripe-style idempotency in the database (seed 000, Idempotency Keys): the key, from the
 * {@code Idempotency-Key} header or derived from userId and orderId (never random), maps to one
 * payment. The payment row is inserted before the platform is called, under the key's unique
 * constraint, so two concurrent requests with one key make one payment; which of them goes on to the
 * platform is decided by the attempt lease (submitPayment).
 */
@Component("paymentIdempotency")
public class PaymentIdempotency {

    private final PaymentRepository payments;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public PaymentIdempotency(PaymentRepository payments, ObjectMapper objectMapper, Clock clock) {
        this.payments = payments;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    public Claim claim(@ExchangeProperty("hubPaymentRequest") PaymentRequest request,
                       @Header("Idempotency-Key") String headerKey,
                       @ExchangeProperty("hubClient") String client) {
        String key = keyFor(request, headerKey);
        Instant now = clock.instant();
        Payment candidate = new Payment(UUID.randomUUID().toString(), request.provider(), null, PaymentStatus.CREATED,
                request.userId(), request.orderId(), request.amount(), request.currency(), 0, key, null, null, now, now,
                platformRequest(request), client, null, null);
        if (payments.insertIfAbsent(candidate)) {
            return new Claim(candidate, Claim.Outcome.NEW);
        }
        Payment existing = payments.findByIdempotencyKey(key)
                .orElseThrow(() -> new IllegalStateException("A payment with this id or key vanished"));
        if (!existing.userId().equals(request.userId()) || existing.amount() != request.amount()
                || !existing.currency().equals(request.currency())) {
            throw new HubHttpException(409, "IDEMPOTENCY_CONFLICT",
                    "This idempotency key was used for a payment with a different amount, currency or user");
        }
        return new Claim(existing, notAtThePlatform(existing) ? Claim.Outcome.RESUBMIT : Claim.Outcome.REPLAY);
    }

    /**
     * A payment the platform has not answered yet: QUEUED (a client retrying it gets an attempt now, not only
     * at the next background run), or CREATED without the platform's id (its attempt is still running, or it
     * was interrupted by a crash mid-call: then the replay submits it again with the same key, and the
     * platform de-duplicates). submitPayment takes the attempt only when no other attempt holds it.
     */
    private static boolean notAtThePlatform(Payment payment) {
        return payment.providerPaymentId() == null
                && (payment.status() == PaymentStatus.QUEUED || payment.status() == PaymentStatus.CREATED);
    }

    static String keyFor(PaymentRequest request, String headerKey) {
        if (headerKey != null && !headerKey.isBlank()) {
            // the API header and the payments.requests property alike: within the column, no NUL or lone surrogate
            return TextFields.API.identifier("Idempotency-Key", headerKey.trim(), TextFields.IDEMPOTENCY_KEY);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((request.userId() + "\n" + request.orderId()).getBytes(StandardCharsets.UTF_8));
            return "payment_" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the billing platform receives (contract section 5): no card data, nothing the platform does not take. */
    private String platformRequest(PaymentRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", request.userId());
        body.put("orderId", request.orderId());
        body.put("amount", request.amount());
        body.put("currency", request.currency());
        if (request.description() != null) {
            body.put("description", request.description());
        }
        if (request.returnUrl() != null) {
            body.put("returnUrl", request.returnUrl());
        }
        if (request.customer() != null) {
            body.put("customer", request.customer());
        }
        try {
            return objectMapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payment a request maps to, and whether this request created it, replays it or retries it. */
    public record Claim(Payment payment, Outcome outcome) {
        public enum Outcome { NEW, REPLAY, RESUBMIT }

        public boolean needsSubmission() {
            return outcome != Outcome.REPLAY;
        }
    }
}
