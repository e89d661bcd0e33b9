package io.paymenthub.monitoring;

import java.time.Duration;
import java.util.Map;

/**
 * What a condition saw at one evaluation.
 *
 * @param firing    whether the alert's condition holds
 * @param value     the measured value (a rate, a factor, a count), compared with the threshold
 * @param threshold the setting it is compared with
 * @param window    the time the value covers
 * @param summary   one sentence for people: what was measured, with the numbers
 * @param memory    what the condition wants back at its next evaluation
 */
public record AlertReading(boolean firing, double value, double threshold, Duration window, String summary,
                           Map<String, Long> memory) {

    public AlertReading {
        memory = Map.copyOf(memory);
    }

    /** {@code 5m}, {@code 1h}, {@code 90s}: the window as in a Prometheus range. */
    public String windowText() {
        return text(window);
    }

    static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
