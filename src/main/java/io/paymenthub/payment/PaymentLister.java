package io.paymenthub.payment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.TextFields;
import io.paymenthub.provider.PaymentProvider;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.ProviderPayment;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/payments?userId=} (seed 000, Request Batching): all of a user's payments at every configured
 * platform that can list them, page by page with the largest page the platform allows, until a short page. A
 * platform without a list call (Cheqpay documents none) contributes the payments the hub holds for the user
 * there. The pages are fetched by the listPayments route; this bean keeps the paging state in the exchange.
 */
@Component("paymentLister")
public class PaymentLister {

    static final int PAGE_SIZE = 100;
    /** A bound on the loop: 1,000 pages of 100, far beyond any real user, so a faulty platform cannot loop us. */
    static final int MAX_PAGES = 1000;
    private static final String COLLECTED = "hubListed";
    private static final String MORE = "hubMorePages";
    private static final String USER = "hubListUser";
    /** The providers still to list and how far into the current one the listing is. */
    private static final String TO_LIST = "hubListProviders";
    private static final String OFFSET = "hubListOffset";

    private final JdbcTemplate jdbc;
    private final PaymentProviders providers;

    public PaymentLister(JdbcTemplate jdbc, PaymentProviders providers) {
        this.jdbc = jdbc;
        this.providers = providers;
    }

    public void start(Exchange exchange) {
        String userId = exchange.getMessage().getHeader("userId", String.class);
        if (userId == null || userId.isBlank()) {
            throw new HubHttpException(400, "MISSING_FIELD", "userId is required");
        }
        TextFields.API.identifier("userId", userId, TextFields.USER_ID);
        exchange.setProperty(USER, userId);
        exchange.setProperty(COLLECTED, new ArrayList<Listed>());
        List<String> listing = new ArrayList<>();
        for (String name : providers.names()) {
            if (providers.of(name).listPayments(userId, PAGE_SIZE, 0).isPresent()) {
                listing.add(name);
            }
        }
        exchange.setProperty(TO_LIST, listing);
        exchange.setProperty(OFFSET, 0);
        exchange.setProperty(MORE, !listing.isEmpty());
    }

    @SuppressWarnings("unchecked")
    public PlatformRequest nextPage(Exchange exchange) {
        List<String> listing = exchange.getProperty(TO_LIST, List.class);
        Optional<PlatformRequest> page = providers.of(listing.get(0)).listPayments(exchange.getProperty(USER, String.class),
                PAGE_SIZE, exchange.getProperty(OFFSET, Integer.class));
        return page.orElseThrow();
    }

    @SuppressWarnings("unchecked")
    public void collect(Exchange exchange) {
        List<String> listing = exchange.getProperty(TO_LIST, List.class);
        PaymentProvider provider = providers.of(listing.get(0));
        List<ProviderPayment> page = provider.readPaymentPage(exchange.getMessage().getBody(JsonNode.class));
        List<Listed> collected = exchange.getProperty(COLLECTED, List.class);
        page.forEach(payment -> collected.add(new Listed(provider.name(), payment)));
        int offset = exchange.getProperty(OFFSET, Integer.class) + page.size();
        if (page.size() >= PAGE_SIZE && offset < PAGE_SIZE * MAX_PAGES) {
            exchange.setProperty(OFFSET, offset);
        } else {
            listing.remove(0);
            exchange.setProperty(OFFSET, 0);
        }
        exchange.setProperty(MORE, !listing.isEmpty());
    }

    /** {@code {"data": [...], "count": n}}, each entry with the hub's id where the hub knows the payment. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> result(Exchange exchange) {
        List<Listed> collected = exchange.getProperty(COLLECTED, List.class);
        String userId = exchange.getProperty(USER, String.class);
        Map<String, String> hubIds = new LinkedHashMap<>();
        List<Map<String, Object>> data = new ArrayList<>();
        jdbc.query("SELECT id, provider, provider_payment_id, status, order_id, amount, currency, created_at FROM payments "
                        + "WHERE user_id = ? AND provider_payment_id IS NOT NULL ORDER BY created_at",
                rs -> {
                    String provider = rs.getString("provider");
                    hubIds.put(provider + "\n" + rs.getString("provider_payment_id"), rs.getString("id"));
                    if (!providers.isConfigured(provider)
                            || providers.of(provider).listPayments(userId, PAGE_SIZE, 0).isEmpty()) {
                        // the platform cannot list: the hub's own record is the listing
                        PaymentStatus status = PaymentStatus.valueOf(rs.getString("status"));
                        data.add(entry(rs.getString("id"), provider, rs.getString("provider_payment_id"), status, userId,
                                rs.getString("order_id"), rs.getLong("amount"), rs.getString("currency"),
                                rs.getTimestamp("created_at").toInstant().toString()));
                    }
                }, userId);
        for (Listed listed : collected) {
            ProviderPayment payment = listed.payment();
            JsonNode platform = payment.listed();
            data.add(entry(hubIds.get(listed.provider() + "\n" + payment.providerPaymentId()), listed.provider(),
                    payment.providerPaymentId(), payment.status(), platform.path("userId").asText(null),
                    platform.path("orderId").asText(null),
                    platform.path("amount").isNumber() ? platform.path("amount").asLong() : null,
                    platform.path("currency").asText(null), platform.path("createdAt").asText(null)));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        result.put("count", data.size());
        return result;
    }

    private static Map<String, Object> entry(String id, String provider, String providerPaymentId, PaymentStatus status,
                                             String userId, String orderId, Long amount, String currency, String createdAt) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("providerPaymentId", providerPaymentId);
        entry.put("status", status.name());
        entry.put("statusMessage", status.message());
        entry.put("userId", userId);
        entry.put("orderId", orderId);
        entry.put("amount", amount);
        entry.put("currency", currency);
        entry.put("provider", provider);
        entry.put("createdAt", createdAt);
        return entry;
    }

    private record Listed(String provider, ProviderPayment payment) { }
}
