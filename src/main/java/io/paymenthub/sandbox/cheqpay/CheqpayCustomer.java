package io.paymenthub.sandbox.cheqpay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A customer at the sandbox Cheqpay, one per merchant {@code externalId}; immutable, replaced on every change. */
public record CheqpayCustomer(String id, String externalId, String firstName, String lastName, String email,
                              String phoneNumber, Instant createdAt, Instant updatedAt) {

    /** What a payment order or {@code POST /pos/customers/add-update} says about a customer; null = not given. */
    public record Fields(String externalId, String firstName, String lastName, String email, String phoneNumber) {
    }

    static CheqpayCustomer create(String id, Fields fields, Instant now) {
        return new CheqpayCustomer(id, fields.externalId(), fields.firstName(), fields.lastName(), fields.email(),
                fields.phoneNumber(), now, now);
    }

    /** An upsert: what is given replaces, what is not given stays. */
    CheqpayCustomer updatedWith(Fields fields, Instant now) {
        return new CheqpayCustomer(id, externalId, or(fields.firstName(), firstName), or(fields.lastName(), lastName),
                or(fields.email(), email), or(fields.phoneNumber(), phoneNumber), createdAt, now);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("externalId", externalId);
        json.put("firstName", firstName);
        json.put("lastName", lastName);
        json.put("email", email);
        json.put("phoneNumber", phoneNumber);
        json.put("createdAt", createdAt.toString());
        json.put("updatedAt", updatedAt.toString());
        return json;
    }

    /** {@code GET /pos/customers/{externalId}}: the customer with the cards saved for it. */
    Map<String, Object> toJson(List<CheqpaySavedCard> paymentMethods) {
        Map<String, Object> json = toJson();
        json.put("paymentMethods", paymentMethods.stream().map(CheqpaySavedCard::toJson).toList());
        return json;
    }

    private static String or(String given, String kept) {
        return given != null ? given : kept;
    }
}
