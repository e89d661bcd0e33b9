package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;

/**
 * A refused payments.requests message that carries a card goes to its DLQ without the card's number or CVC
 * (issue 7 #3, contract sections 3, 6 and 8): the dead letter is kept, browsed and replayed.
 */
class DeadLetterCardDataRouteTest extends SharedPlatformRouteTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${hub.queues.payment-requests}")
    String requests;

    @Test
    void aRefusedRequestIsDeadLetteredWithTheCardMaskedAndWithoutItsCvc() throws Exception {
        String marker = UUID.randomUUID().toString();
        String orderId = "order-" + marker;
        // no amount: refused by the hub's own rules, so dead-lettered at once
        String body = "{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"currency\":\"MXN\","
                + "\"description\":\"Order from the broker\",\"paymentMethod\":{\"type\":\"card\",\"cardDetails\":"
                + "{\"number\":\"4000000000002503\",\"expiryMonth\":\"12\",\"expiryYear\":\"30\",\"cvc\":\"123\"}}}";
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(Duration.ofSeconds(30).toMillis());

        jms.send(requests, session -> {
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("testMarker", marker);
            return message;
        });

        Message dead = jms.receiveSelected("DLQ." + requests, "testMarker = '" + marker + "'");
        assertThat(dead).as("dead letter with testMarker " + marker).isNotNull();
        String deadBody = PaymentRequestQueueRouteTest.textOf(dead);
        assertThat(deadBody).doesNotContain("4000000000002503").doesNotContain("\"cvc\"").doesNotContain("123\"");
        JsonNode kept = JSON.readTree(deadBody);
        assertThat(kept.path("paymentMethod").path("cardDetails").path("number").asText()).isEqualTo("400000******2503");
        assertThat(kept.path("paymentMethod").path("cardDetails").has("cvc")).isFalse();
        assertThat(kept.path("paymentMethod").path("cardDetails").path("expiryMonth").asText()).isEqualTo("12");
        assertThat(kept.path("paymentMethod").path("cardDetails").path("expiryYear").asText()).isEqualTo("30");
        assertThat(kept.path("paymentMethod").path("type").asText()).isEqualTo("card");
        assertThat(kept.path("orderId").asText()).isEqualTo(orderId);
        assertThat(kept.path("userId").asText()).isEqualTo("user-1");
        assertThat(kept.path("currency").asText()).isEqualTo("MXN");
        assertThat(kept.path("description").asText()).isEqualTo("Order from the broker");
        assertThat(dead.getStringProperty("hubFailureReason")).containsIgnoringCase("amount");
        assertThat(paymentRowsForOrder(orderId)).isZero();
    }
}
