package io.paymenthub.sandbox;

import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of {@code POST /sandbox/payments} that the fake platform uses; anything else the hub
 * sends (customer, payment method, ...) is accepted and ignored, as a real platform would not reject it.
 */
public record SandboxPaymentRequest(String userId, String orderId, long amount, String currency,
                                    String description, String returnUrl) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int MAX_TEXT = 2048;

    /** @throws SandboxRefusal 400 when a required field is missing or malformed */
    public static SandboxPaymentRequest from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw SandboxRefusal.badRequest("INVALID_REQUEST", "The body must be a JSON object");
        }
        String currency = requiredText(body, "currency").toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(currency).matches()) {
            throw SandboxRefusal.badRequest("INVALID_CURRENCY", "currency must be a three-letter ISO 4217 code");
        }
        return new SandboxPaymentRequest(requiredText(body, "userId"), requiredText(body, "orderId"),
                positiveAmount(body.path("amount")), currency, optionalText(body, "description"),
                optionalText(body, "returnUrl"));
    }

    /** A money amount: a positive integer of minor units. */
    static long positiveAmount(JsonNode amount) {
        if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0) {
            throw SandboxRefusal.badRequest("INVALID_AMOUNT", "amount must be a positive integer in minor units");
        }
        return amount.asLong();
    }

    private static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isBlank()) {
            throw SandboxRefusal.badRequest("MISSING_FIELD", field + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > MAX_TEXT) {
            throw SandboxRefusal.badRequest("INVALID_REQUEST", field + " must be text of at most " + MAX_TEXT + " characters");
        }
        return value.asText();
    }
}
