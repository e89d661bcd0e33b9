package io.paymenthub.provider.billing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.TextFields;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRequest;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.provider.PaymentProvider;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.StoredCustomer;
import io.paymenthub.provider.ProviderPayment;
import io.paymenthub.refund.Refund;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;
import io.paymenthub.webhook.WebhookFields;
import org.springframework.stereotype.Component;

/**
 * The billing platform (seed 000; contract section 5): its calls, its idempotency rule (the merchant's key or
 * one derived from userId and orderId, never random), its webhook body and event names, its statuses and
 * decline codes. Authentication (a tenant login, a JWT reused until shortly before it expires) is
 * {@link BillingHttpExchange} with {@link BillingTokenCache}, behind the route {@code direct:send-billing}.
 */
@Component("billingConnector")
public class BillingConnector implements PaymentProvider {

    public static final String NAME = "billing";

    /** The billing platform's event names and the status each asks for. */
    private static final Map<String, EventEffect> EVENTS = Map.of(
            "payment.pending", EventEffect.status(PaymentStatus.PROVIDER_PENDING),
            "payment.succeeded", EventEffect.status(PaymentStatus.SUCCEEDED),
            "payment.failed", EventEffect.status(PaymentStatus.FAILED),
            "payment.expired", EventEffect.status(PaymentStatus.EXPIRED),
            "payment.cancelled", EventEffect.status(PaymentStatus.CANCELLED),
            "refund.succeeded", EventEffect.REFUND_SUCCEEDED,
            "refund.failed", EventEffect.REFUND_FAILED);

    /** Customer-friendly words for the platform's failure codes (seed 000: avoid technical jargon). */
    private static final Map<String, String> FAILURE_MESSAGES = Map.of(
            "DECLINED", "Your payment was declined. Please use a different payment method or contact your bank.",
            "INSUFFICIENT_FUNDS", "Your payment was declined for insufficient funds. Please use a different payment method.",
            "EXPIRED_CARD", "Your card has expired. Please use a different card.",
            "INVALID_CARD", "Your card details are not valid. Please check them and try again.",
            "FRAUD_SUSPECTED", "Your payment could not be completed. Please contact your bank.");

    private final ObjectMapper objectMapper;
    private final WebhookFields fields;

    public BillingConnector(ObjectMapper objectMapper, WebhookFields fields) {
        this.objectMapper = objectMapper;
        this.fields = fields;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String idempotencyKey(PaymentRequest request, String headerKey) {
        if (headerKey != null) {
            return headerKey;
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
    @Override
    public String storedCreateBody(PaymentRequest request, String idempotencyKey) {
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
        return json(body);
    }

    /** The request's {@code customer} is kept as it came, under {@code customer} (storedCreateBody). */
    @Override
    public Optional<String> customerEmail(Payment payment) {
        return StoredCustomer.email(objectMapper, payment);
    }

    @Override
    public PlatformRequest createPayment(Payment payment, PaymentRequest request) {
        return PlatformRequest.post(NAME, "/payments", payment.platformRequest(), payment.idempotencyKey(), "POST /payments");
    }

    @Override
    public ProviderPayment readPayment(JsonNode answer) {
        return new ProviderPayment(answer.path("id").asText(null), status(answer.path("status").asText(null)),
                answer.path("redirectUrl").asText(null), null, null, answer);
    }

    @Override
    public PlatformRequest getPayment(Payment payment) {
        return PlatformRequest.get(NAME, "/payments/" + encode(payment.providerPaymentId()), "GET /payments/{id}");
    }

    @Override
    public Optional<PlatformRequest> listPayments(String userId, int limit, int offset) {
        return Optional.of(PlatformRequest.get(NAME, "/payments?userId=" + encode(userId) + "&limit=" + limit
                + "&offset=" + offset, "GET /payments"));
    }

    @Override
    public List<ProviderPayment> readPaymentPage(JsonNode answer) {
        List<ProviderPayment> page = new ArrayList<>();
        answer.path("data").forEach(entry -> page.add(readPayment(entry)));
        return page;
    }

    @Override
    public PlatformRequest refund(Payment payment, Refund refund) {
        return PlatformRequest.post(NAME, "/payments/" + encode(payment.providerPaymentId()) + "/refunds",
                "{\"amount\":" + refund.amount() + "}", refund.idempotencyKey(), "POST /payments/{id}/refunds");
    }

    @Override
    public String readRefundId(JsonNode answer) {
        return answer.path("id").asText(null);
    }

    @Override
    public PlatformRequest cancel(Payment payment) {
        return PlatformRequest.post(NAME, "/payments/" + encode(payment.providerPaymentId()) + "/cancel", "{}",
                "cancel_" + payment.id(), "POST /payments/{id}/cancel");
    }

    /** {@code {"eventId","eventType","createdAt","data":{"paymentId","amount",...}}} (contract section 2). */
    @Override
    public WebhookEvent readWebhookEvent(byte[] body) {
        JsonNode root = fields.readObject(body);
        String eventId = fields.requiredText(root, "eventId", TextFields.EVENT_ID);
        String eventType = fields.requiredText(root, "eventType", TextFields.EVENT_TYPE);
        JsonNode data = fields.object(root, "data", "data");
        String providerPaymentId = fields.optionalText(data, "paymentId", "data.paymentId", TextFields.PROVIDER_PAYMENT_ID);
        return new WebhookEvent(eventId, eventType, fields.optionalInstant(root, "createdAt"), providerPaymentId,
                fields.amount(data, "amount", "data.amount"), effectOf(eventType));
    }

    @Override
    public EventEffect effectOf(String eventType) {
        return eventType == null ? EventEffect.NONE : EVENTS.getOrDefault(eventType, EventEffect.NONE);
    }

    @Override
    public String failureMessage(String failureCode) {
        return FAILURE_MESSAGES.getOrDefault(failureCode, PaymentStatus.FAILED.message());
    }

    /** The hub status of a platform payment status (contract section 5): PENDING, PROCESSING -> PROVIDER_PENDING. */
    static PaymentStatus status(String platformStatus) {
        if (platformStatus == null || platformStatus.isBlank() || "PENDING".equalsIgnoreCase(platformStatus)
                || "PROCESSING".equalsIgnoreCase(platformStatus)) {
            return PaymentStatus.PROVIDER_PENDING;
        }
        try {
            return PaymentStatus.valueOf(platformStatus.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PaymentStatus.PROVIDER_PENDING;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
