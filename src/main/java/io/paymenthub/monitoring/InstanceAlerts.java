package io.paymenthub.monitoring;

import java.time.Clock;
import java.util.List;

/**
 * The alerts about this instance alone (its webhook endpoint's 5xx answers, the platforms' refusals of its
 * credentials), from its own meters, evaluated by every instance without any lock and kept in memory: they must
 * work while the database is away, which is just when the webhook endpoint answers 503 and no database lock can be
 * taken.
 */
public class InstanceAlerts {

    private final AlertStates states;
    private final AlertEvaluator evaluator;
    private final List<AlertCondition> conditions;
    private final Clock clock;

    public InstanceAlerts(AlertStates states, AlertEvaluator evaluator, List<AlertCondition> conditions, Clock clock) {
        this.states = states;
        this.evaluator = evaluator;
        this.conditions = List.copyOf(conditions);
        this.clock = clock;
    }

    /** @return the firings and clearings to announce */
    public List<AlertNotice> evaluate() {
        return evaluator.evaluate(conditions, states, AlertNotice.Scope.INSTANCE, clock.instant());
    }

    public void announced(AlertNotice notice) {
        states.announced(notice.alert(), notice.firing());
    }
}
