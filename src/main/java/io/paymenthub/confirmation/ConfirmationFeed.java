package io.paymenthub.confirmation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Which payments.events messages the outbox relay (publishPaymentEvents.yaml) also puts on the confirmations queue:
 * only while confirmations are on, and only those that get a mail, so that nothing piles up on a queue nobody reads.
 */
@Component("confirmationFeed")
public class ConfirmationFeed {

    private final boolean enabled;
    private final ObjectMapper objectMapper;

    public ConfirmationFeed(ConfirmationProperties properties, ObjectMapper objectMapper) {
        this.enabled = properties.isEnabled();
        this.objectMapper = objectMapper;
    }

    /** @param event a payments.events body, as the outbox holds it */
    public boolean wanted(@Body String event) {
        if (!enabled || event == null) {
            return false;
        }
        try {
            return ConfirmationKind.of(objectMapper.readTree(event).path("status").asText("")).isPresent();
        } catch (JsonProcessingException e) {
            // the hub wrote it: never the case; the topic still gets it, the mailer has nothing to do with it
            return false;
        }
    }
}
