package io.paymenthub.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The reply to a payments.requests message: the payment JSON as the body, and the queue named in the
 * message's {@code replyTo} header (a plain queue name; anything that could carry endpoint options is
 * refused, so a message cannot steer the hub to another endpoint).
 */
@Component("paymentReplies")
public class PaymentReplies {

    private final PaymentQuery query;
    private final ObjectMapper objectMapper;

    public PaymentReplies(PaymentQuery query, ObjectMapper objectMapper) {
        this.query = query;
        this.objectMapper = objectMapper;
    }

    public void prepare(Exchange exchange) throws JsonProcessingException {
        String replyTo = exchange.getMessage().getHeader("replyTo", String.class);
        Object jmsReplyTo = exchange.getMessage().getHeader("JMSReplyTo");
        Payment payment = exchange.getProperty("hubPayment", Payment.class);
        exchange.getMessage().removeHeaders("*");
        if (jmsReplyTo != null) {
            // Camel answers JMSReplyTo itself with the final body
            exchange.getMessage().setHeader("JMSReplyTo", jmsReplyTo);
        }
        exchange.setProperty("hubReplyTo", replyTo != null && replyTo.matches("[A-Za-z0-9._-]{1,200}") ? replyTo : null);
        exchange.getMessage().setBody(objectMapper.writeValueAsString(query.viewOf(payment)));
    }
}
