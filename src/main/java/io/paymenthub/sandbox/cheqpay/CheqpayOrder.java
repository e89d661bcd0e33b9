package io.paymenthub.sandbox.cheqpay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.paymenthub.sandbox.SandboxScenario;

/**
 * One payment order at the sandbox Cheqpay, keyed by the merchant's {@code externalId}; immutable, replaced
 * on every change. It holds no card number or CVC: only the card's {@link CheqpayCard} facts.
 *
 * @param paymentMethodId the saved card's {@code pm_} id: the one paid with, or the one this order saved
 *                        (once COMPLETED with {@code persist: true}); null for a card that is not saved
 * @param persist         whether the card is to be saved once the order completes
 * @param decline         why the order FAILED; null otherwise
 */
public record CheqpayOrder(String id, String externalId, long amount, String currency, String description,
                           SandboxScenario scenario, String customerId, String customerExternalId, CheqpayCard card,
                           boolean persist, String paymentMethodId, Status status, PayerAuthentication payerAuthentication,
                           CheqpayDecline decline, long refundedAmount, Instant createdAt, Instant updatedAt) {

    /** The Cheqpay order statuses this sandbox uses (contract section 4 maps them to the hub's). */
    public enum Status {
        PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED,
        PAYER_AUTHENTICATION_CHALLENGE_REQUIRED,
        COMPLETED,
        FAILED,
        PARTIALLY_REFUNDED,
        REFUNDED
    }

    /** The next 3-D Secure step for the payer's browser: POST the {@code jwt} to the {@code url}. */
    public record PayerAuthentication(String id, String url, String jwt) {
    }

    CheqpayOrder authenticating(Status step, PayerAuthentication authentication, Instant now) {
        return new CheqpayOrder(id, externalId, amount, currency, description, scenario, customerId, customerExternalId,
                card, persist, paymentMethodId, step, authentication, null, refundedAmount, createdAt, now);
    }

    CheqpayOrder completed(String savedAs, Instant now) {
        return new CheqpayOrder(id, externalId, amount, currency, description, scenario, customerId, customerExternalId,
                card, persist, savedAs, Status.COMPLETED, null, null, refundedAmount, createdAt, now);
    }

    CheqpayOrder failed(CheqpayDecline why, Instant now) {
        return new CheqpayOrder(id, externalId, amount, currency, description, scenario, customerId, customerExternalId,
                card, persist, paymentMethodId, Status.FAILED, null, why, refundedAmount, createdAt, now);
    }

    CheqpayOrder refunded(long totalRefunded, Instant now) {
        return new CheqpayOrder(id, externalId, amount, currency, description, scenario, customerId, customerExternalId,
                card, persist, paymentMethodId, totalRefunded == amount ? Status.REFUNDED : Status.PARTIALLY_REFUNDED,
                null, null, totalRefunded, createdAt, now);
    }

    /** The order as Cheqpay answers it, field by field so no mapper setting changes it. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("externalId", externalId);
        json.put("status", status.name());
        json.put("amount", amount);
        json.put("currency", currency);
        json.put("description", description);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", customerId);
        customer.put("externalId", customerExternalId);
        json.put("customer", customer);
        Map<String, Object> paymentMethod = new LinkedHashMap<>();
        paymentMethod.put("type", "card");
        paymentMethod.put("id", paymentMethodId);
        paymentMethod.put("cardDetails", card.toJson());
        json.put("paymentMethod", paymentMethod);
        if (payerAuthentication != null) {
            Map<String, Object> authentication = new LinkedHashMap<>();
            authentication.put("id", payerAuthentication.id());
            authentication.put("url", payerAuthentication.url());
            authentication.put("jwt", payerAuthentication.jwt());
            json.put("payerAuthentication", authentication);
        }
        json.put("refundedAmount", refundedAmount);
        json.put("createdAt", createdAt.toString());
        json.put("updatedAt", updatedAt.toString());
        return json;
    }

    /** What a webhook tells of the order: {@code data.paymentOrder}. */
    Map<String, Object> toWebhookJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("externalId", externalId);
        json.put("status", status.name());
        json.put("amount", amount);
        json.put("currency", currency);
        json.put("refundedAmount", refundedAmount);
        return json;
    }
}
