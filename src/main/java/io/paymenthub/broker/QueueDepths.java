package io.paymenthub.broker;

import java.time.Duration;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How many messages wait on each of the hub's queues and on its dead-letter queue ({@code hub_queue_depth{queue}},
 * {@code hub_dead_letter_depth{queue}}, contract section 7), as the broker counts them. The broker answers through
 * ActiveMQ's statistics plugin ({@code <statisticsBrokerPlugin/>}, on in the embedded broker and in
 * scripts/standalone-broker.sh): one request to {@code ActiveMQ.Statistics.Destination.>} brings one map per queue and
 * an empty one at the end. {@link #sample} runs on a schedule (sampleQueueDepths.yaml) and the gauges read its last
 * answer, so a scrape never waits for the broker. Until a sample succeeds, or when the broker does not answer (down, or
 * without the plugin: logged once), the gauges read NaN, Prometheus's "no value", never a made-up 0. The alert monitor
 * asks through {@link #depths} at each evaluation.
 */
@Component("queueDepths")
public class QueueDepths {

    private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

    static final String STATISTICS_OF_EVERY_QUEUE = "ActiveMQ.Statistics.Destination.>";
    /** Asks the plugin to end its answer with an empty map, so the sample knows it has them all. */
    static final String END_WITH_EMPTY_MESSAGE = "ActiveMQ.Statistics.Destination.List.End.With.Null";

    private final ConnectionFactory connectionFactory;
    private final List<String> queues;
    private final long answerTimeoutMillis;
    private final Map<String, Double> depths = new ConcurrentHashMap<>();
    private volatile boolean pluginMissingLogged;

    public QueueDepths(ConnectionFactory connectionFactory, MeterRegistry registry,
                       HubQueues hubQueues,
                       @Value("${hub.monitoring.queue-depth-timeout:2s}") Duration answerTimeout) {
        this.connectionFactory = connectionFactory;
        this.queues = hubQueues.all();
        this.answerTimeoutMillis = answerTimeout.toMillis();
        for (String queue : queues) {
            Gauge.builder("hub.queue.depth", depths, map -> map.getOrDefault(queue, Double.NaN))
                    .description("Messages waiting on one of the hub's queues").tag("queue", queue).register(registry);
            Gauge.builder("hub.dead.letter.depth", depths, map -> map.getOrDefault(deadLetterQueue(queue), Double.NaN))
                    .description("Messages on the dead-letter queue DLQ.<queue> of one of the hub's queues")
                    .tag("queue", queue).register(registry);
        }
    }

    /** Asks the broker for the queues' sizes; the gauges show them until the next sample. */
    public void sample() {
        Map<String, Long> sizes;
        try {
            sizes = askBroker();
        } catch (JMSException e) {
            depths.clear();
            log.debug("Queue depths not sampled: {}", e.toString());
            return;
        }
        if (sizes == null) {
            depths.clear();
            if (!pluginMissingLogged) {
                pluginMissingLogged = true;
                log.warn("The broker did not answer a statistics request within {} ms: queue and dead-letter depths are not "
                        + "known. Add <plugins><statisticsBrokerPlugin/></plugins> to the broker's activemq.xml", answerTimeoutMillis);
            }
            return;
        }
        pluginMissingLogged = false;
        for (String queue : queues) {
            // a queue the broker does not list has never held a message: it is empty
            depths.put(queue, sizes.getOrDefault(queue, 0L).doubleValue());
            depths.put(deadLetterQueue(queue), sizes.getOrDefault(deadLetterQueue(queue), 0L).doubleValue());
        }
    }

    /**
     * Asks the broker now (the alert monitor's DeadLetterQueueGrowing, at each evaluation).
     *
     * @param queueNames full queue names, e.g. {@code DLQ.payments.requests}
     * @return each queue's size, in the order given; 0 for a queue the broker has never had
     * @throws IllegalStateException when the broker does not answer within the timeout (down, or without the plugin)
     */
    public Map<String, Long> depths(List<String> queueNames) {
        Map<String, Long> sizes;
        try {
            sizes = askBroker();
        } catch (JMSException e) {
            throw new IllegalStateException("The broker could not be asked for queue depths: " + e.getMessage(), e);
        }
        if (sizes == null) {
            throw new IllegalStateException("The broker did not answer a statistics request within " + answerTimeoutMillis
                    + " ms (is <statisticsBrokerPlugin/> in its activemq.xml?)");
        }
        Map<String, Long> depths = new LinkedHashMap<>();
        queueNames.forEach(queue -> depths.put(queue, sizes.getOrDefault(queue, 0L)));
        return depths;
    }

    /** @return the last sampled depth of DLQ.<queue>, or NaN when unknown */
    public double deadLetterDepth(String queue) {
        return depths.getOrDefault(deadLetterQueue(queue), Double.NaN);
    }

    public List<String> queues() {
        return queues;
    }

    /** @return queue name to size, or null when the statistics did not all arrive in time */
    private Map<String, Long> askBroker() throws JMSException {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            MessageProducer producer = session.createProducer(session.createQueue(STATISTICS_OF_EVERY_QUEUE));
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            request.setBooleanProperty(END_WITH_EMPTY_MESSAGE, true);
            producer.send(request, DeliveryMode.NON_PERSISTENT, Message.DEFAULT_PRIORITY, answerTimeoutMillis);
            Map<String, Long> sizes = new HashMap<>();
            long deadline = System.currentTimeMillis() + answerTimeoutMillis;
            while (true) {
                long left = deadline - System.currentTimeMillis();
                Message reply = left > 0 ? consumer.receive(left) : null;
                if (!(reply instanceof MapMessage map)) {
                    return null;
                }
                Enumeration<?> names = map.getMapNames();
                if (!names.hasMoreElements()) {
                    return sizes;
                }
                String destination = map.getString("destinationName");
                if (destination != null && destination.startsWith("queue://")) {
                    sizes.put(destination.substring("queue://".length()), map.getLong("size"));
                }
            }
        }
    }

    static String deadLetterQueue(String queue) {
        return "DLQ." + queue;
    }
}
