package io.paymenthub.common;

import java.util.Map;

import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a side effect that must describe only what the database kept — a metric, a log line of an outcome — after the
 * surrounding transaction commits, and never when it rolls back (a payment counted as succeeded whose update was rolled
 * back would be a success that did not happen). Outside a transaction it runs at once.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable effect) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            // the effect runs when the whole transaction commits, perhaps after the code that asked for it has moved on
            // (one event of a batch): it runs with the logging context (correlation id) of the moment it was asked for
            Map<String, String> context = MDC.getCopyOfContextMap();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Map<String, String> current = MDC.getCopyOfContextMap();
                    setContext(context);
                    try {
                        effect.run();
                    } finally {
                        setContext(current);
                    }
                }
            });
        } else {
            effect.run();
        }
    }

    private static void setContext(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
