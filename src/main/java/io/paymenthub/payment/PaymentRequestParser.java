package io.paymenthub.payment;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Reads and validates a payment request (seed 000, Input Validation): required fields, an integer
 * amount within the currency's configured limits, a configured provider. Whatever the Content-Type,
 * the body must be a JSON object. Refusals carry the contract's codes and leave no trace in the state.
 */
@Component("paymentRequestParser")
public class PaymentRequestParser {

    private static final int MAX_ID_LENGTH = 255;

    private final ObjectMapper objectMapper;
    private final HubProperties properties;

    public PaymentRequestParser(ObjectMapper objectMapper, HubProperties properties) {
        this.objectMapper = objectMapper;
        this.properties = properties;
    }

    public PaymentRequest parse(@Body byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : objectMapper.readTree(body);
        } catch (IOException e) {
            throw invalid("MALFORMED_JSON", "The request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("MALFORMED_JSON", "The request body must be a JSON object");
        }
        String userId = requiredText(root, "userId");
        String orderId = requiredText(root, "orderId");
        JsonNode amountNode = root.path("amount");
        String currencyText = requiredText(root, "currency");
        if (amountNode.isMissingNode() || amountNode.isNull()) {
            throw invalid("MISSING_FIELD", "amount is required");
        }
        if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
            throw invalid("AMOUNT_NOT_INTEGER", "amount must be an integer in the currency's minor unit");
        }
        String currency = currencyText.toUpperCase(Locale.ROOT);
        HubProperties.Limit limit = properties.getLimits().get(currency);
        if (limit == null) {
            throw invalid("INVALID_CURRENCY", "Currency " + currencyText + " is not supported");
        }
        long amount = amountNode.asLong();
        if (amount < limit.getMin() || amount > limit.getMax()) {
            throw invalid("AMOUNT_OUT_OF_RANGE",
                    "amount must be between " + limit.getMin() + " and " + limit.getMax() + " for " + currency);
        }
        String provider = optionalText(root, "provider");
        if (provider == null) {
            provider = properties.getDefaultProvider();
        }
        if (!properties.getProviders().containsKey(provider)) {
            throw invalid("UNKNOWN_PROVIDER", "Provider " + provider + " is not configured");
        }
        return new PaymentRequest(userId, orderId, amount, currency, provider, optionalText(root, "description"),
                optionalText(root, "returnUrl"), object(root, "customer"), object(root, "paymentMethod"),
                object(root, "billingAddress"), object(root, "deviceInformation"));
    }

    private static String requiredText(JsonNode root, String field) {
        String value = optionalText(root, field);
        if (value == null || value.isBlank()) {
            throw invalid("MISSING_FIELD", field + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode value = root.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw invalid("MISSING_FIELD", field + " must be a string");
        }
        String text = value.asText();
        if (text.length() > MAX_ID_LENGTH && !"description".equals(field) && !"returnUrl".equals(field)) {
            throw invalid("MISSING_FIELD", field + " is too long");
        }
        return text;
    }

    private static JsonNode object(JsonNode root, String field) {
        JsonNode value = root.path(field);
        return value.isObject() ? value : null;
    }

    private static HubHttpException invalid(String code, String message) {
        return new HubHttpException(400, code, message);
    }
}
