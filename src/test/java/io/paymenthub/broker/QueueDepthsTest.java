package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The depth gauges show what a real ActiveMQ broker counts, and no value when it cannot say. */
class QueueDepthsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private BrokerService broker;

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void theGaugesShowTheMessagesWaitingOnAQueueAndOnItsDeadLetterQueue() throws Exception {
        ActiveMQConnectionFactory factory = broker("with-statistics", true);
        send(factory, "payments.requests", 2);
        send(factory, "DLQ.payments.requests", 3);
        QueueDepths depths = new QueueDepths(factory, registry, new HubQueues("payments.requests", "refunds.requests", "webhooks.events", "hub.confirmations"),
                Duration.ofSeconds(2));
        assertThat(gauge("hub.queue.depth", "payments.requests")).as("before the first sample").isNaN();

        depths.sample();

        assertThat(gauge("hub.queue.depth", "payments.requests")).isEqualTo(2);
        assertThat(gauge("hub.dead.letter.depth", "payments.requests")).isEqualTo(3);
        assertThat(gauge("hub.queue.depth", "refunds.requests")).as("a queue that never held a message").isZero();
        assertThat(gauge("hub.dead.letter.depth", "webhooks.events")).isZero();
        assertThat(depths.deadLetterDepth("payments.requests")).isEqualTo(3);
    }

    @Test
    void aBrokerWithoutTheStatisticsPluginLeavesTheGaugesWithoutAValueWithinTheTimeout() throws Exception {
        ActiveMQConnectionFactory factory = broker("without-statistics", false);
        send(factory, "DLQ.payments.requests", 1);
        QueueDepths depths = new QueueDepths(factory, registry, new HubQueues("payments.requests", "refunds.requests", "webhooks.events", "hub.confirmations"),
                Duration.ofMillis(300));

        long started = System.nanoTime();
        depths.sample();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(gauge("hub.dead.letter.depth", "payments.requests")).isNaN();
        assertThat(gauge("hub.queue.depth", "payments.requests")).isNaN();
    }

    private double gauge(String name, String queue) {
        return registry.get(name).tag("queue", queue).gauge().value();
    }

    private ActiveMQConnectionFactory broker(String name, boolean statistics) throws Exception {
        broker = new BrokerService();
        broker.setBrokerName(name);
        broker.setPersistent(false);
        broker.setUseJmx(false);
        if (statistics) {
            broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        }
        broker.start();
        return new ActiveMQConnectionFactory("vm://" + name + "?create=false");
    }

    private static void send(ActiveMQConnectionFactory factory, String queue, int count) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < count; i++) {
                producer.send(session.createTextMessage("{}"));
            }
        }
    }
}
