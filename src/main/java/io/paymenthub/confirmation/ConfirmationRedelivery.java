package io.paymenthub.confirmation;

import io.paymenthub.broker.BrokerRedelivery;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The bound of confirmationErrorPolicy.yaml: a confirmation that failed (SMTP server down or refusing, database
 * unavailable) goes back to the broker for a later delivery with back-off, and on its
 * {@code hub.confirmations.max-deliveries}-th failed delivery to {@code DLQ.<queue>} with the reason.
 */
@Component("confirmationRedelivery")
public class ConfirmationRedelivery {

    private final int maxDeliveries;

    public ConfirmationRedelivery(ConfirmationProperties properties) {
        this.maxDeliveries = properties.getMaxDeliveries();
    }

    public boolean lastDelivery(Exchange exchange) {
        return BrokerRedelivery.deliveryCount(exchange) >= maxDeliveries;
    }
}
