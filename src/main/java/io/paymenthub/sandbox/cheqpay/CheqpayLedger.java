package io.paymenthub.sandbox.cheqpay;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.sandbox.SandboxLedger;
import io.paymenthub.sandbox.cheqpay.CheqpayOrder.PayerAuthentication;
import io.paymenthub.sandbox.cheqpay.CheqpayOrder.Status;

/**
 * The sandbox Cheqpay's books, in memory: payment orders by {@code externalId}, customers by theirs, and the
 * cards saved on them. Every method is synchronized, so an {@code externalId} makes exactly one order even
 * when the hub retries concurrently, and every status change is checked against the status it starts from.
 * Each map keeps at most {@link SandboxLedger#DEFAULT_CAPACITY} entries (the oldest go first), as the billing
 * sandbox's do.
 */
public class CheqpayLedger {

    /** The answer to a create call: {@code isNew} false means the order an earlier call made. */
    public record Placed(CheqpayOrder order, boolean isNew) {
    }

    /** One refund (always {@code COMPLETED} at once) and the order after it. */
    public record Refund(String id, long amount, String reason, Instant createdAt, CheqpayOrder order) {
    }

    /** Which 3-D Secure page an authentication id is for. */
    public enum AuthenticationStep { DEVICE_DATA, CHALLENGE }

    /** The sandbox's page for a 3-D Secure step: its URL, for an authentication id. */
    @FunctionalInterface
    public interface AuthenticationPages extends BiFunction<AuthenticationStep, String, String> {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final CheqpayIssuer issuer;
    private final AuthenticationPages pages;
    private final Map<String, CheqpayOrder> orders = SandboxLedger.bounded(SandboxLedger.DEFAULT_CAPACITY);
    private final Map<String, Integer> createCalls = SandboxLedger.bounded(SandboxLedger.DEFAULT_CAPACITY);
    private final Map<String, String> orderByAuthentication = SandboxLedger.bounded(SandboxLedger.DEFAULT_CAPACITY);
    private final Map<String, CheqpayCustomer> customers = SandboxLedger.bounded(SandboxLedger.DEFAULT_CAPACITY);
    private final Map<String, Integer> customerCalls = SandboxLedger.bounded(SandboxLedger.DEFAULT_CAPACITY);
    private final Map<String, CheqpaySavedCard> savedCards = SandboxLedger.bounded(SandboxLedger.DEFAULT_CAPACITY);
    private final Map<String, JsonNode> deviceInformation = SandboxLedger.bounded(SandboxLedger.DEFAULT_CAPACITY);

    public CheqpayLedger(Clock clock, CheqpayIssuer issuer, AuthenticationPages pages) {
        this.clock = clock;
        this.issuer = issuer;
        this.pages = pages;
    }

    /** Counts one create call of this {@code externalId} and answers how many there have been, this one included. */
    public synchronized int countCreateCall(String externalId) {
        return createCalls.merge(externalId, 1, Integer::sum);
    }

    /** How many create calls named this {@code externalId} (for tests: "Cheqpay was called once"). */
    public synchronized int createCalls(String externalId) {
        return createCalls.getOrDefault(externalId, 0);
    }

    /**
     * Makes the order: {@code PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED} for the 3-D Secure test card, else
     * authorized at once, {@code COMPLETED} (the card saved when asked) or {@code FAILED} with the issuer's
     * decline. The same {@code externalId} again gives the existing order, unless it FAILED: then this is a
     * new attempt, which replaces it.
     *
     * @throws CheqpayRefusal 400 when {@code paymentMethodId} is not a card saved on this customer
     */
    public synchronized Placed place(CheqpayOrderRequest request) {
        CheqpayOrder existing = orders.get(request.externalId());
        if (existing != null && existing.status() != Status.FAILED) {
            return new Placed(existing, false);
        }
        CheqpayCard card = request.card();
        String savedCardId = null;
        if (request.paymentMethodId() != null) {
            CheqpaySavedCard saved = savedCard(request.customer().externalId(), request.paymentMethodId());
            card = saved.card();
            savedCardId = saved.id();
        }
        CheqpayCustomer customer = upsertCustomer(request.customer());
        Instant now = clock.instant();
        CheqpayOrder order = new CheqpayOrder(UUID.randomUUID().toString(), request.externalId(), request.amount(),
                request.currency(), request.description(), request.scenario(), customer.id(), customer.externalId(),
                card, request.persist() && savedCardId == null, savedCardId, null, null, null, 0, now, now);
        // its status is decided here: 3-D Secure first, or the issuer at once
        order = card.asksForAuthentication()
                ? order.authenticating(Status.PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED,
                        newAuthentication(order.externalId(), AuthenticationStep.DEVICE_DATA), now)
                : authorize(order, now);
        orders.put(order.externalId(), order);
        return new Placed(order, true);
    }

    /** Keeps the device information of the last create call of an order (no card data in it), for tests. */
    public synchronized void recordDeviceInformation(String externalId, JsonNode device) {
        deviceInformation.put(externalId, device.deepCopy());
    }

    /** The device information the last create call of this {@code externalId} sent, if it sent any. */
    public synchronized Optional<JsonNode> deviceInformation(String externalId) {
        return Optional.ofNullable(deviceInformation.get(externalId)).map(JsonNode::deepCopy);
    }

    public synchronized Optional<CheqpayOrder> find(String externalId) {
        return Optional.ofNullable(orders.get(externalId));
    }

    /**
     * After the browser's device data collection: the challenge comes next, with a new payer authentication.
     *
     * @throws CheqpayRefusal 404 for an unknown order; 409 {@code INVALID_STATUS} unless it waits for device data
     */
    public synchronized CheqpayOrder startChallenge(String externalId) {
        CheqpayOrder order = require(externalId);
        if (order.status() != Status.PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED) {
            throw CheqpayRefusal.wrongStatus(order, Status.PAYER_AUTHENTICATION_DEVICE_DATA_REQUIRED.name());
        }
        CheqpayOrder challenged = order.authenticating(Status.PAYER_AUTHENTICATION_CHALLENGE_REQUIRED,
                newAuthentication(externalId, AuthenticationStep.CHALLENGE), clock.instant());
        orders.put(externalId, challenged);
        return challenged;
    }

    /**
     * After the challenge: {@code fail} fails it ({@code AUTHENTICATION_FAILED}), anything else passes it and
     * the issuer decides as for a card without 3-D Secure.
     *
     * @throws CheqpayRefusal 404 for an unknown order; 409 {@code INVALID_STATUS} unless it waits for the challenge
     */
    public synchronized CheqpayOrder finishChallenge(String externalId, String authenticationTransactionId) {
        CheqpayOrder order = require(externalId);
        if (order.status() != Status.PAYER_AUTHENTICATION_CHALLENGE_REQUIRED) {
            throw CheqpayRefusal.wrongStatus(order, Status.PAYER_AUTHENTICATION_CHALLENGE_REQUIRED.name());
        }
        Instant now = clock.instant();
        CheqpayOrder decided = "fail".equals(authenticationTransactionId)
                ? order.failed(CheqpayDecline.AUTHENTICATION_FAILED, now)
                : authorize(order, now);
        orders.put(externalId, decided);
        return decided;
    }

    /**
     * Refunds {@code amount} (all that is left when null) of a completed order, at once.
     *
     * @throws CheqpayRefusal 404 for an unknown order; 409 {@code INVALID_STATUS} unless it is COMPLETED or
     *                        PARTIALLY_REFUNDED; 422 {@code REFUND_EXCEEDS_AVAILABLE} beyond what is left
     */
    public synchronized Refund refund(String externalId, Long amount, String reason) {
        CheqpayOrder order = require(externalId);
        if (order.status() != Status.COMPLETED && order.status() != Status.PARTIALLY_REFUNDED) {
            throw CheqpayRefusal.wrongStatus(order, "COMPLETED or PARTIALLY_REFUNDED");
        }
        long available = order.amount() - order.refundedAmount();
        long refunded = amount == null ? available : amount;
        if (refunded > available) {
            throw new CheqpayRefusal(422, "REFUND_EXCEEDS_AVAILABLE",
                    "The refund is more than the " + available + " not yet refunded");
        }
        Instant now = clock.instant();
        CheqpayOrder after = order.refunded(order.refundedAmount() + refunded, now);
        orders.put(externalId, after);
        return new Refund(newId("ref_"), refunded, reason, now, after);
    }

    /** Creates the customer of this {@code externalId}, or updates it with the fields given. */
    /** How many add-update calls named this customer (for tests: "one customer created for two payments"). */
    public synchronized int customerUpserts(String externalId) {
        return customerCalls.getOrDefault(externalId, 0);
    }

    public synchronized void countCustomerCall(String externalId) {
        customerCalls.merge(externalId, 1, Integer::sum);
    }

    public synchronized CheqpayCustomer upsertCustomer(CheqpayCustomer.Fields fields) {
        CheqpayCustomer existing = customers.get(fields.externalId());
        Instant now = clock.instant();
        CheqpayCustomer customer = existing == null ? CheqpayCustomer.create(newId("cus_"), fields, now)
                : existing.updatedWith(fields, now);
        customers.put(customer.externalId(), customer);
        return customer;
    }

    public synchronized Optional<CheqpayCustomer> findCustomer(String externalId) {
        return Optional.ofNullable(customers.get(externalId));
    }

    /** The cards saved on a customer, oldest first. */
    public synchronized List<CheqpaySavedCard> savedCards(String customerId) {
        return savedCards.values().stream().filter(card -> card.customerId().equals(customerId)).toList();
    }

    /** The order a payer authentication id was issued for; empty for an unknown id. */
    public synchronized Optional<CheqpayOrder> findByAuthentication(String authenticationId) {
        return Optional.ofNullable(orderByAuthentication.get(authenticationId)).map(orders::get);
    }

    private CheqpayOrder authorize(CheqpayOrder order, Instant now) {
        Optional<CheqpayDecline> decline = issuer.decide(order.amount(), order.card());
        if (decline.isPresent()) {
            return order.failed(decline.get(), now);
        }
        String savedAs = order.paymentMethodId();
        if (order.persist()) {
            CheqpaySavedCard saved = new CheqpaySavedCard(newId("pm_"), order.customerId(), order.card(), now);
            savedCards.put(saved.id(), saved);
            savedAs = saved.id();
        }
        return order.completed(savedAs, now);
    }

    private CheqpaySavedCard savedCard(String customerExternalId, String paymentMethodId) {
        CheqpayCustomer customer = customers.get(customerExternalId);
        CheqpaySavedCard saved = savedCards.get(paymentMethodId);
        if (customer == null || saved == null || !saved.customerId().equals(customer.id())) {
            throw CheqpayRefusal.invalid("paymentMethod.paymentMethodId", "is not a payment method saved on this customer");
        }
        return saved;
    }

    private PayerAuthentication newAuthentication(String externalId, AuthenticationStep step) {
        String id = newId("pa_");
        orderByAuthentication.put(id, externalId);
        byte[] token = new byte[32];
        random.nextBytes(token);
        // opaque to the hub, as Cardinal's JWT is: the merchant's page only forwards it
        return new PayerAuthentication(id, pages.apply(step, id), Base64.getUrlEncoder().withoutPadding().encodeToString(token));
    }

    private CheqpayOrder require(String externalId) {
        CheqpayOrder order = orders.get(externalId);
        if (order == null) {
            throw CheqpayRefusal.notFound("No payment order with this externalId");
        }
        return order;
    }

    private String newId(String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
