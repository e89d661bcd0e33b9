package io.paymenthub.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts about the whole deployment (payment outcomes in the database, dead letters on the broker): every hub
 * instance on the database would see the same facts, so one instance at a time evaluates them, under the ShedLock
 * lock {@value #LOCK} in the database. The lock stays taken for {@code lockAtLeastFor} after an evaluation, so the
 * other instances, whose timers fire at other moments of the same interval, skip it; and their states are shared
 * ({@link SharedAlertStates}), so the instance that evaluates next does not announce a firing again. An instance that
 * skips shows the shared states in its gauges. While the database is away nothing here can be evaluated, and the
 * lock cannot be taken either: that is why this instance's own alerts ({@link InstanceAlerts}) are apart.
 */
public class ClusterAlerts {

    static final String LOCK = "evaluateClusterAlerts";
    private static final Logger log = LoggerFactory.getLogger(ClusterAlerts.class);

    private final LockingTaskExecutor locks;
    private final AlertStates states;
    private final AlertEvaluator evaluator;
    private final AlertGauges gauges;
    private final List<AlertCondition> conditions;
    private final Duration lockAtLeastFor;
    private final Duration lockAtMostFor;
    private final Clock clock;

    public ClusterAlerts(LockingTaskExecutor locks, AlertStates states, AlertEvaluator evaluator, AlertGauges gauges,
                         List<AlertCondition> conditions, Duration lockAtLeastFor, Duration lockAtMostFor, Clock clock) {
        this.locks = locks;
        this.states = states;
        this.evaluator = evaluator;
        this.gauges = gauges;
        this.conditions = List.copyOf(conditions);
        this.lockAtLeastFor = lockAtLeastFor;
        this.lockAtMostFor = lockAtMostFor;
        this.clock = clock;
    }

    /** @return the firings and clearings to announce; none when another instance holds the lock */
    public List<AlertNotice> evaluate() {
        // the lock's durations are real time (ShedLock's clock, the database's time); the hub's clock, which tests
        // move, only places the evaluation's windows
        LockConfiguration lock = new LockConfiguration(ClockProvider.now(), LOCK, lockAtMostFor, lockAtLeastFor);
        TaskResult<List<AlertNotice>> result;
        try {
            result = locks.executeWithLock(
                    () -> evaluator.evaluate(conditions, states, AlertNotice.Scope.CLUSTER, clock.instant()), lock);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (!result.wasExecuted()) {
            log.debug("Cluster-wide alerts skipped: another instance evaluated them in this interval");
            states.all().forEach(state -> gauges.show(state.alert(), state.firing()));
            return List.of();
        }
        return result.getResult();
    }

    /** The notice is on {@code hub.alerts}: the shared state says so, so no instance announces it again. */
    public void announced(AlertNotice notice) {
        states.announced(notice.alert(), notice.firing());
    }
}
