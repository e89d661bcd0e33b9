package io.paymenthub.payment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.billing.PlatformRequest;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.TextFields;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/payments?userId=} (seed 000, Request Batching): all of a user's payments at the
 * platform, page by page with the largest page the platform allows, until a short page. The pages are
 * fetched by the listPayments route; this bean keeps the paging state in the exchange.
 */
@Component("paymentLister")
public class PaymentLister {

    static final int PAGE_SIZE = 100;
    /** A bound on the loop: 1,000 pages of 100, far beyond any real user, so a faulty platform cannot loop us. */
    static final int MAX_PAGES = 1000;
    private static final String COLLECTED = "hubListed";
    private static final String MORE = "hubMorePages";
    private static final String USER = "hubListUser";

    private final JdbcTemplate jdbc;
    private final PaymentStateMachine stateMachine;

    public PaymentLister(JdbcTemplate jdbc, PaymentStateMachine stateMachine) {
        this.jdbc = jdbc;
        this.stateMachine = stateMachine;
    }

    public void start(Exchange exchange) {
        String userId = exchange.getMessage().getHeader("userId", String.class);
        if (userId == null || userId.isBlank()) {
            throw new HubHttpException(400, "MISSING_FIELD", "userId is required");
        }
        TextFields.API.identifier("userId", userId, TextFields.USER_ID);
        exchange.setProperty(USER, userId);
        exchange.setProperty(COLLECTED, new ArrayList<JsonNode>());
        exchange.setProperty(MORE, true);
    }

    public PlatformRequest nextPage(Exchange exchange) {
        List<?> collected = exchange.getProperty(COLLECTED, List.class);
        String userId = exchange.getProperty(USER, String.class);
        return PlatformRequest.get("/payments?userId=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)
                + "&limit=" + PAGE_SIZE + "&offset=" + collected.size(), "GET /payments");
    }

    @SuppressWarnings("unchecked")
    public void collect(Exchange exchange) {
        JsonNode page = exchange.getMessage().getBody(JsonNode.class).path("data");
        List<JsonNode> collected = exchange.getProperty(COLLECTED, List.class);
        page.forEach(collected::add);
        boolean more = page.size() >= PAGE_SIZE && collected.size() < PAGE_SIZE * MAX_PAGES;
        exchange.setProperty(MORE, more);
    }

    /** {@code {"data": [...], "count": n}}, each entry with the hub's id where the hub knows the payment. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> result(Exchange exchange) {
        List<JsonNode> collected = exchange.getProperty(COLLECTED, List.class);
        Map<String, String> hubIds = new LinkedHashMap<>();
        jdbc.query("SELECT id, provider_payment_id FROM payments WHERE provider = 'billing' AND user_id = ? "
                        + "AND provider_payment_id IS NOT NULL",
                rs -> {
                    hubIds.put(rs.getString("provider_payment_id"), rs.getString("id"));
                }, exchange.getProperty(USER, String.class));
        List<Map<String, Object>> data = new ArrayList<>();
        for (JsonNode platform : collected) {
            Map<String, Object> entry = new LinkedHashMap<>();
            String providerPaymentId = platform.path("id").asText(null);
            entry.put("id", hubIds.get(providerPaymentId));
            entry.put("providerPaymentId", providerPaymentId);
            PaymentStatus status = stateMachine.fromPlatform(platform.path("status").asText(null));
            entry.put("status", status.name());
            entry.put("statusMessage", status.message());
            entry.put("userId", platform.path("userId").asText(null));
            entry.put("orderId", platform.path("orderId").asText(null));
            entry.put("amount", platform.path("amount").isNumber() ? platform.path("amount").asLong() : null);
            entry.put("currency", platform.path("currency").asText(null));
            entry.put("provider", "billing");
            entry.put("createdAt", platform.path("createdAt").asText(null));
            data.add(entry);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        result.put("count", data.size());
        return result;
    }
}
