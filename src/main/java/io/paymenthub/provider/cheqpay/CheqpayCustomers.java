package io.paymenthub.provider.cheqpay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.paymenthub.payment.PaymentRequest;
import io.paymenthub.provider.PlatformRequest;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One Cheqpay customer per {@code customer.externalId} (seed 004, Consistent Customer Data and Cache Customer
 * Data): looked up at Cheqpay ({@code GET /pos/customers/{externalId}}) and created there only when Cheqpay has
 * none ({@code POST /pos/customers/add-update}), then kept for 5 minutes (Caffeine), so two payments of one
 * customer make one customer and the second asks nothing.
 * <p>
 * The rule when a payment's customer data differs from the stored customer: <b>the stored customer wins</b>.
 * The order is made for the customer as Cheqpay has it, the payment's differing fields are not sent, and a
 * warning names the fields that differ (never their values); changing a customer is a deliberate act, not a
 * side effect of a payment with a typo in it.
 */
@Component("cheqpayCustomers")
public class CheqpayCustomers {

    private static final Logger log = LoggerFactory.getLogger(CheqpayCustomers.class);
    static final List<String> FIELDS = List.of("externalId", "firstName", "lastName", "email", "phoneNumber");
    static final Duration KEPT_FOR = Duration.ofMinutes(5);

    private final Cache<String, JsonNode> customers = Caffeine.newBuilder().expireAfterWrite(KEPT_FOR)
            .maximumSize(10_000).build();
    private final CheqpayPaths paths;

    public CheqpayCustomers(CheqpayPaths paths) {
        this.paths = paths;
    }

    /** The customer of the order as the hub has it cached, or null when it must be looked up. */
    public JsonNode cached(@ExchangeProperty("hubPaymentRequest") PaymentRequest request) {
        return customers.getIfPresent(externalId(request));
    }

    public PlatformRequest lookupRequest(@ExchangeProperty("hubPaymentRequest") PaymentRequest request) {
        return PlatformRequest.get(CheqpayConnector.NAME, paths.of("customer", externalId(request)),
                "GET /pos/customers/{id}");
    }

    public PlatformRequest createRequest(@ExchangeProperty("hubPaymentRequest") PaymentRequest request) {
        ObjectNode customer = request.customer().deepCopy();
        customer.retain(FIELDS);
        return PlatformRequest.post(CheqpayConnector.NAME, paths.of("customer-upsert"), customer.toString(), null,
                "POST /pos/customers/add-update");
    }

    /** Cheqpay's customer (found or just created): cached, and the order's customer from now on. */
    public JsonNode known(@ExchangeProperty("hubPaymentRequest") PaymentRequest request, @Body JsonNode answer) {
        ObjectNode customer = answer.deepCopy();
        customer.retain(FIELDS);
        if (!customer.path("externalId").isTextual()) {
            customer.put("externalId", externalId(request));
        }
        customers.put(externalId(request), customer);
        return customer;
    }

    /** The stored customer, with a warning when the payment's customer data differs from it. */
    public JsonNode forOrder(@ExchangeProperty("hubPaymentRequest") PaymentRequest request,
                             @ExchangeProperty("hubCustomer") JsonNode stored) {
        List<String> differing = new ArrayList<>();
        for (String field : FIELDS) {
            JsonNode given = request.customer().path(field);
            if (given.isTextual() && !given.asText().equals(stored.path(field).asText(null))) {
                differing.add(field);
            }
        }
        ObjectNode customer = stored.deepCopy();
        for (String field : FIELDS) {
            // what Cheqpay's answer left out (it may list fewer fields) comes from the payment
            if (!customer.path(field).isTextual() && request.customer().path(field).isTextual()) {
                customer.set(field, request.customer().path(field));
            }
        }
        if (!differing.isEmpty()) {
            log.warn("Payment's customer data differs from the stored Cheqpay customer; the stored customer is used "
                    + "customerExternalId={} differingFields={}", externalId(request), differing);
        }
        return customer;
    }

    private static String externalId(PaymentRequest request) {
        return request.customer().path("externalId").asText();
    }
}
