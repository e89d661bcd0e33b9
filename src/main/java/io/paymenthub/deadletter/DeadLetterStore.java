package io.paymenthub.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.paymenthub.broker.DeadLetterLabeller;
import io.paymenthub.broker.DeadLetterScrubber;
import io.paymenthub.common.HubHttpException;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.stereotype.Component;

/**
 * The hub's dead-letter queues on the broker ({@code DLQ.<queue>}), for the admin API (contract section 8): browses
 * them, and takes one message off by its JMSMessageID, to send it back to its queue or to drop it. Every wait is
 * bounded by {@code hub.dead-letters.broker-timeout} (and the broker client's own timeouts, BrokerClientTimeoutConfiguration).
 * <p>
 * A replay is one JMS transaction: the dead letter is received by a selector on its JMSMessageID, a copy is sent to
 * its queue, and both are committed together. So it goes back once: a second replay of the same id (or a concurrent
 * one) finds nothing, and a failure before the commit leaves the dead letter where it was. The copy keeps what the
 * consumer needs (its body byte for byte, so an internal envelope's signature still verifies; its properties such as
 * {@code replyTo}, {@code idempotencyKey}, {@code hubCorrelationId}; JMSReplyTo, JMSCorrelationID, JMSType, priority)
 * and drops the dead-letter headers, so a message that fails again is labelled afresh.
 * <p>
 * ActiveMQ looks for a selector's match among the messages it holds in memory (a queue's page, 200 by default for a
 * consumer, 400 for a browser): in a very long DLQ a message far behind the first page is found once those before it
 * have gone.
 */
@Component("deadLetterStore")
public class DeadLetterStore {

    /** What a replay takes off: the hub's labels, and what ActiveMQ itself adds to the messages it dead-letters. */
    private static final Set<String> DEAD_LETTER_HEADERS = Set.of(DeadLetterLabeller.REASON,
            DeadLetterLabeller.DEAD_LETTER_QUEUE, DeadLetterLabeller.FAILED_AT, "dlqDeliveryFailureCause");
    /** The reason ActiveMQ writes when it dead-letters a message itself. */
    private static final String BROKER_REASON = "dlqDeliveryFailureCause";
    private static final int MAX_MESSAGE_ID_LENGTH = 256;

    private final ConnectionFactory connectionFactory;
    private final DeadLetterScrubber scrubber;
    private final long timeoutMillis;

    public DeadLetterStore(ConnectionFactory connectionFactory, DeadLetterScrubber scrubber, DeadLetterProperties properties) {
        this.connectionFactory = connectionFactory;
        this.scrubber = scrubber;
        this.timeoutMillis = Math.max(1, properties.getBrokerTimeout().toMillis());
    }

    /** A dead letter found by its id: what it shows, and what a dry run reads (its body and properties as they are). */
    public record Found(DeadLetter letter, byte[] body, Map<String, Object> properties) {
    }

    /** @return the first {@code limit} dead letters of {@code queue}, oldest first; fewer when the broker took too long */
    public List<DeadLetter> browse(String queue, int limit) throws JMSException {
        List<DeadLetter> letters = new ArrayList<>();
        browse(queue, null, limit, message -> letters.add(view(queue, message)));
        return letters;
    }

    /** @return the dead letter with this id on the first of {@code queues}' DLQs that holds it */
    public Optional<Found> find(String messageId, List<String> queues) throws JMSException {
        if (!plausibleId(messageId)) {
            return Optional.empty();
        }
        for (String queue : queues) {
            List<Found> found = new ArrayList<>();
            browse(queue, selector(messageId), 1,
                    message -> found.add(new Found(view(queue, message), bodyOf(message), propertiesOf(message))));
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    /** Sends the dead letter back to {@code queue} and takes it off its DLQ, in one transaction. @return false: not there (any more) */
    public boolean moveBack(String messageId, String queue) throws JMSException {
        return take(messageId, queue, true);
    }

    /** Takes the dead letter off its DLQ for good. @return false: not there (any more) */
    public boolean remove(String messageId, String queue) throws JMSException {
        return take(messageId, queue, false);
    }

    private boolean take(String messageId, String queue, boolean replay) throws JMSException {
        if (!plausibleId(messageId)) {
            return false;
        }
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                try (MessageConsumer consumer = session.createConsumer(
                        session.createQueue(DeadLetterQueues.deadLetterQueueOf(queue)), selector(messageId))) {
                    Message dead = consumer.receive(timeoutMillis);
                    if (dead == null) {
                        session.rollback();
                        return false;
                    }
                    try {
                        if (replay) {
                            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                                producer.send(copyForReplay(session, dead), DeliveryMode.PERSISTENT, dead.getJMSPriority(),
                                        Message.DEFAULT_TIME_TO_LIVE);
                            }
                        }
                        session.commit();
                    } catch (JMSException | RuntimeException e) {
                        session.rollback();
                        throw e;
                    }
                    return true;
                }
            }
        }
    }

    private interface MessageSink {
        void accept(Message message) throws JMSException;
    }

    private void browse(String queue, String selector, int limit, MessageSink sink) throws JMSException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 QueueBrowser browser = session.createBrowser(session.createQueue(DeadLetterQueues.deadLetterQueueOf(queue)),
                         selector)) {
                Enumeration<?> messages = browser.getEnumeration();
                int seen = 0;
                while (seen < limit && System.nanoTime() < deadline && messages.hasMoreElements()) {
                    if (messages.nextElement() instanceof Message message) {
                        sink.accept(message);
                        seen++;
                    }
                }
            }
        }
    }

    private DeadLetter view(String queue, Message message) throws JMSException {
        byte[] body = bodyOf(message);
        String reason = message.getStringProperty(DeadLetterLabeller.REASON);
        if (reason == null) {
            reason = message.getStringProperty(BROKER_REASON);
        }
        return new DeadLetter(message.getJMSMessageID(), queue,
                reason == null ? "unknown" : scrubber.scrubbedReason(reason), failedAt(message),
                body == null ? "" : scrubber.scrubbedText(new String(body, StandardCharsets.UTF_8)));
    }

    static String failedAt(Message message) throws JMSException {
        String labelled = message.getStringProperty(DeadLetterLabeller.FAILED_AT);
        if (labelled != null) {
            try {
                return Instant.parse(labelled).toString();
            } catch (DateTimeParseException notOurs) {
                // written by something else: the broker's time below
            }
        }
        return Instant.ofEpochMilli(message.getJMSTimestamp()).toString();
    }

    /** @return the body's bytes (a text message's in UTF-8); null for a message of another type */
    static byte[] bodyOf(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText() == null ? new byte[0] : text.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            bytes.reset();
            return content;
        }
        return null;
    }

    private static Map<String, Object> propertiesOf(Message message) throws JMSException {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : Collections.list(propertyNames(message))) {
            properties.put(name, message.getObjectProperty(name));
        }
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> propertyNames(Message message) throws JMSException {
        return (Enumeration<String>) message.getPropertyNames();
    }

    private static Message copyForReplay(Session session, Message dead) throws JMSException {
        Message copy;
        if (dead instanceof TextMessage text) {
            copy = session.createTextMessage(text.getText());
        } else if (dead instanceof BytesMessage) {
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(bodyOf(dead));
            copy = bytes;
        } else {
            // the hub's queues carry JSON as text or bytes (contract section 6): anything else was never the hub's
            throw new HubHttpException(409, "NOT_REPLAYABLE", "Only a text or bytes message can be replayed");
        }
        for (String name : Collections.list(propertyNames(dead))) {
            // JMSX and JMS_ properties are the provider's: it sets them on the new message itself
            if (!DEAD_LETTER_HEADERS.contains(name) && !name.startsWith("JMSX") && !name.startsWith("JMS_")) {
                copy.setObjectProperty(name, dead.getObjectProperty(name));
            }
        }
        copy.setJMSReplyTo(dead.getJMSReplyTo());
        copy.setJMSCorrelationID(dead.getJMSCorrelationID());
        copy.setJMSType(dead.getJMSType());
        return copy;
    }

    /** A JMS selector string literal doubles its quotes: the id cannot end the literal. */
    private static String selector(String messageId) {
        return "JMSMessageID = '" + messageId.replace("'", "''") + "'";
    }

    private static boolean plausibleId(String messageId) {
        return messageId != null && !messageId.isBlank() && messageId.length() <= MAX_MESSAGE_ID_LENGTH;
    }
}
