package io.paymenthub.provider.cheqpay;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.common.TextFields;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRequest;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/customers/{externalId}/payment-methods} (contract section 3): the cards a customer saved at
 * Cheqpay with {@code persist: true}, read from Cheqpay's customer ({@code GET /pos/customers/{externalId}},
 * which lists them under {@code paymentMethods}). Each card is shown with its {@code pm_} id and only what
 * PCI DSS allows to show: a lower-case brand, the BIN (first 6 digits), the last 4 and the expiry.
 */
@Component("cheqpayPaymentMethods")
public class CheqpayPaymentMethods {

    private final CheqpayPaths paths;
    private final PaymentProviders providers;
    private final ObjectMapper objectMapper;

    public CheqpayPaymentMethods(CheqpayPaths paths, PaymentProviders providers, ObjectMapper objectMapper) {
        this.paths = paths;
        this.providers = providers;
        this.objectMapper = objectMapper;
    }

    /** The customer lookup; 400 for an externalId no customer can have, or when Cheqpay is not configured. */
    public PlatformRequest request(@Header("externalId") String externalId) {
        providers.of(CheqpayConnector.NAME);
        String id = TextFields.API.identifier("externalId", externalId, TextFields.CUSTOMER_EXTERNAL_ID);
        if (id == null || id.isBlank()) {
            throw TextFields.API.invalid("externalId is required");
        }
        return PlatformRequest.get(CheqpayConnector.NAME, paths.of("customer", id), "GET /pos/customers/{id}");
    }

    /** Cheqpay's customer's saved cards as {@code {"data": [...]}}. */
    public String list(@Body JsonNode customer) {
        ObjectNode answer = objectMapper.createObjectNode();
        ArrayNode data = answer.putArray("data");
        for (JsonNode method : customer.path("paymentMethods")) {
            if (method.path("id").isTextual()) {
                data.add(summary(method));
            }
        }
        return answer.toString();
    }

    /** A customer Cheqpay does not know has saved nothing. */
    public String none() {
        ObjectNode answer = objectMapper.createObjectNode();
        answer.putArray("data");
        return answer.toString();
    }

    private ObjectNode summary(JsonNode method) {
        JsonNode card = method.path("cardDetails");
        ObjectNode summary = objectMapper.createObjectNode();
        summary.put("id", method.path("id").asText());
        summary.put("brand", text(card.path("brand")) == null ? null : text(card.path("brand")).toLowerCase(Locale.ROOT));
        String bin = text(card.path("bin"));
        summary.put("bin", bin == null ? null : bin.substring(0, Math.min(6, bin.length())));
        String last4 = text(card.path("last4"));
        summary.put("last4", last4 == null ? null : last4.substring(Math.max(0, last4.length() - 4)));
        summary.put("expiryMonth", text(card.path("expiryMonth")));
        summary.put("expiryYear", text(card.path("expiryYear")));
        summary.put("createdAt", text(method.path("createdAt")));
        return summary;
    }

    private static String text(JsonNode value) {
        return value.isTextual() || value.isNumber() ? value.asText() : null;
    }
}
