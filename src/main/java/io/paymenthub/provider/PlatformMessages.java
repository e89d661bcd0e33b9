package io.paymenthub.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** What every provider's HTTP exchange does to the message before a call and with its answer. */
public final class PlatformMessages {

    private PlatformMessages() {
    }

    /**
     * Drops every header (the caller's — a client's API key never reaches a platform —, the platform's answer's,
     * platform-http's CamelHttpPath that camel-http would append to the URL) but Camel's redelivery state:
     * without it every retry would count as the first and a platform that stays down would be retried for ever.
     */
    public static void clear(Message message) {
        message.removeHeaders("*", Exchange.REDELIVERY_COUNTER, Exchange.REDELIVERY_MAX_COUNTER, Exchange.REDELIVERED);
    }

    /**
     * The message becomes the request alone: nothing of the caller's, the method and URL, JSON accepted, the
     * request's Idempotency-Key and JSON body; the provider adds its authentication headers.
     */
    public static void write(Message message, PlatformRequest request, String baseUrl) {
        clear(message);
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        message.setHeader(Exchange.HTTP_URI, baseUrl + request.path());
        message.setHeader("Accept", "application/json");
        if (request.idempotencyKey() != null) {
            message.setHeader("Idempotency-Key", request.idempotencyKey());
        }
        if (request.jsonBody() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(request.jsonBody().getBytes(StandardCharsets.UTF_8));
        } else {
            message.setBody(null);
        }
    }

    /** A platform's answer body as JSON; an empty or unreadable body is an empty object (the status decides). */
    public static JsonNode readJson(ObjectMapper objectMapper, byte[] body) {
        if (body == null || body.length == 0) {
            return objectMapper.createObjectNode();
        }
        try {
            return objectMapper.readTree(body);
        } catch (IOException e) {
            return objectMapper.createObjectNode();
        }
    }
}
