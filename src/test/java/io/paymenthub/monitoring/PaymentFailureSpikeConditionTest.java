package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PaymentFailureSpikeConditionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final PaymentOutcomes outcomes = mock(PaymentOutcomes.class);
    private final PaymentFailureSpikeCondition condition = new PaymentFailureSpikeCondition(outcomes, new MonitoringProperties());

    @Test
    void firesWhenTheLastFiveMinutesFailAtMoreThanThreeTimesTheHourlyRate() {
        // 10 of the hour's 30 failures in its last twelfth: 4x the hour's rate
        failures(10, 30);

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.firing()).isTrue();
        assertThat(reading.value()).isEqualTo(4.0);
        assertThat(reading.threshold()).isEqualTo(3.0);
        assertThat(reading.windowText()).isEqualTo("5m");
        assertThat(reading.summary()).contains("10 payments failed in the last 5m", "4.0x", "last 1h (30 failed)");
    }

    @Test
    void threeTimesTheRateIsNotMoreThanThreeTimes() {
        failures(10, 40);

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.value()).isEqualTo(3.0);
        assertThat(reading.firing()).isFalse();
    }

    @Test
    void aSteadyRateIsNoSpike() {
        failures(10, 120);

        assertThat(condition.read(NOW, Map.of()).firing()).isFalse();
    }

    @Test
    void fewerThanFiveFailuresAreNoSpikeHoweverQuietTheHourWas() {
        failures(4, 4);

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.value()).as("all of the hour's failures in the window").isEqualTo(12.0);
        assertThat(reading.firing()).isFalse();
    }

    @Test
    void fiveFailuresAfterAQuietHourAreASpike() {
        failures(5, 5);

        assertThat(condition.read(NOW, Map.of()).firing()).isTrue();
    }

    @Test
    void noFailuresAtAllIsQuiet() {
        failures(0, 0);

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.firing()).isFalse();
        assertThat(reading.value()).isZero();
    }

    private void failures(long inTheWindow, long inTheHour) {
        when(outcomes.between(NOW.minus(Duration.ofMinutes(5)), NOW)).thenReturn(new PaymentOutcomes.Outcomes(100, inTheWindow));
        when(outcomes.between(NOW.minus(Duration.ofHours(1)), NOW)).thenReturn(new PaymentOutcomes.Outcomes(900, inTheHour));
    }
}
