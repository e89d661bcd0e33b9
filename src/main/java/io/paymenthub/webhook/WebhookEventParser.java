package io.paymenthub.webhook;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.common.TextFields;
import org.springframework.stereotype.Component;

/**
 * Reads a signed webhook body into a {@link WebhookEvent}; 400 MALFORMED_EVENT when it cannot: not one JSON
 * object (repeated keys and trailing content included), or a field the hub stores that breaks the text rules
 * of {@link TextFields} (too long for its column, a NUL or a lone surrogate the database would refuse or change).
 */
@Component("webhookEventParser")
public class WebhookEventParser {

    private static final TextFields RULES = TextFields.WEBHOOK;

    private final StrictJsonReader json;

    public WebhookEventParser(StrictJsonReader json) {
        this.json = json;
    }

    public WebhookEvent parse(byte[] body) {
        JsonNode root = json.readObject(body, "MALFORMED_EVENT");
        String eventId = requiredText(root, "eventId", TextFields.EVENT_ID);
        String eventType = requiredText(root, "eventType", TextFields.EVENT_TYPE);
        JsonNode data = root.path("data");
        if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
            throw malformed("Webhook event field data must be a JSON object");
        }
        String providerPaymentId = optionalText(data, "paymentId", "data.paymentId", TextFields.PROVIDER_PAYMENT_ID);
        return new WebhookEvent(eventId, eventType, optionalInstant(root, "createdAt"), providerPaymentId, amount(data));
    }

    /** A money amount is a positive integer of minor units; anything else would corrupt refund totals. */
    private static Long amount(JsonNode data) {
        JsonNode amount = data.path("amount");
        if (amount.isMissingNode() || amount.isNull()) {
            return null;
        }
        if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0) {
            throw malformed("Webhook event field data.amount must be a positive integer in minor units");
        }
        return amount.asLong();
    }

    private static String requiredText(JsonNode node, String field, int maxLength) {
        String value = optionalText(node, field, field, maxLength);
        if (value == null || value.isBlank()) {
            throw malformed("Webhook event has no " + field);
        }
        return value;
    }

    /** A text field; a field of another type is treated as absent, as before. */
    private static String optionalText(JsonNode node, String field, String name, int maxLength) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            return null;
        }
        return RULES.identifier("Webhook event field " + name, value.asText(), maxLength);
    }

    private static Instant optionalInstant(JsonNode node, String field) {
        String value = optionalText(node, field, field, TextFields.TIME);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw malformed("Webhook event field " + field + " is not an ISO-8601 time");
        }
    }

    private static HubHttpException malformed(String message) {
        return new HubHttpException(400, "MALFORMED_EVENT", message);
    }
}
