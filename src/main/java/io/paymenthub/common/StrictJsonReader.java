package io.paymenthub.common;

import java.io.IOException;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * The one reader of JSON that callers send in (API bodies, payments.requests and refunds.requests messages,
 * webhooks). It is strict where the application's ObjectMapper is lenient: a repeated key is an error, not
 * "last one wins" ({"amount":-1,"amount":5000} would otherwise mean one thing to whatever checked the request
 * before the hub and another to the hub), and so is anything after the value ({}}). The platform's answers
 * keep the lenient mapper: a quirk there must not turn an accepted payment into a retry loop.
 */
@Component("strictJsonReader")
public class StrictJsonReader {

    private final ObjectReader reader;

    public StrictJsonReader(ObjectMapper objectMapper) {
        this.reader = objectMapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @param code the contract's code for a body that is not a JSON object at this door
     *             ({@code MALFORMED_JSON} for the API and the queues, {@code MALFORMED_EVENT} for webhooks)
     * @return the body's JSON object; never null
     */
    public ObjectNode readObject(byte[] body, String code) {
        if (body == null || body.length == 0) {
            throw new HubHttpException(400, code, "The body is empty: a JSON object is required");
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (IOException e) {
            // Jackson's message quotes the input: never echoed
            throw new HubHttpException(400, code,
                    "The body is not valid JSON (a syntax error, a repeated key or content after the JSON value)");
        }
        if (node == null || !node.isObject()) {
            throw new HubHttpException(400, code, "The body must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
