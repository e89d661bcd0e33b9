package io.paymenthub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubRouteTestBase;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * The dead letters of the admin API on PostgreSQL and a real standalone ActiveMQ broker (HUB_IT_DATASOURCE_URL,
 * HUB_IT_BROKER_URL): a request the consumer refused is listed from the broker's DLQ and replayed once; the broker's
 * own queue then holds it again for the consumer, which refuses it again, and the old id is gone.
 */
class DeadLetterReplayIT extends HubRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMIN = "Bearer " + HubClient.TEST_ADMIN_KEY;

    @Value("${hub.queues.payment-requests}")
    String requests;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void listsAndReplaysOnceADeadLetterOnTheRealBroker() {
        String marker = UUID.randomUUID().toString();
        String orderId = "order-" + marker;
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(WAIT.toMillis());
        HubClient hub = new HubClient(port);
        jms.send(requests, session -> {
            Message message = session.createTextMessage("{\"userId\":\"user-1\",\"orderId\":\"" + orderId + "\",\"currency\":\"EUR\"}");
            message.setStringProperty("testMarker", marker);
            return message;
        });

        JsonNode[] letter = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            Response listed = hub.get("/api/admin/dead-letters?queue=" + requests, "Authorization", ADMIN);
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            for (JsonNode each : listed.json().path("data")) {
                if (each.path("body").asText().contains(orderId)) {
                    letter[0] = each;
                }
            }
            return letter[0] != null;
        });
        String messageId = letter[0].path("messageId").asText();
        assertThat(letter[0].path("reason").asText()).contains("amount is required");

        Response replayed = hub.post("/api/admin/dead-letters/" + messageId + "/replay", "", "Authorization", ADMIN);
        Response again = hub.post("/api/admin/dead-letters/" + messageId + "/replay", "", "Authorization", ADMIN);

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.json().path("replayed").asBoolean()).isTrue();
        assertThat(again.status()).as(again.body()).isEqualTo(404);
        Message second = jms.receiveSelected("DLQ." + requests, "testMarker = '" + marker + "'");
        assertThat(second).as("the replayed request, refused again").isNotNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId)).isZero();
    }
}
