package io.paymenthub.webhook;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.common.TextFields;
import org.springframework.stereotype.Component;

/**
 * The rules every provider's webhook reader applies to the fields the hub stores: one JSON object (repeated
 * keys and trailing content refused), text within its column and free of what the database would refuse or
 * change ({@link TextFields}), amounts positive integers of minor units; 400 MALFORMED_EVENT otherwise.
 */
@Component("webhookFields")
public class WebhookFields {

    private static final TextFields RULES = TextFields.WEBHOOK;

    private final StrictJsonReader json;

    public WebhookFields(StrictJsonReader json) {
        this.json = json;
    }

    public JsonNode readObject(byte[] body) {
        return json.readObject(body, "MALFORMED_EVENT");
    }

    /** A nested object, or a missing node when absent; anything else is malformed. */
    public JsonNode object(JsonNode node, String field, String name) {
        JsonNode value = node.path(field);
        if (!value.isMissingNode() && !value.isNull() && !value.isObject()) {
            throw malformed("Webhook event field " + name + " must be a JSON object");
        }
        return value.isObject() ? value : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    public String requiredText(JsonNode node, String field, int maxLength) {
        String value = optionalText(node, field, field, maxLength);
        if (value == null || value.isBlank()) {
            throw malformed("Webhook event has no " + field);
        }
        return value;
    }

    /** A text field; a field of another type is treated as absent. */
    public String optionalText(JsonNode node, String field, String name, int maxLength) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            return null;
        }
        return RULES.identifier("Webhook event field " + name, value.asText(), maxLength);
    }

    public Instant optionalInstant(JsonNode node, String field) {
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

    /** A money amount is a positive integer of minor units; anything else would corrupt refund totals. */
    public Long amount(JsonNode node, String field, String name) {
        JsonNode amount = node.path(field);
        if (amount.isMissingNode() || amount.isNull()) {
            return null;
        }
        if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0) {
            throw malformed("Webhook event field " + name + " must be a positive integer in minor units");
        }
        return amount.asLong();
    }

    /** A running total in minor units (e.g. a refunded amount): zero or more. */
    public Long total(JsonNode node, String field, String name) {
        JsonNode total = node.path(field);
        if (total.isMissingNode() || total.isNull()) {
            return null;
        }
        if (!total.isIntegralNumber() || !total.canConvertToLong() || total.asLong() < 0) {
            throw malformed("Webhook event field " + name + " must be an integer of minor units, zero or more");
        }
        return total.asLong();
    }

    public static HubHttpException malformed(String message) {
        return new HubHttpException(400, "MALFORMED_EVENT", message);
    }
}
