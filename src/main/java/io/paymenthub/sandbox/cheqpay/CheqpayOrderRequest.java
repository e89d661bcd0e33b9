package io.paymenthub.sandbox.cheqpay;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.common.CardNumberMasker;
import io.paymenthub.sandbox.SandboxScenario;

/**
 * A valid {@code POST /pos/v2/payment-orders} body as the sandbox Cheqpay keeps it: either a new card
 * ({@code card}, reduced to its {@link CheqpayCard} facts: the number and CVC are checked here and then
 * dropped) or a saved one ({@code paymentMethodId}, whose CVC was checked here). {@code billingAddress} is
 * required for a new card; it and {@code deviceInformation} are checked but not kept.
 */
public record CheqpayOrderRequest(String externalId, long amount, String currency, String description,
                                  SandboxScenario scenario, CheqpayCustomer.Fields customer, CheqpayCard card,
                                  boolean persist, String paymentMethodId) {

    static final String CARD = "card";
    static final String SAVED_CARD = "payment_method_id";

    /** @throws CheqpayRefusal 400 {@code VALIDATION_ERROR} listing every wrong field */
    static CheqpayOrderRequest from(JsonNode body, CardNumberMasker masker) {
        JsonNode order = CheqpayRequestReader.body(body);
        CheqpayRequestReader reader = new CheqpayRequestReader(masker);
        String externalId = reader.text(order, "externalId", "externalId", true, CheqpayRequestReader.MAX_ID);
        Long amount = reader.positiveAmount(order, "amount", "amount", true);
        String currency = reader.text(order, "currency", "currency", true, 3);
        if (currency != null && !currency.matches("[A-Za-z]{3}")) {
            reader.problem("currency", "must be a three-letter ISO 4217 code");
        }
        String description = reader.freeText(order, "description", "description");
        CheqpayCustomer.Fields customer = customer(reader, reader.object(order, "customer", "customer", true), "customer.");

        JsonNode method = reader.object(order, "paymentMethod", "paymentMethod", true);
        String type = method.isMissingNode() ? null
                : reader.text(method, "type", "paymentMethod.type", true, CheqpayRequestReader.MAX_ID);
        CheqpayCard card = null;
        boolean persist = false;
        String paymentMethodId = null;
        if (CARD.equals(type)) {
            card = card(reader, reader.object(method, "cardDetails", "paymentMethod.cardDetails", true));
            persist = reader.flag(method, "persist", "paymentMethod.persist");
            JsonNode address = reader.object(order, "billingAddress", "billingAddress", true);
            String country = address.isMissingNode() ? null
                    : reader.text(address, "country", "billingAddress.country", true, 2);
            if (country != null && !country.matches("[A-Za-z]{2}")) {
                reader.problem("billingAddress.country", "must be a two-letter ISO 3166 code");
            }
        } else if (SAVED_CARD.equals(type)) {
            paymentMethodId = reader.text(method, "paymentMethodId", "paymentMethod.paymentMethodId", true,
                    CheqpayRequestReader.MAX_ID);
            cvc(reader, method, "paymentMethod.cvc");
        } else if (type != null) {
            reader.problem("paymentMethod.type", "must be card or payment_method_id");
        }
        reader.object(order, "deviceInformation", "deviceInformation", false);
        reader.throwIfInvalid();
        return new CheqpayOrderRequest(externalId, amount, currency.toUpperCase(Locale.ROOT), description,
                SandboxScenario.of(description), customer, card, persist, paymentMethodId);
    }

    /** The customer of an order or of {@code POST /pos/customers/add-update}: {@code externalId} required. */
    static CheqpayCustomer.Fields customer(CheqpayRequestReader reader, JsonNode customer, String prefix) {
        if (customer.isMissingNode()) {
            return null;
        }
        return new CheqpayCustomer.Fields(
                reader.text(customer, "externalId", prefix + "externalId", true, CheqpayRequestReader.MAX_ID),
                reader.freeText(customer, "firstName", prefix + "firstName"),
                reader.freeText(customer, "lastName", prefix + "lastName"),
                reader.freeText(customer, "email", prefix + "email"),
                reader.freeText(customer, "phoneNumber", prefix + "phoneNumber"));
    }

    private static CheqpayCard card(CheqpayRequestReader reader, JsonNode details) {
        if (details.isMissingNode()) {
            return null;
        }
        String prefix = "paymentMethod.cardDetails.";
        String number = reader.text(details, "number", prefix + "number", true, 19);
        boolean numberValid = number != null && reader.isCardNumber(number);
        if (number != null && !numberValid) {
            reader.problem(prefix + "number", "must be a valid card number of 13 to 19 digits");
        }
        String month = digits(reader, details, "expiryMonth", prefix + "expiryMonth", "[0-9]{1,2}", true);
        if (month != null && (Integer.parseInt(month) < 1 || Integer.parseInt(month) > 12)) {
            reader.problem(prefix + "expiryMonth", "must be a month from 01 to 12");
            month = null;
        }
        String year = digits(reader, details, "expiryYear", prefix + "expiryYear", "[0-9]{2}|[0-9]{4}", true);
        cvc(reader, details, prefix + "cvc");
        if (!numberValid || month == null || year == null) {
            return null;
        }
        return CheqpayCard.of(number, month.length() == 1 ? "0" + month : month, year);
    }

    /** 3 or 4 digits, as a string (a number would lose a leading zero); checked and never kept. */
    private static void cvc(CheqpayRequestReader reader, JsonNode parent, String path) {
        digits(reader, parent, "cvc", path, "[0-9]{3,4}", false);
    }

    /**
     * A required field of digits, as a string or, where {@code integerAccepted} (an expiry, which some callers
     * send as a number), an integer.
     */
    private static String digits(CheqpayRequestReader reader, JsonNode parent, String name, String path, String pattern,
                                 boolean integerAccepted) {
        JsonNode value = parent.path(name);
        String text = integerAccepted && value.isIntegralNumber() ? value.asText()
                : reader.text(parent, name, path, true, 4);
        if (text == null) {
            return null;
        }
        if (!text.matches(pattern)) {
            reader.problem(path, "has the wrong format");
            return null;
        }
        return text;
    }
}
