package io.paymenthub.outbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.common.SqlDialect;
import io.paymenthub.logging.CorrelationIds;
import io.paymenthub.payment.Payment;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox for the {@code payments.events} topic: a status change and its message
 * are committed together, and the {@code publishPaymentEvents} route publishes and deletes the rows,
 * so a crash can delay a message (or, between publish and delete, repeat it) but never lose it. The rows are published
 * in the order they were written ({@code publish_order}, one database sequence), not by their {@code created_at}: that
 * is the writing instance's clock, and with several hub instances a payment's later change, written by an instance
 * whose clock is behind, would sort before its earlier one.
 */
@Component("paymentEventOutbox")
public class PaymentEventOutbox {

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;
    private final String insert;

    public PaymentEventOutbox(JdbcTemplate jdbc, ObjectMapper objectMapper, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.insert = "INSERT INTO outbox_messages (id, destination, body, created_at, correlation_id, publish_order) "
                + "VALUES (?, ?, ?, ?, ?, " + dialect.nextValue("outbox_message_order") + ")";
    }

    /**
     * Must run in the transaction that changed the payment (only {@code PaymentTransitions} calls it).
     *
     * @param eventId the platform event that caused the change, or null for a change the hub made itself
     *                (a platform answer, a refusal, queueing), which gets an event id of its own
     */
    public void paymentStatusChanged(Payment payment, String eventId, String eventType, Instant occurredAt, Instant now) {
        write(payment, eventId == null ? "hub_" + UUID.randomUUID() : eventId, eventType, occurredAt, now);
    }

    private void write(Payment payment, String eventId, String eventType, Instant occurredAt, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("eventType", eventType);
        body.put("paymentId", payment.id());
        body.put("orderId", payment.orderId());
        body.put("userId", payment.userId());
        body.put("status", payment.status().name());
        body.put("amount", payment.amount());
        body.put("currency", payment.currency());
        body.put("occurredAt", occurredAt.toString());
        try {
            // the message will carry the id of the flow that changed the payment (CorrelationIdOnMessages)
            jdbc.update(insert, UUID.randomUUID().toString(), "payments.events", objectMapper.writeValueAsString(body),
                    Timestamp.from(now), CorrelationIds.current());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a payment event", e);
        }
    }

    /** The oldest unpublished messages, in the order they were written. */
    public List<OutboxMessage> pending(int limit) {
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, destination, body, correlation_id FROM outbox_messages ORDER BY publish_order, created_at");
            statement.setMaxRows(limit);
            return statement;
        }, (rs, row) -> new OutboxMessage(rs.getString("id"), rs.getString("destination"), rs.getString("body"),
                rs.getString("correlation_id")));
    }

    /**
     * Deletes the row inside the publishing transaction; false when another instance took it first
     * (its delete holds the row until that instance has published).
     */
    public boolean claim(@Header("hubOutboxId") String id) {
        return jdbc.update("DELETE FROM outbox_messages WHERE id = ?", id) == 1;
    }

    public record OutboxMessage(String id, String destination, String body, String correlationId) { }
}
