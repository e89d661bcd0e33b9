package io.paymenthub.provider.cheqpay;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.common.CardNumberMasker;
import io.paymenthub.common.HubHttpException;
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
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Cheqpay (seed 004; contract section 5b): payment orders keyed by {@code externalId} — {@code order_<orderId>},
 * or the merchant's Idempotency-Key — so a repeated request never charges twice; cards with 3-D Secure, saved
 * cards, billing address, device information; its statuses, webhook events and decline codes in the hub's
 * words. API-key authentication is {@link CheqpayHttpExchange} behind the route {@code direct:send-cheqpay};
 * customers are {@link CheqpayCustomers}.
 * <p>
 * Every Cheqpay payment carries card data the hub never keeps (a card number, or a saved card's CVC), so none
 * is ever queued: an unreachable Cheqpay is 503 to the client, whose retry with the same key submits it again.
 */
@Component("cheqpayConnector")
public class CheqpayConnector implements PaymentProvider {

    public static final String NAME = "cheqpay";

    /** Contract section 4: Cheqpay's order statuses in the hub's. */
    private static final Map<String, PaymentStatus> STATUSES = Map.ofEntries(
            Map.entry("PENDING", PaymentStatus.PROVIDER_PENDING),
            Map.entry("PROCESSING", PaymentStatus.PROVIDER_PENDING),
            Map.entry("AUTHORIZED", PaymentStatus.PROVIDER_PENDING),
            Map.entry("PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED", PaymentStatus.REQUIRES_ACTION),
            Map.entry("PAYER_AUTHENTICATION_CHALLENGE_REQUIRED", PaymentStatus.REQUIRES_ACTION),
            Map.entry("ACTION_REQUIRED", PaymentStatus.REQUIRES_ACTION),
            Map.entry("COMPLETED", PaymentStatus.SUCCEEDED),
            Map.entry("FAILED", PaymentStatus.FAILED),
            Map.entry("CANCELLED", PaymentStatus.CANCELLED),
            Map.entry("PARTIALLY_REFUNDED", PaymentStatus.PARTIALLY_REFUNDED),
            Map.entry("REFUNDED", PaymentStatus.REFUNDED));

    /** Seed 004, Show User-Friendly Messages. */
    private static final Map<String, String> FAILURE_MESSAGES = Map.of(
            "DECLINED", "Payment couldn't be processed. Please try a different card.",
            "EXPIRED_CARD", "This card has expired. Please use a different card.",
            "INVALID_CARD", "Unable to process this card. Please check your details.",
            "INSUFFICIENT_FUNDS", "Payment couldn't be completed. Please try another payment method.",
            "AUTHENTICATION_FAILED", "We couldn't verify your identity. Please try again.");
    private static final String OTHER_FAILURE = "Unable to process payment. Please try again or contact support.";

    /** Longest text of one field of the stored card summary: a token id, a brand name, an expiry. */
    private static final int SUMMARY_FIELD = 64;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{13,19}");
    private static final Pattern MONTH = Pattern.compile("0[1-9]|1[0-2]");
    private static final Pattern YEAR = Pattern.compile("[0-9]{2}|[0-9]{4}");
    private static final Pattern CVC = Pattern.compile("[0-9]{3,4}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final ObjectMapper objectMapper;
    private final WebhookFields fields;
    private final CheqpayPaths paths;

    public CheqpayConnector(ObjectMapper objectMapper, WebhookFields fields, CheqpayPaths paths) {
        this.objectMapper = objectMapper;
        this.fields = fields;
        this.paths = paths;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Seed 004, Idempotency: {@code order_<orderId>} (an orderId is unique per merchant), or the merchant's key. */
    @Override
    public String idempotencyKey(PaymentRequest request, String headerKey) {
        return headerKey != null ? headerKey : "order_" + request.orderId();
    }

    /** What Cheqpay needs beyond the common rules: a customer, a payment method, a billing address for cards. */
    @Override
    public void validate(PaymentRequest request) {
        JsonNode customer = request.customer();
        if (customer == null || !customer.path("externalId").isTextual()) {
            throw missing("customer.externalId is required for Cheqpay");
        }
        if (!customer.path("firstName").isTextual() || !customer.path("email").isTextual()) {
            throw missing("customer.firstName and customer.email are required for Cheqpay");
        }
        JsonNode method = request.paymentMethod();
        if (method == null) {
            throw missing("paymentMethod is required for Cheqpay");
        }
        switch (method.path("type").asText("")) {
            case "card" -> {
                JsonNode card = method.path("cardDetails");
                String number = card.path("number").asText("");
                if (!DIGITS.matcher(number).matches() || !CardNumberMasker.luhnValid(number)) {
                    throw invalid("paymentMethod.cardDetails.number must be a valid card number of 13 to 19 digits");
                }
                require(card, "expiryMonth", MONTH, "paymentMethod.cardDetails.expiryMonth must be 01 to 12");
                require(card, "expiryYear", YEAR, "paymentMethod.cardDetails.expiryYear must be YY or YYYY");
                require(card, "cvc", CVC, "paymentMethod.cardDetails.cvc must be 3 or 4 digits");
                if (method.has("persist") && !method.path("persist").isBoolean()) {
                    throw invalid("paymentMethod.persist must be true or false");
                }
                validateBillingAddress(request.billingAddress());
            }
            case "payment_method_id" -> {
                if (!method.path("paymentMethodId").isTextual() || method.path("paymentMethodId").asText().isBlank()) {
                    throw missing("paymentMethod.paymentMethodId is required");
                }
                // seed 004: a saved card still needs its CVC
                require(method, "cvc", CVC, "paymentMethod.cvc must be 3 or 4 digits");
            }
            default -> throw invalid("paymentMethod.type must be card or payment_method_id");
        }
    }

    private static void validateBillingAddress(JsonNode address) {
        if (address == null) {
            throw missing("billingAddress is required for card payments");
        }
        for (String field : List.of("address", "city", "postalCode", "country")) {
            if (!address.path(field).isTextual() || address.path(field).asText().isBlank()) {
                throw missing("billingAddress." + field + " is required");
            }
        }
        if (!COUNTRY.matcher(address.path("country").asText()).matches()) {
            throw invalid("billingAddress.country must be two capital letters (ISO 3166-1 alpha-2)");
        }
    }

    /** Every Cheqpay payment carries a card number or a CVC. */
    @Override
    public boolean needsCardData(PaymentRequest request) {
        return request.paymentMethod() != null;
    }

    /** The order without its payment method and device data: what the hub may keep (no card data). */
    @Override
    public String storedCreateBody(PaymentRequest request, String idempotencyKey) {
        ObjectNode order = objectMapper.createObjectNode();
        order.put("externalId", idempotencyKey);
        order.put("amount", request.amount());
        order.put("currency", request.currency());
        if (request.description() != null) {
            order.put("description", request.description());
        }
        if (request.customer() != null) {
            order.set("customer", request.customer());
        }
        if (request.billingAddress() != null) {
            order.set("billingAddress", request.billingAddress());
        }
        return order.toString();
    }

    /** The request's {@code customer} is kept as it came, under {@code customer} (storedCreateBody). */
    @Override
    public Optional<String> customerEmail(Payment payment) {
        return StoredCustomer.email(objectMapper, payment);
    }

    @Override
    public PlatformRequest createPayment(Payment payment, PaymentRequest request) {
        return createOrder(payment, request, null);
    }

    /**
     * @param customer the stored customer the order is made for ({@link CheqpayCustomers}), or null for the
     *                 request's own customer data
     */
    public PlatformRequest createOrder(@ExchangeProperty("hubPayment") Payment payment,
                                       @ExchangeProperty("hubPaymentRequest") PaymentRequest request,
                                       @ExchangeProperty("hubOrderCustomer") JsonNode customer) {
        ObjectNode order = (ObjectNode) tree(payment.platformRequest());
        if (customer != null) {
            order.set("customer", customer);
        }
        if (request != null && request.paymentMethod() != null) {
            order.set("paymentMethod", request.paymentMethod());
        }
        if (request != null && request.deviceInformation() != null) {
            order.set("deviceInformation", request.deviceInformation());
        }
        return PlatformRequest.post(NAME, paths.of("create-order"), order.toString(), null, "POST /pos/v2/payment-orders");
    }

    /** An order in the hub's words: its id, status, the 3-D Secure step it waits for, the tokenised card. */
    @Override
    public ProviderPayment readPayment(JsonNode order) {
        String status = order.path("status").asText("");
        return new ProviderPayment(order.path("id").asText(null), status(status), null, nextAction(status, order),
                paymentMethod(order.path("paymentMethod")), order);
    }

    private JsonNode nextAction(String status, JsonNode order) {
        JsonNode authentication = order.path("payerAuthentication");
        if (!authentication.isObject()) {
            return null;
        }
        ObjectNode action = objectMapper.createObjectNode();
        action.put("type", "PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED".equals(status) ? "DEVICE_DATA_COLLECTION" : "CHALLENGE");
        action.put("url", authentication.path("url").asText(null));
        action.put("jwt", authentication.path("jwt").asText(null));
        return action;
    }

    /** Only the token and what PCI DSS allows to keep: brand, BIN (first 6), last 4, expiry. */
    private JsonNode paymentMethod(JsonNode method) {
        if (!method.isObject()) {
            return null;
        }
        JsonNode card = method.path("cardDetails");
        ObjectNode summary = objectMapper.createObjectNode();
        summary.put("type", method.path("type").asText("card").toLowerCase(Locale.ROOT));
        putText(summary, "id", method.path("id"));
        if (card.isObject()) {
            putText(summary, "brand", card.path("brand").isTextual()
                    ? objectMapper.getNodeFactory().textNode(card.path("brand").asText().toLowerCase(Locale.ROOT)) : card.path("brand"));
            String bin = card.path("bin").asText("");
            summary.put("bin", bin.length() > 6 ? bin.substring(0, 6) : bin);
            String last4 = card.path("last4").asText("");
            summary.put("last4", last4.length() > 4 ? last4.substring(last4.length() - 4) : last4);
            putText(summary, "expiryMonth", card.path("expiryMonth"));
            putText(summary, "expiryYear", card.path("expiryYear"));
        }
        return summary;
    }

    /** A field of the card summary, bounded (the stored summary's column is 500 characters). */
    private static void putText(ObjectNode target, String field, JsonNode value) {
        if (value.isTextual() || value.isNumber()) {
            String text = value.asText();
            target.put(field, text.length() > SUMMARY_FIELD ? text.substring(0, SUMMARY_FIELD) : text);
        }
    }

    @Override
    public PlatformRequest getPayment(Payment payment) {
        return PlatformRequest.get(NAME, paths.of("order", payment.idempotencyKey()), "GET /pos/v2/payment-orders/{id}");
    }

    /** Cheqpay finds an order by its externalId, the payment's idempotency key (cheqpay-api.md, get order). */
    @Override
    public boolean findsPaymentByIdempotencyKey() {
        return true;
    }

    /** Cheqpay documents no list response (cheqpay-api.md): the hub's records are the listing. */
    @Override
    public Optional<PlatformRequest> listPayments(String userId, int limit, int offset) {
        return Optional.empty();
    }

    @Override
    public List<ProviderPayment> readPaymentPage(JsonNode answer) {
        return List.of();
    }

    @Override
    public PlatformRequest refund(Payment payment, Refund refund) {
        ObjectNode body = objectMapper.createObjectNode();
        body.put("amount", refund.amount());
        body.put("reason", "requested_by_customer");
        return PlatformRequest.post(NAME, paths.of("refund", payment.idempotencyKey()), body.toString(),
                refund.idempotencyKey(), "POST /pos/v2/payment-orders/{id}/refund");
    }

    /** The refund's answer is the refund ({@code id}, or nested under {@code refund} in the guides' shape). */
    @Override
    public String readRefundId(JsonNode answer) {
        return answer.path("refund").path("id").asText(answer.path("id").asText(null));
    }

    /** {@code POST …/payer-authentication} {deviceInformation, collectionReferenceId, returnUrl} (contract 5b). */
    @Override
    public PlatformRequest authenticate(Payment payment, JsonNode step) {
        return PlatformRequest.post(NAME, paths.of("payer-authentication", payment.idempotencyKey()), step.toString(), null,
                "POST /pos/v2/payment-orders/{id}/payer-authentication");
    }

    /** {@code POST …/payer-authentication/validate} {authenticationTransactionId} (contract 5b). */
    @Override
    public PlatformRequest validateAuthentication(Payment payment, JsonNode step) {
        return PlatformRequest.post(NAME, paths.of("payer-authentication-validate", payment.idempotencyKey()), step.toString(),
                null, "POST /pos/v2/payment-orders/{id}/payer-authentication/validate");
    }

    /** Cheqpay documents no cancel or void call (cheqpay-api.md section 2). */
    @Override
    public PlatformRequest cancel(Payment payment) {
        throw new HubHttpException(409, "NOT_CANCELLABLE", "Cheqpay payments cannot be cancelled through the hub");
    }

    /**
     * {@code {"id", "event", "data": {"paymentOrder": {"id", "externalId", "status", "amount", "refundedAmount"}}}}:
     * the event id is Cheqpay's {@code id}, the payment is the order's {@code id}.
     */
    @Override
    public WebhookEvent readWebhookEvent(byte[] body) {
        JsonNode root = fields.readObject(body);
        String eventId = fields.requiredText(root, "id", TextFields.EVENT_ID);
        String eventType = fields.requiredText(root, "event", TextFields.EVENT_TYPE);
        JsonNode order = fields.object(fields.object(root, "data", "data"), "paymentOrder", "data.paymentOrder");
        String orderId = fields.optionalText(order, "id", "data.paymentOrder.id", TextFields.PROVIDER_PAYMENT_ID);
        String status = fields.optionalText(order, "status", "data.paymentOrder.status", TextFields.EVENT_TYPE);
        Long refunded = fields.total(order, "refundedAmount", "data.paymentOrder.refundedAmount");
        EventEffect effect = effect(eventType, status);
        Long amount = effect.kind() == EventEffect.Kind.REFUNDED_TOTAL ? refunded : null;
        return new WebhookEvent(eventId, eventType, fields.optionalInstant(root, "createdAt"), orderId, amount, effect);
    }

    /** Cheqpay's event names (contract 5b): the order's status decides where the name leaves it open. */
    static EventEffect effect(String eventType, String orderStatus) {
        return switch (eventType) {
            case "payment.auth.success", "payment.auth.pending" -> EventEffect.status(
                    orderStatus == null ? PaymentStatus.PROVIDER_PENDING : status(orderStatus));
            case "payment.capture.success" -> EventEffect.status(PaymentStatus.SUCCEEDED);
            case "payment.auth.failed", "payment.capture.failed" -> EventEffect.status(PaymentStatus.FAILED);
            case "payment.void.success" -> EventEffect.status(PaymentStatus.CANCELLED);
            case "payment.refund.success" -> EventEffect.REFUNDED_TOTAL;
            case "payment.refund.failed" -> EventEffect.REFUND_FAILED;
            default -> EventEffect.NONE;
        };
    }

    @Override
    public String failureMessage(String failureCode) {
        return FAILURE_MESSAGES.getOrDefault(failureCode, OTHER_FAILURE);
    }

    static PaymentStatus status(String cheqpayStatus) {
        return STATUSES.getOrDefault(cheqpayStatus == null ? "" : cheqpayStatus.toUpperCase(Locale.ROOT),
                PaymentStatus.PROVIDER_PENDING);
    }

    private static void require(JsonNode node, String field, Pattern pattern, String message) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || !pattern.matcher(value.asText()).matches()) {
            throw invalid(message);
        }
    }

    private JsonNode tree(String json) {
        try {
            return objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The stored order is not JSON", e);
        }
    }

    private static HubHttpException missing(String message) {
        return new HubHttpException(400, "MISSING_FIELD", message);
    }

    private static HubHttpException invalid(String message) {
        return new HubHttpException(400, "INVALID_FIELD", message);
    }
}
