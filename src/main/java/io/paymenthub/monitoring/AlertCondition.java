package io.paymenthub.monitoring;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of contract section 7: reads its fact (the database, the broker or this instance's meters) and says
 * whether the alert's condition holds now. The name is stable and the same as the Prometheus rule's.
 */
public interface AlertCondition {

    /** The alert's name in {@code hub.alerts}, the log and {@code hub_alerts_firing{alert}}: PaymentSuccessRateLow, ... */
    String alert();

    /** {@code critical} or {@code warning}. */
    String severity();

    /** What an operator should look at when it fires; the ERROR line ends with it. */
    String whatToCheck();

    /**
     * @param now    the evaluation's time (the hub's clock)
     * @param memory what this condition returned in {@link AlertReading#memory()} at its previous evaluation
     *               (e.g. counts it compares with), empty the first time
     */
    AlertReading read(Instant now, Map<String, Long> memory);
}
