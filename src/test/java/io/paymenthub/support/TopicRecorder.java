package io.paymenthub.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/** Subscribes to a topic before a test acts, and keeps what arrives with its delivery mode. */
public final class TopicRecorder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TopicRecorder(ConnectionFactory factory, String topic) throws JMSException {
        connection = factory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createTopic(topic));
        consumer.setMessageListener(this::record);
        connection.start();
    }

    private void record(Message message) {
        try {
            received.add(new Received(JSON.readTree(((TextMessage) message).getText()), message.getJMSDeliveryMode(),
                    message.getStringProperty("hubCorrelationId"), message.getJMSTimestamp()));
        } catch (Exception e) {
            received.add(new Received(null, -1, null, 0));
        }
    }

    public List<JsonNode> forPayment(String paymentId) {
        return received.stream().filter(r -> r.body() != null && paymentId.equals(r.body().path("paymentId").asText()))
                .map(Received::body).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }

    /**
     * @param correlationId the message's {@code hubCorrelationId} property
     * @param sentAt        its JMSTimestamp (epoch millis): when its producer sent it, which tells the copies of a message
     *                      sent again by another hub instance apart
     */
    public record Received(JsonNode body, int deliveryMode, String correlationId, long sentAt) { }

    /** The correlation ids of the messages about the payment, in arrival order. */
    public List<String> correlationIdsForPayment(String paymentId) {
        return received.stream().filter(r -> r.body() != null && paymentId.equals(r.body().path("paymentId").asText()))
                .map(Received::correlationId).toList();
    }
}
