package io.paymenthub.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sandbox does with a payment, chosen by a magic value anywhere in the payment's
 * {@code description} (case-insensitive), e.g. {@code "description": "Order 9 sandbox:decline"}.
 * Without one (or with an unknown one) the payment goes the normal way. The first known value wins.
 * The table is the billing platform's; the sandbox Cheqpay knows {@code outage}, {@code down},
 * {@code slow} and {@code duplicate-webhooks} too (see {@code cheqpay.CheqpaySandboxController}).
 *
 * <table>
 *   <caption>Sandbox scenarios</caption>
 *   <tr><th>description contains</th><th>what the sandbox does</th></tr>
 *   <tr><td>(nothing)</td><td>201 PENDING; webhooks {@code payment.pending}, then {@code payment.succeeded}</td></tr>
 *   <tr><td>{@code sandbox:decline}</td><td>create answers 402 {@code {"code":"DECLINED","message":"Card declined"}};
 *       no payment, no webhook (a refusal the hub must not retry)</td></tr>
 *   <tr><td>{@code sandbox:fail}</td><td>201; then {@code payment.pending}, {@code payment.failed}</td></tr>
 *   <tr><td>{@code sandbox:expire}</td><td>201; then {@code payment.pending}, {@code payment.expired}</td></tr>
 *   <tr><td>{@code sandbox:cancel}</td><td>201; then {@code payment.pending}, {@code payment.cancelled}</td></tr>
 *   <tr><td>{@code sandbox:slow}</td><td>the first create call of the idempotency key creates the payment but
 *       answers only after {@code hub.sandbox.slow-delay} (35s, longer than the hub's read timeout); a repeat
 *       with the same key answers at once with the same payment; webhooks as normal</td></tr>
 *   <tr><td>{@code sandbox:outage}</td><td>the first {@code hub.sandbox.outage-attempts} (3) create calls of
 *       the idempotency key answer 503 {@code {"code":"UNAVAILABLE"}}; the next one succeeds normally</td></tr>
 *   <tr><td>{@code sandbox:down}</td><td>every create call answers 503 {@code {"code":"UNAVAILABLE"}}: an outage
 *       that outlasts every retry</td></tr>
 *   <tr><td>{@code sandbox:token-expiry}</td><td>the first create call of the idempotency key answers 401
 *       {@code {"code":"UNAUTHORIZED"}} as if the token had expired; after a new login the repeat succeeds</td></tr>
 *   <tr><td>{@code sandbox:duplicate-webhooks}</td><td>as normal, but every webhook of the payment is delivered
 *       twice, at the same moment, with the same {@code eventId}</td></tr>
 *   <tr><td>{@code sandbox:out-of-order}</td><td>as normal, but {@code payment.succeeded} is delivered before
 *       {@code payment.pending}</td></tr>
 * </table>
 */
public enum SandboxScenario {

    NORMAL("payment.pending", "payment.succeeded"),
    DECLINE(),
    FAIL("payment.pending", "payment.failed"),
    EXPIRE("payment.pending", "payment.expired"),
    CANCEL("payment.pending", "payment.cancelled"),
    SLOW("payment.pending", "payment.succeeded"),
    OUTAGE("payment.pending", "payment.succeeded"),
    DOWN(),
    TOKEN_EXPIRY("payment.pending", "payment.succeeded"),
    DUPLICATE_WEBHOOKS("payment.pending", "payment.succeeded"),
    OUT_OF_ORDER("payment.succeeded", "payment.pending");

    private static final Pattern MAGIC = Pattern.compile("sandbox:([a-z-]+)", Pattern.CASE_INSENSITIVE);

    private final List<String> webhooks;

    SandboxScenario(String... webhooks) {
        this.webhooks = List.of(webhooks);
    }

    /** The scenario named in a payment description; {@link #NORMAL} when none is. */
    public static SandboxScenario of(String description) {
        if (description == null) {
            return NORMAL;
        }
        Matcher matcher = MAGIC.matcher(description);
        while (matcher.find()) {
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            for (SandboxScenario scenario : values()) {
                if (scenario != NORMAL && scenario.magicName().equals(name)) {
                    return scenario;
                }
            }
        }
        return NORMAL;
    }

    /** The value that selects this scenario, e.g. {@code sandbox:token-expiry}. */
    public String magicValue() {
        return "sandbox:" + magicName();
    }

    /** The payment webhooks sent after a successful create, in the order they are delivered. */
    public List<String> webhooks() {
        return webhooks;
    }

    /** Whether each webhook is delivered twice. */
    public boolean duplicatesWebhooks() {
        return this == DUPLICATE_WEBHOOKS;
    }

    private String magicName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
