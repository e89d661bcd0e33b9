package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

class BrokerRedeliveryConfigurationTest {

    @Test
    void rolledBackMessagesAreNeverGivenUpByTheClientAndComeBackWithCappedExponentialBackOff() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://unused?create=false");

        new BrokerRedeliveryConfiguration().unlimitedRedeliveryOfRolledBackMessages(Duration.ofSeconds(1), 2, Duration.ofSeconds(60))
                .customize(factory);

        assertThat(factory.getRedeliveryPolicy().getMaximumRedeliveries()).isEqualTo(-1);
        assertThat(factory.getRedeliveryPolicy().getRedeliveryDelay()).isEqualTo(1000);
        assertThat(factory.getRedeliveryPolicy().getNextRedeliveryDelay(1000)).isEqualTo(2000);
        assertThat(factory.getRedeliveryPolicy().getNextRedeliveryDelay(32_000)).isEqualTo(60_000);
        assertThat(factory.getRedeliveryPolicy().getNextRedeliveryDelay(60_000)).isEqualTo(60_000);
        assertThat(factory.isNonBlockingRedelivery()).isTrue();
        assertThat(factory.getPrefetchPolicy().getQueuePrefetch()).isEqualTo(10);
    }
}
