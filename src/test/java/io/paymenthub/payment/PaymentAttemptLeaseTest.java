package io.paymenthub.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.paymenthub.config.HubProperties;
import org.junit.jupiter.api.Test;

/** The attempt lease outlives the longest attempt the retry settings allow (issue 6, item 2). */
class PaymentAttemptLeaseTest {

    @Test
    void byDefaultTheLeaseCoversEveryAttemptWithItsLoginTimeoutsAndBackOff() {
        HubProperties properties = new HubProperties();

        Duration lease = new PaymentAttemptLease(properties, 5_000, 30_000).duration();

        // 3 attempts + the repeat after a rejected token, each a login and a create of up to 5 s pool wait
        // + 5 s connect + 30 s read; 1 s + 2 s + 4 s back-off; 30 s margin
        assertThat(lease).isEqualTo(Duration.ofSeconds(4 * 2 * 40 + 7 + 30));
        Duration longestAttempt = Duration.ofSeconds(30).multipliedBy(3).plusSeconds(1 + 2);
        assertThat(lease).isGreaterThan(longestAttempt.plus(properties.getRetry().getQueueDelay()));
    }

    @Test
    void followsTheRetrySettingsAndCapsEachBackOffLikeTheRetryPolicy() {
        HubProperties properties = new HubProperties();
        properties.getRetry().setMaxAttempts(5);
        properties.getRetry().setInitialDelay(Duration.ofSeconds(20));

        Duration lease = new PaymentAttemptLease(properties, 1_000, 10_000).duration();

        // 6 attempts of a login and a create of 12 s each; back-off 20, 40, then capped at 60 s; 30 s margin
        assertThat(lease).isEqualTo(Duration.ofSeconds(6 * 2 * 12 + 20 + 40 + 60 + 60 + 60 + 30));
    }

    @Test
    void anExplicitLeaseWins() {
        HubProperties properties = new HubProperties();
        properties.getRetry().setAttemptLease(Duration.ofSeconds(42));

        assertThat(new PaymentAttemptLease(properties, 5_000, 30_000).duration()).isEqualTo(Duration.ofSeconds(42));
    }
}
