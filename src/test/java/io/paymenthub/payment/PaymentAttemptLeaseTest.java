package io.paymenthub.payment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;

import io.paymenthub.config.HubProperties;
import org.junit.jupiter.api.Test;

/** The attempt lease must survive one late renewal, or a live attempt could lose its payment to another. */
class PaymentAttemptLeaseTest {

    @Test
    void aLeaseShorterThanTwoRenewalIntervalsIsRefusedAtStartUp() {
        HubProperties properties = new HubProperties();
        properties.getRetry().setAttemptLease(Duration.ofSeconds(5));
        properties.getRetry().setAttemptLeaseRenewal(Duration.ofSeconds(3));

        assertThatThrownBy(() -> new PaymentAttemptLease(null, Clock.systemUTC(), properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.retry.attempt-lease");
    }
}
