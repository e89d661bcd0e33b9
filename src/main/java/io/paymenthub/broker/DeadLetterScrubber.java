package io.paymenthub.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.paymenthub.common.CardNumberMasker;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * No card data rests in a dead letter (contract sections 3, 6 and 8; PCI DSS 3.3.1 and 3.4.1): a refused
 * payments.requests message may carry a card's number and CVC, and a dead letter is kept, browsed by operators
 * and replayed. In a JSON body every {@code cardDetails.number} keeps its first 6 and last 4 digits, every
 * {@code cvc} field is removed and any other Luhn-valid 13–19-digit number is masked; a body that is not JSON
 * has its card numbers masked and the value of anything written {@code "cvc": ...} replaced. A body without card
 * data is sent as it came, byte for byte.
 */
@Component("deadLetterScrubber")
public class DeadLetterScrubber {

    private static final String CVC = "cvc";
    /** {@code "cvc": "123"} or {@code "cvc": 123} in text that is not JSON (e.g. a request with a syntax error) */
    private static final Pattern CVC_IN_TEXT = Pattern.compile(
            "(\"cvc\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,}\\]]+)", Pattern.CASE_INSENSITIVE);

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private final CardNumberMasker cardNumbers;

    public DeadLetterScrubber(CardNumberMasker cardNumbers) {
        this.cardNumbers = cardNumbers;
    }

    /** @return the body to dead-letter: the same object when it holds no card data, of the same type otherwise */
    public Object scrubbedBody(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return null;
        }
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : exchange.getMessage().getBody(String.class);
        String scrubbed = scrub(text);
        if (scrubbed == text) {
            // any other type was read (a stream, once) into the text
            return body instanceof byte[] || body instanceof String ? body : text;
        }
        return body instanceof byte[] ? scrubbed.getBytes(StandardCharsets.UTF_8) : scrubbed;
    }

    /**
     * @return a dead letter's text as an operator may see it: scrubbed once more, for a message that reached its DLQ
     *         another way than through the hub's dead-letter route (the broker's own dead-lettering, a hand-made move)
     */
    public String scrubbedText(String text) {
        return scrub(text);
    }

    /** @return the failure reason with its card numbers masked (an exception message may quote one) */
    public String scrubbedReason(@Header("hubFailureReason") String reason) {
        return cardNumbers.mask(reason);
    }

    /** @return the text without card data; the same instance when there was none */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (IOException notJson) {
            return CVC_IN_TEXT.matcher(cardNumbers.mask(text)).replaceAll("$1\"***\"");
        }
        if (tree == null || tree.isMissingNode()) {
            return cardNumbers.mask(text);
        }
        Scrub scrub = new Scrub();
        JsonNode scrubbed = scrub.node(tree, false);
        if (!scrub.changed) {
            return text;
        }
        try {
            return json.writeValueAsString(scrubbed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    /** One walk over a tree: a scrubbed copy, and whether anything was taken out. */
    private final class Scrub {

        boolean changed;

        JsonNode node(JsonNode node, boolean cardNumber) {
            if (node.isObject()) {
                return object((ObjectNode) node, false);
            }
            if (node.isArray()) {
                ArrayNode copy = json.createArrayNode();
                node.forEach(element -> copy.add(node(element, false)));
                return copy;
            }
            if (node.isTextual() || node.isIntegralNumber()) {
                String value = node.asText();
                String masked = cardNumber ? cardNumbers.maskKnownCardNumber(value) : cardNumbers.mask(value);
                if (!masked.equals(value)) {
                    changed = true;
                    return TextNode.valueOf(masked);
                }
            }
            return node;
        }

        /** @param cardDetails a {@code cardDetails} object, whose {@code number} is a card number whatever it looks like */
        private ObjectNode object(ObjectNode object, boolean cardDetails) {
            ObjectNode copy = json.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (CVC.equalsIgnoreCase(name)) {
                    changed = true;
                    continue;
                }
                String maskedName = cardNumbers.mask(name);
                changed |= !maskedName.equals(name);
                JsonNode value = field.getValue();
                copy.set(maskedName, value.isObject() ? object((ObjectNode) value, "cardDetails".equals(name))
                        : node(value, cardDetails && "number".equals(name)));
            }
            return copy;
        }
    }
}
