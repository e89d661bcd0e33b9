package io.paymenthub.webhook;

import java.time.Duration;
import java.time.Instant;

/** The replay window of the timed schemes: a signed unix timestamp within the tolerance of now, either way. */
final class WebhookTimestamps {

    private WebhookTimestamps() {
    }

    static boolean within(long unixSeconds, Instant now, Duration tolerance) {
        // subtractExact: an absurd timestamp is out of the window, not an overflow that lands inside it
        try {
            return Math.absExact(Math.subtractExact(now.getEpochSecond(), unixSeconds)) <= tolerance.toSeconds();
        } catch (ArithmeticException e) {
            return false;
        }
    }
}
