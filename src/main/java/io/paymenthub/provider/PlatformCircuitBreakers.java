package io.paymenthub.provider;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.logging.LifecycleLog;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per provider over its platform calls (settings {@code hub.circuit-breaker.*}): when
 * most calls to a platform fail within the sliding window, the hub stops calling it for the open duration, so a billing
 * payment is QUEUED and a card payment answered 503 at once instead of after every retry; then a few half-open probes
 * decide whether traffic flows again. Every HTTP attempt counts (routes/providers/attemptPlatformCall.yaml takes a
 * {@link Permit} before each one, retries included), so an open breaker also stops the remaining retries of a call.
 * <p>
 * A failure is what says the platform is not working: no answer (a timeout, a refused or broken connection) or a
 * 5xx, 408 or 429. Any other answer, a 4xx refusal of one payment included, is the platform working and counts as a
 * success; a failure before or besides the platform's answer (the hub's own) does not count at all.
 * <p>
 * The state is the metric {@code resilience4j_circuitbreaker_state{name,provider,state}} (1 for the current state)
 * with Resilience4j's call counters beside it, and {@code details.<provider>.circuitBreaker} of the
 * {@code providers} health component.
 */
@Component("platformCircuitBreakers")
public class PlatformCircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(PlatformCircuitBreakers.class);

    private final PlatformCircuitBreakerProperties properties;
    private final CircuitBreakerRegistry registry;
    private final Clock clock;

    public PlatformCircuitBreakers(PlatformCircuitBreakerProperties properties, PaymentProviders providers,
                                   MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.registry = CircuitBreakerRegistry.of(config(properties.of("default"), clock));
        for (String name : properties.getProviders().keySet()) {
            if (!providers.isConfigured(name)) {
                throw new IllegalStateException("hub.circuit-breaker.providers." + name + ": no such provider is configured ("
                        + providers.names() + ")");
            }
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        // one line per change of state, also the timed one from OPEN to HALF_OPEN
        registry.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher().onStateTransition(
                event -> LifecycleLog.warn(log, "provider.circuit", "Circuit breaker of a payment platform changed state",
                        "provider", event.getCircuitBreakerName(), "from", event.getStateTransition().getFromState(),
                        "to", event.getStateTransition().getToState())));
        // each configured provider's breaker exists from the start, so its state is in health and metrics before any call
        providers.names().forEach(this::breaker);
    }

    /**
     * Before each attempt at the platform of {@code request}.
     *
     * @return the attempt's permit, to be settled once with {@link #succeeded} or {@link #failed}
     * @throws PlatformCircuitOpenException when the breaker lets no call through now
     */
    public Permit permit(@ExchangeProperty("hubPlatformRequest") PlatformRequest request) {
        CircuitBreaker breaker = breaker(request.provider());
        if (!breaker.tryAcquirePermission()) {
            throw new PlatformCircuitOpenException(request.provider());
        }
        return new Permit(breaker, breaker.getCurrentTimestamp());
    }

    /** The attempt got the platform's usable answer. */
    public void succeeded(@ExchangeProperty("hubCircuitPermit") Permit permit) {
        if (permit != null) {
            permit.settle(null);
        }
    }

    /** The attempt failed with {@code failure}: counted as the breaker's configuration says (see the class comment). */
    public void failed(Permit permit, Throwable failure) {
        if (permit != null) {
            permit.settle(failure);
        }
    }

    /** CLOSED, OPEN, HALF_OPEN or DISABLED. */
    public CircuitBreaker.State state(String provider) {
        return breaker(provider).getState();
    }

    CircuitBreaker breaker(String provider) {
        PlatformCircuitBreakerProperties.Settings settings = properties.of(provider);
        CircuitBreaker breaker = registry.circuitBreaker(provider, () -> config(settings, clock), Map.of("provider", provider));
        if (!settings.enabled() && breaker.getState() != CircuitBreaker.State.DISABLED) {
            breaker.transitionToDisabledState();
        }
        return breaker;
    }

    static CircuitBreakerConfig config(PlatformCircuitBreakerProperties.Settings settings, Clock clock) {
        try {
            return CircuitBreakerConfig.custom()
                    .failureRateThreshold(settings.failureRateThreshold())
                    .slidingWindow(settings.slidingWindowSize(), settings.minimumCalls(),
                            settings.slidingWindowType() == PlatformCircuitBreakerProperties.WindowType.COUNT_BASED
                                    ? CircuitBreakerConfig.SlidingWindowType.COUNT_BASED
                                    : CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                    .waitDurationInOpenState(settings.openDuration())
                    .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                    // health and metrics show HALF_OPEN when the open duration is over, not only at the next call
                    .automaticTransitionFromOpenToHalfOpenEnabled(true)
                    .recordException(PlatformCircuitBreakers::platformFailure)
                    .ignoreException(failure -> !platformAnswered(failure) && !platformFailure(failure))
                    .clock(clock)
                    .writableStackTraceEnabled(false)
                    .build();
        } catch (IllegalArgumentException invalid) {
            throw new IllegalStateException("hub.circuit-breaker: " + invalid.getMessage(), invalid);
        }
    }

    /** No answer at all, or an answer saying the platform is not working now: 5xx, 408, 429. */
    static boolean platformFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PlatformCircuitOpenException) {
                return false;
            }
            if (cause instanceof IOException) {
                return true;
            }
            if (cause instanceof PlatformUnavailableException unavailable) {
                int status = unavailable.getStatus();
                return status == 0 || status == 408 || status == 429 || status >= 500;
            }
        }
        return false;
    }

    /**
     * An answer of a working platform that is still a failure of the call: a refusal of one payment (4xx), a rejected
     * token, a refused login or API key, a 409 on the hub's own key.
     */
    static boolean platformAnswered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PlatformRefusedException || cause instanceof TokenRejectedException) {
                return true;
            }
            if (cause instanceof PlatformUnavailableException unavailable && !(cause instanceof PlatformCircuitOpenException)) {
                return !platformFailure(unavailable);
            }
        }
        return false;
    }

    /** The permission of one attempt: settled once, whatever reports it again. */
    public static final class Permit {

        private final CircuitBreaker breaker;
        private final long start;
        private final AtomicBoolean settled = new AtomicBoolean();

        Permit(CircuitBreaker breaker, long start) {
            this.breaker = breaker;
            this.start = start;
        }

        void settle(Throwable failure) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            long duration = Math.max(0, breaker.getCurrentTimestamp() - start);
            if (failure == null) {
                breaker.onSuccess(duration, breaker.getTimestampUnit());
            } else {
                // the configuration's predicates decide: a failure, a success (the platform answered) or not counted
                breaker.onError(duration, breaker.getTimestampUnit(), failure);
            }
        }

        @Override
        public String toString() {
            return "Permit[" + breaker.getName() + "]";
        }
    }
}
