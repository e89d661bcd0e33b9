package io.paymenthub.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paymenthub.common.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * How long webhook events take, by provider: {@code billing_webhook_processing_duration_seconds} (applying one event:
 * its share of the handler's transaction) and {@code hub_webhook_receipt_to_applied_seconds} (from the moment the
 * endpoint received it to the commit that applied it to its payment: the queue, the relay and a wait for an unknown
 * payment included; what a merchant sees as "the webhook came, the payment has not moved yet"). Both are recorded after
 * the commit that applied the event.
 */
@Component("webhookEventMetrics")
public class WebhookEventMetrics {

    private static final Duration[] RECEIPT_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1)};

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Timer> processing = new ConcurrentHashMap<>();
    private final Map<String, Timer> receiptToApplied = new ConcurrentHashMap<>();

    public WebhookEventMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * @param provider   the event's provider (a configured name)
     * @param took       the event's processing time
     * @param receivedAt when the endpoint received it, null when unknown; given for events applied to a payment only
     */
    public void applied(String provider, Duration took, Instant receivedAt) {
        AfterCommit.run(() -> {
            processingTimer(provider).record(took);
            if (receivedAt != null) {
                receiptTimer(provider).record(Duration.between(receivedAt, clock.instant()).abs());
            }
        });
    }

    private Timer processingTimer(String provider) {
        return processing.computeIfAbsent(provider, name -> Timer.builder("billing.webhook.processing.duration")
                .description("Time to apply one webhook event to the payment's state")
                .tag("provider", name)
                .publishPercentileHistogram()
                .register(registry));
    }

    private Timer receiptTimer(String provider) {
        return receiptToApplied.computeIfAbsent(provider, name -> Timer.builder("hub.webhook.receipt.to.applied")
                .description("Time from the webhook endpoint's receipt of an event to its effect on the payment")
                .tag("provider", name)
                .serviceLevelObjectives(RECEIPT_BUCKETS)
                .register(registry));
    }
}
