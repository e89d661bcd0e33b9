package io.paymenthub.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.support.TestClock;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;

/**
 * The per-provider circuit breaker on a small count-based window (4 attempts, opens from 50 % failed, 2 half-open
 * probes): what opens it (no answer, 5xx, 408, 429), what does not (a 4xx refusal is the platform working; the hub's
 * own failures are not counted), and the way back through half-open probes after the open duration.
 */
class PlatformCircuitBreakersTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PlatformCircuitBreakerProperties properties = new PlatformCircuitBreakerProperties();
    private final PaymentProviders providers = mock(PaymentProviders.class);

    PlatformCircuitBreakersTest() {
        properties.setSlidingWindowType(PlatformCircuitBreakerProperties.WindowType.COUNT_BASED);
        properties.setSlidingWindowSize(4);
        properties.setMinimumCalls(4);
        properties.setFailureRateThreshold(50);
        properties.setOpenDuration(Duration.ofSeconds(30));
        properties.setHalfOpenCalls(2);
        when(providers.names()).thenReturn(Set.of("billing", "cheqpay"));
        when(providers.isConfigured("billing")).thenReturn(true);
        when(providers.isConfigured("cheqpay")).thenReturn(true);
    }

    private PlatformCircuitBreakers breakers() {
        return new PlatformCircuitBreakers(properties, providers, meters, clock);
    }

    private static PlatformRequest call(String provider) {
        return PlatformRequest.post(provider, "/payments", "{}", "key-1", "POST /payments");
    }

    private static void attempts(PlatformCircuitBreakers breakers, String provider, int count, Throwable failure) {
        for (int i = 0; i < count; i++) {
            PlatformCircuitBreakers.Permit permit = breakers.permit(call(provider));
            if (failure == null) {
                breakers.succeeded(permit);
            } else {
                breakers.failed(permit, failure);
            }
        }
    }

    @Test
    void opensWhenHalfTheAttemptsOfTheWindowGotNoUsableAnswerAndThenMakesNoAttempt() {
        PlatformCircuitBreakers breakers = breakers();
        attempts(breakers, "billing", 2, null);
        attempts(breakers, "billing", 1, new PlatformUnavailableException(503));
        assertThat(breakers.state("billing")).as("3 attempts: below the minimum").isEqualTo(CircuitBreaker.State.CLOSED);

        attempts(breakers, "billing", 1, new CamelExchangeException("wrapped", null, new SocketTimeoutException("Read timed out")));

        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> breakers.permit(call("billing")))
                .isInstanceOf(PlatformCircuitOpenException.class)
                .isInstanceOf(PlatformUnavailableException.class);
    }

    @Test
    void timeoutsRefusedConnectionsAnd408And429AndEvery5xxAreFailures() {
        assertThat(PlatformCircuitBreakers.platformFailure(new ConnectException("Connection refused"))).isTrue();
        assertThat(PlatformCircuitBreakers.platformFailure(new RuntimeException(new SocketTimeoutException()))).isTrue();
        assertThat(PlatformCircuitBreakers.platformFailure(new PlatformUnavailableException(408))).isTrue();
        assertThat(PlatformCircuitBreakers.platformFailure(new PlatformUnavailableException(429))).isTrue();
        assertThat(PlatformCircuitBreakers.platformFailure(new PlatformUnavailableException(500))).isTrue();
        assertThat(PlatformCircuitBreakers.platformFailure(new PlatformUnavailableException(0))).isTrue();
        assertThat(PlatformCircuitBreakers.platformFailure(new PlatformKeyInUseException("CONFLICT"))).isFalse();
        assertThat(PlatformCircuitBreakers.platformFailure(new PlatformLoginRefusedException(401))).isFalse();
        assertThat(PlatformCircuitBreakers.platformFailure(new PlatformCircuitOpenException("billing"))).isFalse();
    }

    @Test
    void refusalsOfOnePaymentAreThePlatformWorkingAndNeverOpenIt() {
        PlatformCircuitBreakers breakers = breakers();

        attempts(breakers, "billing", 8, new PlatformRefusedException(402, "DECLINED", "declined"));
        attempts(breakers, "billing", 2, new TokenRejectedException());
        attempts(breakers, "billing", 2, new PlatformKeyInUseException("CONFLICT"));

        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.breaker("billing").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(4);
    }

    @Test
    void theHubsOwnFailuresAreNotCountedEitherWay() {
        PlatformCircuitBreakers breakers = breakers();

        attempts(breakers, "billing", 6, new IllegalStateException("no card data"));

        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.breaker("billing").getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void anAttemptIsCountedOnceHoweverOftenItsFailureIsReported() {
        PlatformCircuitBreakers breakers = breakers();
        PlatformCircuitBreakers.Permit permit = breakers.permit(call("billing"));

        for (int i = 0; i < 4; i++) {
            breakers.failed(permit, new PlatformUnavailableException(503));
        }
        breakers.succeeded(permit);

        assertThat(breakers.breaker("billing").getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
        assertThat(breakers.breaker("billing").getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
    }

    @Test
    void afterTheOpenDurationHalfOpenProbesCloseItWhenTheySucceed() {
        PlatformCircuitBreakers breakers = breakers();
        attempts(breakers, "billing", 4, new PlatformUnavailableException(502));
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> breakers.permit(call("billing"))).isInstanceOf(PlatformCircuitOpenException.class);

        clock.advance(Duration.ofSeconds(2));
        PlatformCircuitBreakers.Permit first = breakers.permit(call("billing"));
        PlatformCircuitBreakers.Permit second = breakers.permit(call("billing"));
        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThatThrownBy(() -> breakers.permit(call("billing")))
                .as("only half-open-calls probes at once").isInstanceOf(PlatformCircuitOpenException.class);
        breakers.succeeded(first);
        breakers.succeeded(second);

        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.CLOSED);
        attempts(breakers, "billing", 3, null);
    }

    @Test
    void aFailedProbeOpensItAgain() {
        PlatformCircuitBreakers breakers = breakers();
        attempts(breakers, "billing", 4, new PlatformUnavailableException(500));
        clock.advance(Duration.ofSeconds(31));

        attempts(breakers, "billing", 1, null);
        attempts(breakers, "billing", 1, new ConnectException("Connection refused"));

        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void eachProviderHasItsOwnBreakerAndItsOwnSettings() {
        PlatformCircuitBreakerProperties.Override cheqpay = new PlatformCircuitBreakerProperties.Override();
        cheqpay.setMinimumCalls(2);
        cheqpay.setSlidingWindowSize(2);
        properties.getProviders().put("cheqpay", cheqpay);
        PlatformCircuitBreakers breakers = breakers();

        attempts(breakers, "cheqpay", 2, new PlatformUnavailableException(503));

        assertThat(breakers.state("cheqpay")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.CLOSED);
        attempts(breakers, "billing", 1, null);
        assertThat(properties.of("cheqpay").openDuration()).as("the default where not overridden").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aDisabledBreakerLetsEveryCallThrough() {
        properties.setEnabled(false);
        PlatformCircuitBreakers breakers = breakers();

        attempts(breakers, "billing", 10, new PlatformUnavailableException(503));

        assertThat(breakers.state("billing")).isEqualTo(CircuitBreaker.State.DISABLED);
    }

    @Test
    void theStateOfEachProviderIsAGaugeLabelledWithTheProvider() {
        PlatformCircuitBreakers breakers = breakers();
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("provider", "cheqpay").tag("state", "closed")
                .gauge().value()).as("from the start, before any call").isEqualTo(1);

        attempts(breakers, "billing", 4, new PlatformUnavailableException(503));

        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("provider", "billing").tag("state", "open")
                .gauge().value()).isEqualTo(1);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("provider", "billing").tag("state", "closed")
                .gauge().value()).isZero();
    }

    @Test
    void settingsForAProviderThatIsNotConfiguredStopStartUp() {
        properties.getProviders().put("bilign", new PlatformCircuitBreakerProperties.Override());

        assertThatThrownBy(this::breakers).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.circuit-breaker.providers.bilign");
    }

    @Test
    void anImpossibleThresholdStopsStartUpNamingTheSetting() {
        properties.setFailureRateThreshold(0);

        assertThatThrownBy(this::breakers).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("hub.circuit-breaker");
    }
}
