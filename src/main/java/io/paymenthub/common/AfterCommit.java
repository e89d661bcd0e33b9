package io.paymenthub.common;

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
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    effect.run();
                }
            });
        } else {
            effect.run();
        }
    }
}
