package io.paymenthub.payment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.payment.PaymentEventStore.HistoryEntry;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** Reads a payment with its history in the contract's JSON shape (section 3). */
@Component("paymentQuery")
public class PaymentQuery {

    private final PaymentRepository payments;
    private final PaymentEventStore events;
    private final PaymentProviders providers;
    private final ObjectMapper objectMapper;

    public PaymentQuery(PaymentRepository payments, PaymentEventStore events, PaymentProviders providers,
                        ObjectMapper objectMapper) {
        this.payments = payments;
        this.events = events;
        this.providers = providers;
        this.objectMapper = objectMapper;
    }

    public Map<String, Object> find(@Header("id") String id) {
        return viewOf(require(id));
    }

    public Payment require(String id) {
        return payments.findById(id).orElseThrow(() -> HubHttpException.notFound("Payment"));
    }

    public Map<String, Object> viewOf(Payment payment) {
        return view(payment, events.history(payment.id()));
    }

    Map<String, Object> view(Payment p, List<HistoryEntry> history) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("status", p.status().name());
        json.put("statusMessage", statusMessage(p));
        json.put("userId", p.userId());
        json.put("orderId", p.orderId());
        json.put("amount", p.amount());
        json.put("currency", p.currency());
        json.put("provider", p.provider());
        json.put("providerPaymentId", p.providerPaymentId());
        json.put("idempotencyKey", p.idempotencyKey());
        json.put("redirectUrl", p.redirectUrl());
        if (p.paymentMethod() != null) {
            json.put("paymentMethod", tree(p.paymentMethod()));
        }
        if (p.status() == PaymentStatus.REQUIRES_ACTION && p.nextAction() != null) {
            json.put("nextAction", tree(p.nextAction()));
        }
        json.put("failureCode", p.failureCode());
        json.put("refundedAmount", p.refundedAmount());
        json.put("createdAt", p.createdAt().toString());
        json.put("updatedAt", p.updatedAt().toString());
        json.put("history", history.stream().map(PaymentQuery::historyEntry).toList());
        return json;
    }

    /** The customer's sentence: for a failed payment the provider's words for its failure code. */
    private String statusMessage(Payment p) {
        if (p.status() == PaymentStatus.FAILED && p.failureCode() != null && providers.isConfigured(p.provider())) {
            return providers.of(p.provider()).failureMessage(p.failureCode());
        }
        return p.status().message();
    }

    private JsonNode tree(String json) {
        try {
            return objectMapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A stored payment field is not JSON", e);
        }
    }

    private static Map<String, Object> historyEntry(HistoryEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", entry.eventId());
        json.put("eventType", entry.eventType());
        json.put("status", entry.status());
        json.put("at", entry.at().toString());
        json.put("source", entry.source());
        if (entry.ignored()) {
            json.put("ignored", true);
        }
        return json;
    }
}
