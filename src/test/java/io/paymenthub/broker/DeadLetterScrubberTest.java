package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.paymenthub.common.CardNumberMasker;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class DeadLetterScrubberTest {

    private final DeadLetterScrubber scrubber = new DeadLetterScrubber(new CardNumberMasker());

    @Test
    void masksTheCardNumberAndRemovesEveryCvcOfAJsonBodyKeepingTheRest() {
        String body = "{\"amount\":5000,\"price\":12.50,\"paymentMethod\":{\"type\":\"card\",\"cardDetails\":"
                + "{\"number\":\"4000000000002504\",\"expiryMonth\":\"12\",\"cvc\":\"123\"}},"
                + "\"saved\":[{\"type\":\"payment_method_id\",\"paymentMethodId\":\"pm_1\",\"CVC\":987}],"
                + "\"note\":\"card 5200 0000 0000 2151\",\"reference\":4000000000003220}";

        assertThat(scrubber.scrub(body)).isEqualTo("{\"amount\":5000,\"price\":12.50,\"paymentMethod\":{\"type\":\"card\","
                + "\"cardDetails\":{\"number\":\"400000******2504\",\"expiryMonth\":\"12\"}},"
                + "\"saved\":[{\"type\":\"payment_method_id\",\"paymentMethodId\":\"pm_1\"}],"
                + "\"note\":\"card 5200 00** **** 2151\",\"reference\":\"400000******3220\"}");
    }

    @Test
    void leavesABodyWithoutCardDataAsItCame() {
        String body = "{ \"amount\" : 5000, \"currency\": \"EUR\", \"orderId\": \"order-9\" }";

        assertThat(scrubber.scrub(body)).isSameAs(body);
    }

    @Test
    void masksCardNumbersAndCvcValuesInABodyThatIsNotJson() {
        String body = "{\"paymentMethod\":{\"cardDetails\":{\"number\":\"4000000000002503\",\"cvc\" : \"123\"}},,"
                + " raw 5200000000002151 \"cvc\":456}";

        assertThat(scrubber.scrub(body)).isEqualTo("{\"paymentMethod\":{\"cardDetails\":{\"number\":\"400000******2503\","
                + "\"cvc\" : \"***\"}},, raw 520000******2151 \"cvc\":\"***\"}");
    }

    @Test
    void aRepeatedKeyCannotHideACardNumber() {
        String body = "{\"note\":\"4000000000002503\",\"note\":\"nothing\",\"cvc\":\"123\",\"cvc\":\"1\"}";

        assertThat(scrubber.scrub(body)).isEqualTo("{\"note\":\"400000******2503\",\"note\":\"nothing\",\"cvc\":\"***\",\"cvc\":\"***\"}");
    }

    @Test
    void aBytesBodyStaysBytesAndAnUntouchedBodyStaysTheSameObject() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        byte[] clean = "{\"amount\":5000}".getBytes(StandardCharsets.UTF_8);
        exchange.getMessage().setBody(clean);
        assertThat(scrubber.scrubbedBody(exchange)).isSameAs(clean);

        exchange.getMessage().setBody("{\"cvc\":\"123\",\"amount\":5000}".getBytes(StandardCharsets.UTF_8));
        assertThat(scrubber.scrubbedBody(exchange)).isInstanceOf(byte[].class)
                .satisfies(body -> assertThat(new String((byte[]) body, StandardCharsets.UTF_8)).isEqualTo("{\"amount\":5000}"));
    }

    @Test
    void theReasonHasItsCardNumbersMasked() {
        assertThat(scrubber.scrubbedReason("HubHttpException: card 4000000000002503 is not accepted"))
                .isEqualTo("HubHttpException: card 400000******2503 is not accepted");
        assertThat(scrubber.scrubbedReason(null)).isNull();
    }
}
