package io.paymenthub.logging;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.MessageCreatedStrategy;
import org.slf4j.MDC;

/**
 * Puts the flow's correlation id on every JMS message the hub sends (payments.events, refunds.requests, replies, dead
 * letters, ...) as the property {@code hubCorrelationId}, whatever headers the route removed before sending: the
 * exchange's id, else the one of the flow running on this thread. Set on the activemq6 component
 * ({@link CorrelationLoggingConfiguration}).
 */
public class CorrelationIdOnMessages implements MessageCreatedStrategy {

    @Override
    public void onMessageCreated(Message message, Session session, Exchange exchange, Throwable cause) {
        String id = exchange == null ? null : exchange.getProperty(CorrelationIds.PROPERTY, String.class);
        if (id == null) {
            id = MDC.get(CorrelationIds.MDC_KEY);
        }
        if (id == null) {
            return;
        }
        try {
            message.setStringProperty(CorrelationIds.PROPERTY, id);
        } catch (JMSException e) {
            throw new IllegalStateException("Could not set the correlation id on a JMS message", e);
        }
    }
}
