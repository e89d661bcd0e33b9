package io.paymenthub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerClientTimeoutConfigurationTest {

    @Test
    void aFailoverUrlGetsATimeoutSoASendDoesNotWaitForEverForAReconnection() {
        assertThat(BrokerClientTimeoutConfiguration.withFailoverTimeout("failover:(tcp://a:61616,tcp://b:61616)", 5000))
                .isEqualTo("failover:(tcp://a:61616,tcp://b:61616)?timeout=5000");
        assertThat(BrokerClientTimeoutConfiguration.withFailoverTimeout("failover:(tcp://a:61616)?randomize=false", 5000))
                .isEqualTo("failover:(tcp://a:61616)?randomize=false&timeout=5000");
    }

    @Test
    void anOperatorsOwnTimeoutsAndOtherTransportsAreLeftAsTheyAre() {
        assertThat(BrokerClientTimeoutConfiguration.withFailoverTimeout("failover:(tcp://a:61616)?timeout=100", 5000))
                .isEqualTo("failover:(tcp://a:61616)?timeout=100");
        assertThat(BrokerClientTimeoutConfiguration.withFailoverTimeout("tcp://a:61616", 5000)).isEqualTo("tcp://a:61616");
        assertThat(BrokerClientTimeoutConfiguration.withInactivityTimeout("vm://hub?create=false", 3000))
                .isEqualTo("vm://hub?create=false");
        assertThat(BrokerClientTimeoutConfiguration.withInactivityTimeout("tcp://a:61616?wireFormat.maxInactivityDuration=0", 3000))
                .isEqualTo("tcp://a:61616?wireFormat.maxInactivityDuration=0");
    }

    @Test
    void aTcpUrlGetsTheInactivityTimeoutSoABrokerThatStopsAnsweringFailsTheConnection() {
        assertThat(BrokerClientTimeoutConfiguration.withInactivityTimeout("tcp://a:61616", 3000))
                .isEqualTo("tcp://a:61616?wireFormat.maxInactivityDuration=3000&wireFormat.maxInactivityDurationInitalDelay=3000");
    }
}
