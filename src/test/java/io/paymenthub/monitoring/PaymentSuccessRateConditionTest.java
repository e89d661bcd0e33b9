package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PaymentSuccessRateConditionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final PaymentOutcomes outcomes = mock(PaymentOutcomes.class);
    private final MonitoringProperties properties = new MonitoringProperties();
    private final PaymentSuccessRateCondition condition = new PaymentSuccessRateCondition(outcomes, properties);

    @Test
    void firesBelowEightyFivePercentOverTheLastFiveMinutesFromTwentyPayments() {
        when(outcomes.between(NOW.minus(Duration.ofMinutes(5)), NOW)).thenReturn(new PaymentOutcomes.Outcomes(16, 4));

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.firing()).as("80%").isTrue();
        assertThat(reading.value()).isEqualTo(0.8);
        assertThat(reading.threshold()).isEqualTo(0.85);
        assertThat(reading.windowText()).isEqualTo("5m");
        assertThat(reading.summary()).contains("80.0%", "16 of 20", "85.0%");
    }

    @Test
    void theThresholdItselfIsNotBelowIt() {
        when(outcomes.between(NOW.minus(Duration.ofMinutes(5)), NOW)).thenReturn(new PaymentOutcomes.Outcomes(17, 3));

        assertThat(condition.read(NOW, Map.of()).firing()).as("exactly 85%").isFalse();
    }

    @Test
    void fewerThanTwentyPaymentsTellNoRate() {
        when(outcomes.between(NOW.minus(Duration.ofMinutes(5)), NOW)).thenReturn(new PaymentOutcomes.Outcomes(0, 19));

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.firing()).isFalse();
        assertThat(reading.value()).isZero();
        assertThat(reading.summary()).contains("19 payments", "fewer than the 20");
    }

    @Test
    void noPaymentsAtAllIsQuiet() {
        when(outcomes.between(NOW.minus(Duration.ofMinutes(5)), NOW)).thenReturn(new PaymentOutcomes.Outcomes(0, 0));

        assertThat(condition.read(NOW, Map.of()).firing()).isFalse();
    }

    @Test
    void theThresholdTheWindowAndTheMinimumAreSettings() {
        properties.getSuccessRate().setThreshold(0.5);
        properties.getSuccessRate().setWindow(Duration.ofMinutes(15));
        properties.getSuccessRate().setMinPayments(4);
        when(outcomes.between(NOW.minus(Duration.ofMinutes(15)), NOW)).thenReturn(new PaymentOutcomes.Outcomes(1, 3));

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.firing()).isTrue();
        assertThat(reading.windowText()).isEqualTo("15m");
        verify(outcomes).between(NOW.minus(Duration.ofMinutes(15)), NOW);
    }
}
