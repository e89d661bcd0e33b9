package io.paymenthub.provider;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.payment.Payment;

/**
 * The customer's e-mail address in a payment's kept create body, for connectors that keep the request's
 * {@code customer} object as it came, under {@code customer} (both the billing platform's and Cheqpay's do).
 */
public final class StoredCustomer {

    private StoredCustomer() {
    }

    public static Optional<String> email(ObjectMapper json, Payment payment) {
        if (payment.platformRequest() == null) {
            return Optional.empty();
        }
        try {
            JsonNode email = json.readTree(payment.platformRequest()).path("customer").path("email");
            return email.isTextual() && !email.asText().isBlank() ? Optional.of(email.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
