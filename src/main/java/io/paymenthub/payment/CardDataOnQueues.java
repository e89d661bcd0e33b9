package io.paymenthub.payment;

import io.paymenthub.common.HubHttpException;
import io.paymenthub.provider.PaymentProviders;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * A payment request from {@code payments.requests} that carries a card number or a CVC is refused (PCI DSS 3.4.1;
 * contract section 3: card data is never written to a queue): a broker keeps its messages on disk, redelivers
 * and dead-letters them, and such a payment could never wait on a queue for a platform that is down. Card
 * payments come through {@code POST /api/payments} over HTTPS; the refused message goes to its DLQ with the card
 * number masked and the CVC removed (broker.DeadLetterScrubber).
 */
@Component("cardDataOnQueues")
public class CardDataOnQueues {

    private final PaymentProviders providers;

    public CardDataOnQueues(PaymentProviders providers) {
        this.providers = providers;
    }

    public void refuse(@ExchangeProperty("hubPaymentRequest") PaymentRequest request) {
        if (providers.of(request.provider()).needsCardData(request)) {
            throw new HubHttpException(400, "CARD_DATA_NOT_ACCEPTED",
                    "Card data is accepted only through POST /api/payments, never on a queue");
        }
    }
}
