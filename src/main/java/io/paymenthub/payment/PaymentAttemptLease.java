package io.paymenthub.payment;

import java.time.Duration;

import io.paymenthub.config.HubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How long one attempt owns a payment's submission (the lease {@link PaymentRepository#takeAttempt} takes).
 * It must outlive the attempt, or a second attempt would start while the first still waits for the
 * platform: by default it is the whole budget of one create call — every attempt of hub.retry.max-attempts
 * plus the repeat after a rejected token, each with a login and a create of up to the connection-pool wait,
 * connect and read timeouts, the back-off between them — and a margin for the database work.
 * {@code hub.retry.attempt-lease} sets it instead.
 */
@Component
public class PaymentAttemptLease {

    private static final Duration MARGIN = Duration.ofSeconds(30);
    /** The longest back-off delay of the platform calls' redelivery policy (PlatformRetryPolicyConfiguration). */
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(60);

    private final Duration duration;

    public PaymentAttemptLease(HubProperties properties,
                               @Value("${hub.platform.connect-timeout:5000}") long connectTimeoutMillis,
                               @Value("${hub.platform.read-timeout:30000}") long readTimeoutMillis) {
        HubProperties.Retry retry = properties.getRetry();
        this.duration = retry.getAttemptLease() != null ? retry.getAttemptLease()
                : budget(retry, Duration.ofMillis(connectTimeoutMillis), Duration.ofMillis(readTimeoutMillis));
    }

    public Duration duration() {
        return duration;
    }

    static Duration budget(HubProperties.Retry retry, Duration connectTimeout, Duration readTimeout) {
        int attempts = Math.max(1, retry.getMaxAttempts()) + 1; // + the repeat after a rejected token
        // pool wait (the connection-request timeout is the connect timeout) + connect + read, for login and create
        Duration call = connectTimeout.multipliedBy(2).plus(readTimeout);
        Duration total = call.multipliedBy(2L * attempts).plus(MARGIN);
        Duration maxDelay = retry.getInitialDelay().compareTo(MAX_BACK_OFF) > 0 ? retry.getInitialDelay() : MAX_BACK_OFF;
        double delay = retry.getInitialDelay().toMillis();
        for (int n = 1; n < attempts; n++) {
            total = total.plusMillis(Math.min((long) delay, maxDelay.toMillis()));
            delay *= retry.getMultiplier();
        }
        return total;
    }
}
