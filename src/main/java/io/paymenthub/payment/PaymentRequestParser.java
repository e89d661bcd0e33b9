package io.paymenthub.payment;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.paymenthub.common.CardNumberMasker;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.common.TextFields;
import io.paymenthub.config.HubProperties;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Reads and validates a payment request (seed 000, Input Validation), from the API and from
 * payments.requests alike: required fields, an integer amount within the currency's configured limits, a
 * configured provider, and every string within its documented limit and free of characters the database
 * would refuse or change ({@link TextFields}). Whatever the Content-Type, the body must be one JSON object
 * without repeated keys. Free text is masked for card numbers ({@link CardNumberMasker}). Refusals carry
 * the contract's codes, never quote the caller's values, and leave no trace in the state.
 */
@Component("paymentRequestParser")
public class PaymentRequestParser {

    /** What customer may hold (contract 3 and 5b): each an identifier or a name, within its limit. */
    private static final Set<String> CUSTOMER_FIELDS = Set.of("externalId", "email", "firstName", "lastName", "phoneNumber");
    /** Fields of billingAddress that are free text and so masked for card numbers. */
    private static final Set<String> ADDRESS_TEXT = Set.of("address", "city", "state");
    /** Bounds on the nested objects the hub passes through without storing them. */
    private static final int MAX_NESTED_FIELDS = 50;
    private static final int MAX_NESTED_DEPTH = 3;

    private static final TextFields RULES = TextFields.API;

    private final StrictJsonReader json;
    private final CardNumberMasker masker;
    private final HubProperties properties;

    public PaymentRequestParser(StrictJsonReader json, CardNumberMasker masker, HubProperties properties) {
        this.json = json;
        this.masker = masker;
        this.properties = properties;
    }

    public PaymentRequest parse(@Body byte[] body) {
        ObjectNode root = json.readObject(body, "MALFORMED_JSON");
        String userId = requiredIdentifier(root, "userId", TextFields.USER_ID);
        String orderId = requiredIdentifier(root, "orderId", TextFields.ORDER_ID);
        JsonNode amountNode = root.path("amount");
        JsonNode currencyNode = root.path("currency");
        if (currencyNode.isMissingNode() || currencyNode.isNull() || currencyNode.asText().isBlank()) {
            throw invalid("MISSING_FIELD", "currency is required");
        }
        if (amountNode.isMissingNode() || amountNode.isNull()) {
            throw invalid("MISSING_FIELD", "amount is required");
        }
        if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
            throw invalid("AMOUNT_NOT_INTEGER", "amount must be an integer in the currency's minor unit");
        }
        // only a configured currency is ever stored, so the configured list is its whole rule
        String currency = currencyNode.isTextual() ? currencyNode.asText().toUpperCase(Locale.ROOT) : "";
        HubProperties.Limit limit = properties.getLimits().get(currency);
        if (limit == null) {
            throw invalid("INVALID_CURRENCY", "currency is not supported; supported: " + properties.getLimits().keySet());
        }
        long amount = amountNode.asLong();
        if (amount < limit.getMin() || amount > limit.getMax()) {
            throw invalid("AMOUNT_OUT_OF_RANGE",
                    "amount must be between " + limit.getMin() + " and " + limit.getMax() + " for " + currency);
        }
        String provider = RULES.text(root, "provider", "provider", TextFields.PROVIDER, false);
        if (provider == null) {
            provider = properties.getDefaultProvider();
        }
        if (!properties.getProviders().containsKey(provider)) {
            throw invalid("UNKNOWN_PROVIDER", "provider is not configured");
        }
        String description = masker.mask(RULES.text(root, "description", "description", TextFields.DESCRIPTION, true));
        return new PaymentRequest(userId, orderId, amount, currency, provider, description, returnUrl(root),
                customer(root), nested(root, "paymentMethod", Set.of()), nested(root, "billingAddress", ADDRESS_TEXT),
                nested(root, "deviceInformation", Set.of()));
    }

    private static String requiredIdentifier(JsonNode root, String field, int maxLength) {
        String value = RULES.text(root, field, field, maxLength, false);
        if (value == null || value.isBlank()) {
            throw invalid("MISSING_FIELD", field + " is required");
        }
        return value;
    }

    /** Where the customer returns to: an absolute http(s) URL, as the platform will redirect a browser there. */
    private static String returnUrl(JsonNode root) {
        String value = RULES.text(root, "returnUrl", "returnUrl", TextFields.RETURN_URL, false);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw RULES.invalid("returnUrl must be an absolute http or https URL");
    }

    /**
     * The customer, as stored and sent to the platform: only the known fields, each within its limit, names
     * masked for card numbers. With the limits on the other stored fields this keeps the stored platform
     * request within its column (platform_request VARCHAR(8000)) even when every character needs escaping.
     */
    private JsonNode customer(JsonNode root) {
        JsonNode customer = object(root, "customer");
        if (customer == null) {
            return null;
        }
        ObjectNode checked = ((ObjectNode) customer).objectNode();
        for (Iterator<String> names = customer.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CUSTOMER_FIELDS.contains(name)) {
                throw RULES.invalid("customer may hold only " + String.join(", ", CUSTOMER_FIELDS.stream().sorted().toList()));
            }
            String field = "customer." + name;
            String value = switch (name) {
                case "firstName", "lastName" -> masker.mask(RULES.text(customer, name, field, TextFields.NAME, true));
                case "email" -> RULES.text(customer, name, field, TextFields.EMAIL, false);
                case "phoneNumber" -> RULES.text(customer, name, field, TextFields.PHONE_NUMBER, false);
                default -> RULES.text(customer, name, field, TextFields.CUSTOMER_EXTERNAL_ID, false);
            };
            if (value != null) {
                checked.put(name, value);
            }
        }
        return checked;
    }

    /**
     * paymentMethod, billingAddress, deviceInformation: passed on, never stored; bounded in size and depth,
     * every string within {@link TextFields#NESTED_TEXT}; the named free-text fields masked for card numbers.
     */
    private JsonNode nested(JsonNode root, String field, Set<String> maskedFields) {
        JsonNode value = object(root, field);
        if (value == null) {
            return null;
        }
        ObjectNode copy = value.deepCopy();
        check(field, copy, maskedFields, 1);
        return copy;
    }

    private void check(String path, JsonNode node, Set<String> maskedFields, int depth) {
        if (depth > MAX_NESTED_DEPTH || node.size() > MAX_NESTED_FIELDS) {
            throw RULES.invalid(path + " is nested too deeply or has too many fields");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String name = path + "." + entry.getKey();
            RULES.identifier("a field name in " + path, entry.getKey(), TextFields.NAME);
            JsonNode child = entry.getValue();
            if (child.isTextual()) {
                String text = RULES.freeText(name, child.asText(), TextFields.NESTED_TEXT);
                if (depth == 1 && maskedFields.contains(entry.getKey())) {
                    entry.setValue(TextNode.valueOf(masker.mask(text)));
                }
            } else if (child.isObject()) {
                check(name, child, maskedFields, depth + 1);
            } else if (child.isArray()) {
                throw RULES.invalid(name + " must not be a list");
            }
        }
    }

    private static JsonNode object(JsonNode root, String field) {
        JsonNode value = root.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw RULES.invalid(field + " must be a JSON object");
        }
        return value;
    }

    private static HubHttpException invalid(String code, String message) {
        return new HubHttpException(400, code, message);
    }
}
