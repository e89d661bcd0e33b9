package io.paymenthub.webhook;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * How one provider signs its webhooks ({@code hub.providers.<p>.webhook-scheme}, contract section 2). An
 * implementation holds that provider's secrets, always checks the raw body bytes, compares in constant
 * time and accepts every configured secret, so secrets can be rotated without losing events.
 */
public interface WebhookSignatureScheme {

    /** The setting's value that selects this scheme, e.g. {@code stripe}. */
    String name();

    /**
     * @param header a request header's value by name, whatever the case of the name; null when absent
     * @param body   the body exactly as received
     * @return the 0-based position, in the configured list, of the secret whose signature matched; empty
     *         when none did, a header is missing or malformed, or a timestamp is outside the tolerance
     */
    OptionalInt verify(Function<String, String> header, byte[] body, Instant now);
}
