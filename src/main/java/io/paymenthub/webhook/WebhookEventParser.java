package io.paymenthub.webhook;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.HubHttpException;
import org.springframework.stereotype.Component;

/** Reads a signed webhook body into a {@link WebhookEvent}; 400 MALFORMED_EVENT when it cannot. */
@Component("webhookEventParser")
public class WebhookEventParser {

    private static final int MAX_ID_LENGTH = 255;
    /** webhook_events.event_type and payment_events.event_type are VARCHAR(100). */
    private static final int MAX_TYPE_LENGTH = 100;

    private final ObjectMapper objectMapper;

    public WebhookEventParser(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public WebhookEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = objectMapper.readTree(body);
        } catch (IOException e) {
            throw malformed("Webhook body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("Webhook body is not a JSON object");
        }
        String eventId = requiredText(root, "eventId");
        String eventType = requiredText(root, "eventType");
        if (eventType.length() > MAX_TYPE_LENGTH) {
            throw malformed("Webhook event field eventType is too long");
        }
        JsonNode data = root.path("data");
        String providerPaymentId = optionalText(data, "paymentId");
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

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null || value.isBlank()) {
            throw malformed("Webhook event has no " + field);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            return null;
        }
        if (value.asText().length() > MAX_ID_LENGTH) {
            throw malformed("Webhook event field " + field + " is too long");
        }
        return value.asText();
    }

    private static Instant optionalInstant(JsonNode node, String field) {
        String value = optionalText(node, field);
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
