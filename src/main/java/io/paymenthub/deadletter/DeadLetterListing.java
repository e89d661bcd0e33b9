package io.paymenthub.deadletter;

import java.util.List;

import io.paymenthub.common.HubHttpException;
import jakarta.jms.JMSException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/admin/dead-letters?queue=&limit=} (contract section 8): one bounded page of a queue's dead letters,
 * oldest first: {@code limit} of them ({@code hub.dead-letters.list-limit} when not given, at most
 * {@code hub.dead-letters.max-list-limit}); {@code count} is how many the page holds. Bodies are shown without card data.
 */
@Component("deadLetterListing")
public class DeadLetterListing {

    private final DeadLetterStore store;
    private final DeadLetterProperties properties;

    public DeadLetterListing(DeadLetterStore store, DeadLetterProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** The answer's body. */
    public record Page(List<DeadLetter> data, int count) {
    }

    public Page list(@ExchangeProperty("hubDeadLetterQueue") String queue, @Header("limit") String limit) throws JMSException {
        List<DeadLetter> letters = store.browse(queue, limit(limit));
        return new Page(letters, letters.size());
    }

    int limit(String given) {
        if (given == null || given.isBlank()) {
            return properties.getListLimit();
        }
        int limit;
        try {
            limit = Integer.parseInt(given.trim());
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > properties.getMaxListLimit()) {
            throw new HubHttpException(400, "INVALID_FIELD", "limit must be an integer from 1 to " + properties.getMaxListLimit());
        }
        return limit;
    }
}
