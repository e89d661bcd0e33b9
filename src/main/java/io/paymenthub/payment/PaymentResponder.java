package io.paymenthub.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.ContractErrorBody;
import io.paymenthub.payment.PaymentIdempotency.Claim;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The answer to a payment request (contract section 3): 201 for a new payment, 200 for a replay of
 * the same key, 202 while QUEUED, 402 when the platform refused it; the body is the payment JSON.
 */
@Component("paymentResponder")
public class PaymentResponder {

    private final PaymentQuery query;
    private final ObjectMapper objectMapper;

    public PaymentResponder(PaymentQuery query, ObjectMapper objectMapper) {
        this.query = query;
        this.objectMapper = objectMapper;
    }

    public void respond(Exchange exchange) throws JsonProcessingException {
        Payment payment = exchange.getProperty("hubPayment", Payment.class);
        Claim claim = exchange.getProperty("hubClaim", Claim.class);
        if (Boolean.TRUE.equals(exchange.getProperty(PaymentSubmission.NOT_QUEUED, Boolean.class))) {
            // contract section 3: a request with raw card data is never queued; the client's retry submits it again
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(ContractErrorBody.of("UNAVAILABLE",
                    "The payment system is temporarily unavailable. Please try again; nothing was charged or kept."));
            return;
        }
        respond(exchange, statusFor(payment, claim), query.viewOf(payment));
    }

    /** The answer to a 3-D Secure step: 200 with the payment, 402 when the authentication failed it. */
    public void authenticated(Exchange exchange) throws JsonProcessingException {
        Payment payment = exchange.getProperty("hubPayment", Payment.class);
        respond(exchange, payment.status() == PaymentStatus.FAILED ? 402 : 200, query.viewOf(payment));
    }

    /** 200 with the payment as it is now. */
    public void ok(Exchange exchange) throws JsonProcessingException {
        respond(exchange, 200, query.viewOf(exchange.getProperty("hubPayment", Payment.class)));
    }

    static int statusFor(Payment payment, Claim claim) {
        if (payment.status() == PaymentStatus.QUEUED) {
            return 202;
        }
        if (claim != null && claim.outcome() != Claim.Outcome.NEW) {
            return 200;
        }
        return payment.status() == PaymentStatus.FAILED ? 402 : 201;
    }

    private void respond(Exchange exchange, int status, Object body) throws JsonProcessingException {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(objectMapper.writeValueAsString(body));
    }
}
