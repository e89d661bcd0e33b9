package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

class BrokerRedeliveryConfigurationTest {

    @Test
    void rolledBackMessagesAreNeverGivenUpByTheClient() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://unused?create=false");

        new BrokerRedeliveryConfiguration().unlimitedRedeliveryOfRolledBackMessages().customize(factory);

        assertThat(factory.getRedeliveryPolicy().getMaximumRedeliveries()).isEqualTo(-1);
        assertThat(factory.getRedeliveryPolicy().getRedeliveryDelay()).isEqualTo(1000);
        assertThat(factory.isNonBlockingRedelivery()).isTrue();
        assertThat(factory.getPrefetchPolicy().getQueuePrefetch()).isEqualTo(10);
    }
}
