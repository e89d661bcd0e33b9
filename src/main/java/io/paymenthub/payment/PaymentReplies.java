package io.paymenthub.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
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

    /** The queue named in the {@code replyTo} header, or null when there is none or it is not a plain name. */
    public String replyQueue(@Header("replyTo") String replyTo) {
        return replyTo != null && replyTo.matches("[A-Za-z0-9._-]{1,200}") ? replyTo : null;
    }

    /** The payment JSON as the body; Camel answers a JMSReplyTo with it by itself. */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        Payment payment = exchange.getProperty("hubPayment", Payment.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(objectMapper.writeValueAsString(query.viewOf(payment)));
    }
}
