package io.paymenthub.monitoring;

import java.time.Instant;
import java.util.Map;

/**
 * An alert's state between evaluations: whether it fires (as the log said), what {@code hub.alerts} was last told
 * ({@code announcedFiring}: a firing or a clearing is announced once, and again only if its send failed), since when
 * it fires or when it cleared, and the condition's memory.
 */
public record AlertState(String alert, boolean firing, boolean announcedFiring, Instant firedAt, Instant clearedAt,
                         Map<String, Long> memory) {

    public AlertState {
        memory = Map.copyOf(memory);
    }

    /** An alert never evaluated: quiet, and nothing to announce. */
    public static AlertState quiet(String alert) {
        return new AlertState(alert, false, false, null, null, Map.of());
    }

    /** The state after a reading at {@code now}: a firing starts or ends with the reading, the memory is the reading's. */
    AlertState after(AlertReading reading, Instant now) {
        if (reading.firing() && !firing) {
            return new AlertState(alert, true, announcedFiring, now, null, reading.memory());
        }
        if (!reading.firing() && firing) {
            return new AlertState(alert, false, announcedFiring, firedAt, now, reading.memory());
        }
        return new AlertState(alert, firing, announcedFiring, firedAt, clearedAt, reading.memory());
    }

    /** Whether {@code hub.alerts} still has to be told the alert's present state. */
    boolean unannounced() {
        return firing != announcedFiring;
    }
}
