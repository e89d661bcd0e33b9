package io.paymenthub.broker;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The decisions of brokerConsumerErrorPolicy.yaml that need the message's delivery count: a failure the
 * hub cannot classify is retried through the broker a bounded number of deliveries, then dead-lettered;
 * a transient one is retried for ever. Each rollback is one log line with its reason, never a stack trace.
 */
@Component("brokerRedelivery")
public class BrokerRedelivery {

    private static final Logger log = LoggerFactory.getLogger(BrokerRedelivery.class);

    private final int unexpectedFailureDeliveries;

    public BrokerRedelivery(@Value("${hub.broker.redelivery.unexpected-failure-deliveries:10}") int unexpectedFailureDeliveries) {
        if (unexpectedFailureDeliveries < 1) {
            throw new IllegalStateException("hub.broker.redelivery.unexpected-failure-deliveries must be at least 1");
        }
        this.unexpectedFailureDeliveries = unexpectedFailureDeliveries;
    }

    /**
     * Whether a failure of the transient kinds (database, broker, platform) may pass by itself. A database error
     * that names a problem of the data or the statement (SQLSTATE class 22 data exception, 23 constraint, 42
     * syntax or access, ...) will fail the same way on every delivery: it takes the bounded path of unexpected
     * failures instead of being redelivered for ever. Connection (08), rollback (40), resources (53),
     * operator (57), system (58) errors and those without a state are taken as outages.
     */
    public boolean transientFailure(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return transientSql(sql);
            }
        }
        return true;
    }

    static boolean transientSql(SQLException sql) {
        if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
            return true;
        }
        String state = sql.getSQLState();
        if (state == null || state.length() < 2) {
            return true;
        }
        return switch (state.substring(0, 2)) {
            case "08", "40", "53", "57", "58", "HY", "HZ" -> true;
            default -> false;
        };
    }

    /** An unexpected failure on the last delivery it gets: dead-letter it now. */
    public boolean lastDelivery(Exchange exchange) {
        return deliveryCount(exchange) >= unexpectedFailureDeliveries;
    }

    /** Logs why the message goes back to the broker; the route then fails and the JMS transaction rolls back. */
    public void rollBack(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        log.warn("Broker message rolled back for a later redelivery queue={} delivery={} reason={}",
                DeadLetterLabeller.sourceQueue(exchange.getFromEndpoint()), deliveryCount(exchange),
                DeadLetterLabeller.reason(cause));
    }

    /**
     * The exchange property a route sets from the JMS header JMSXDeliveryCount when it replaces its message's
     * body or headers (Camel's JMS message then forgets the JMS message it came from).
     */
    public static final String DELIVERY_COUNT = "hubDeliveryCount";

    /** 1 for the first delivery; the broker counts redeliveries of a rolled-back message. */
    public static int deliveryCount(Exchange exchange) {
        Integer header = exchange.getMessage().getHeader("JMSXDeliveryCount", Integer.class);
        if (header != null) {
            return header;
        }
        Integer kept = exchange.getProperty(DELIVERY_COUNT, Integer.class);
        if (kept != null) {
            return kept;
        }
        JmsMessage jms = exchange.getIn(JmsMessage.class);
        if (jms != null && jms.getJmsMessage() != null) {
            try {
                return Math.max(1, jms.getJmsMessage().getIntProperty("JMSXDeliveryCount"));
            } catch (jakarta.jms.JMSException | NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }
}
