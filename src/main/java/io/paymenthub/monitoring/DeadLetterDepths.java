package io.paymenthub.monitoring;

import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;

/**
 * How many messages wait in each {@code DLQ.<queue>}, asked of the broker itself: every instance sees the same
 * queues. ActiveMQ Classic's statistics plugin answers exactly ({@code <statisticsBrokerPlugin/>}, on in the
 * embedded broker and in {@code scripts/standalone-broker.sh}): a request to {@code ActiveMQ.Statistics.Destination.<name>}
 * with a reply queue gets the destination's {@code size}. A broker without the plugin does not answer; the queue is
 * then browsed and counted, which ActiveMQ limits to the messages it pages in for a browser ({@code maxBrowsePageSize},
 * 400 by default): the depth is then a lower bound, still enough to see a queue grow from empty.
 */
@Component
public class DeadLetterDepths {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDepths.class);
    static final String STATISTICS = "ActiveMQ.Statistics.Destination.";
    /** Asks the plugin to end its answer with an empty message (also for a destination that does not exist). */
    static final String END_WITH_EMPTY = "ActiveMQ.Statistics.Destination.List.End.With.Null";
    /** Counting a browsed queue stops here, whatever the broker would page in. */
    static final int MAX_BROWSED = 10_000;

    private final ConnectionFactory connectionFactory;
    private final long timeoutMillis;
    private volatile boolean warnedNoStatistics;

    public DeadLetterDepths(ConnectionFactory connectionFactory, MonitoringProperties properties) {
        this.connectionFactory = connectionFactory;
        this.timeoutMillis = Math.max(1, properties.getBrokerTimeout().toMillis());
    }

    /** @return each dead-letter queue's depth, by its name ({@code DLQ.<queue>}), in the order given */
    public Map<String, Long> depths(List<String> deadLetterQueues) {
        Map<String, Long> depths = new LinkedHashMap<>();
        Connection connection = null;
        try {
            connection = connectionFactory.createConnection();
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer answers = session.createConsumer(replies);
            try {
                MessageProducer requests = session.createProducer(null);
                // a broker without the plugin keeps a request as a message: never on disk, and gone soon
                requests.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                requests.setTimeToLive(timeoutMillis * 5);
                boolean statistics = true;
                for (String queue : deadLetterQueues) {
                    Long depth = statistics ? askStatistics(session, requests, answers, replies, queue) : null;
                    if (depth == null) {
                        statistics = false;
                        depth = browse(session, queue);
                    }
                    depths.put(queue, depth);
                }
                return depths;
            } finally {
                // a pooled connection outlives this call, and so would its temporary queue
                answers.close();
                replies.delete();
            }
        } catch (JMSException e) {
            throw JmsUtils.convertJmsAccessException(e);
        } finally {
            JmsUtils.closeConnection(connection);
        }
    }

    /** @return the queue's size by the statistics plugin, 0 for a queue the broker does not have, null without the plugin */
    private Long askStatistics(Session session, MessageProducer requests, MessageConsumer answers, TemporaryQueue replies,
                               String queue) throws JMSException {
        Message request = session.createMessage();
        String correlation = UUID.randomUUID().toString();
        request.setJMSReplyTo(replies);
        request.setJMSCorrelationID(correlation);
        request.setBooleanProperty(END_WITH_EMPTY, true);
        requests.send(session.createQueue(STATISTICS + queue), request);
        Long size = null;
        while (true) {
            Message answer = answers.receive(timeoutMillis);
            if (answer == null) {
                if (!warnedNoStatistics) {
                    warnedNoStatistics = true;
                    log.warn("The broker does not answer statistics requests: dead-letter depths are counted by browsing, "
                            + "at most the messages the broker pages in for a browser (enable <statisticsBrokerPlugin/>)");
                }
                return size;
            }
            if (!correlation.equals(answer.getJMSCorrelationID()) || !(answer instanceof MapMessage map)) {
                continue; // a late answer to an earlier request
            }
            if (!map.itemExists("size")) {
                return size == null ? 0L : size; // the end of the answer
            }
            size = (size == null ? 0L : size) + map.getLong("size");
        }
    }

    private static long browse(Session session, String queue) throws JMSException {
        QueueBrowser browser = session.createBrowser(session.createQueue(queue));
        try {
            long count = 0;
            Enumeration<?> messages = browser.getEnumeration();
            while (count < MAX_BROWSED && messages.hasMoreElements()) {
                messages.nextElement();
                count++;
            }
            return count;
        } finally {
            browser.close();
        }
    }
}
