package io.paymenthub.monitoring;

import java.util.List;

/** Where the alerts' states are kept between evaluations: in the database (cluster-wide alerts) or in memory (this instance's). */
public interface AlertStates {

    /** The alert's state, or {@link AlertState#quiet} when it was never evaluated. */
    AlertState find(String alert);

    void save(AlertState state);

    /**
     * {@code hub.alerts} was told that the alert fires ({@code firing}) or cleared. Recorded even if the alert's state
     * moved on since (a late send): what the topic last heard is what the next announcement is compared with, so a
     * firing that was heard is always followed by its clearing.
     */
    void announced(String alert, boolean firing);

    /** Every state kept. */
    List<AlertState> all();
}
