package io.paymenthub.sandbox.cheqpay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A card saved on a customer by a payment with {@code persist: true}; paid with again by its {@code pm_} id and a CVC. */
public record CheqpaySavedCard(String id, String customerId, CheqpayCard card, Instant createdAt) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("type", "card");
        json.put("cardDetails", card.toJson());
        json.put("createdAt", createdAt.toString());
        return json;
    }
}
