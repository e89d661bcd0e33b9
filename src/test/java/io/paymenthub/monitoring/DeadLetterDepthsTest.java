package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dead-letter depths asked of a real ActiveMQ broker, with its statistics plugin and without it. */
class DeadLetterDepthsTest {

    private BrokerService broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
    }

    @Test
    void theStatisticsPluginTellsEachQueuesDepthAndZeroForAQueueTheBrokerDoesNotHave() throws Exception {
        ActiveMQConnectionFactory factory = start(true);
        put(factory, "DLQ.payments.requests", 3);
        put(factory, "DLQ.webhooks.events", 1);

        DeadLetterDepths depths = new DeadLetterDepths(factory, properties());

        assertThat(depths.depths(List.of("DLQ.payments.requests", "DLQ.refunds.requests", "DLQ.webhooks.events")))
                .containsExactly(entry("DLQ.payments.requests", 3L), entry("DLQ.refunds.requests", 0L),
                        entry("DLQ.webhooks.events", 1L));
        // the requests left nothing behind on the broker
        assertThat(broker.getBroker().getDestinationMap().keySet()).extracting(Object::toString)
                .noneMatch(name -> name.contains("ActiveMQ.Statistics"));
    }

    @Test
    void withoutThePluginTheQueuesAreBrowsedAndCounted() throws Exception {
        ActiveMQConnectionFactory factory = start(false);
        put(factory, "DLQ.payments.requests", 2);

        DeadLetterDepths depths = new DeadLetterDepths(factory, properties());

        assertThat(depths.depths(List.of("DLQ.payments.requests", "DLQ.refunds.requests")))
                .containsExactly(entry("DLQ.payments.requests", 2L), entry("DLQ.refunds.requests", 0L));
    }

    private static java.util.Map.Entry<String, Long> entry(String queue, long depth) {
        return java.util.Map.entry(queue, depth);
    }

    private static MonitoringProperties properties() {
        MonitoringProperties properties = new MonitoringProperties();
        properties.setBrokerTimeout(Duration.ofMillis(500));
        return properties;
    }

    private ActiveMQConnectionFactory start(boolean statistics) throws Exception {
        String name = "depths-" + UUID.randomUUID();
        broker = new BrokerService();
        broker.setBrokerName(name);
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        if (statistics) {
            broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        }
        broker.start();
        broker.waitUntilStarted();
        return new ActiveMQConnectionFactory("vm://" + name + "?create=false");
    }

    private static void put(ActiveMQConnectionFactory factory, String queue, int count) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("dead letter " + i));
            }
        }
    }
}
