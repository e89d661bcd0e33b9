package io.paymenthub.monitoring;

import java.time.Instant;

/**
 * A firing or a clearing to announce on {@code hub.alerts} (contract section 6), once.
 *
 * @param firing    true: the alert fires; false: it cleared
 * @param firedAt   when it started firing (for a clearing: when the firing that ends began)
 * @param clearedAt when it cleared; null while it fires
 * @param instance  the hub instance that evaluated it (for an instance's own alerts, the instance it is about)
 * @param scope     whose state it is, so that the announcement is recorded in the right place
 */
public record AlertNotice(String alert, boolean firing, String severity, String summary, double value, double threshold,
                          String window, Instant firedAt, Instant clearedAt, String instance, Scope scope) {

    public enum Scope {
        /** A fact of the whole deployment (database, broker), evaluated by one instance at a time. */
        CLUSTER,
        /** A fact of one instance (its meters), evaluated by every instance for itself. */
        INSTANCE
    }

    /** {@code firing} or {@code cleared}: the {@code state} field of the message. */
    public String state() {
        return firing ? "firing" : "cleared";
    }
}
