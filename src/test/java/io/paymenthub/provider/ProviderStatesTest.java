package io.paymenthub.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Each refusal of the hub's credentials is counted by provider (an alert of contract section 7 watches it). */
class ProviderStatesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderStates credentials = new ProviderStates(new PlatformCallMetrics(registry));

    @Test
    void aRefusalIsCountedForItsProviderAndAnAcceptanceIsNot() {
        credentials.accepted("billing");
        credentials.refused("cheqpay");
        credentials.refused("cheqpay");

        assertThat(registry.get("hub.platform.auth.failures").tag("provider", "cheqpay").counter().count()).isEqualTo(2);
        assertThat(registry.find("hub.platform.auth.failures").tag("provider", "billing").counter()).isNull();
        assertThat(credentials.state("cheqpay")).isFalse();
        assertThat(credentials.state("billing")).isTrue();
    }
}
