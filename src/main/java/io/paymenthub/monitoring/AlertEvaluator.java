package io.paymenthub.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.paymenthub.common.DependencyStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation of a set of conditions against their kept states. A condition that starts to hold fires: one
 * ERROR line that says what to check; one that stops holding clears: one WARN line. Each state is saved, the gauge
 * {@code hub_alerts_firing{alert}} set, and each alert whose present state {@code hub.alerts} has not been told yet
 * is returned as a notice to announce: so a firing is announced once, however many evaluations it lasts, and again
 * only when its send failed.
 */
public class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final AlertGauges gauges;
    private final DependencyStates dependencies;
    private final String instance;

    public AlertEvaluator(AlertGauges gauges, DependencyStates dependencies, String instance) {
        this.gauges = gauges;
        this.dependencies = dependencies;
        this.instance = instance;
    }

    public List<AlertNotice> evaluate(List<? extends AlertCondition> conditions, AlertStates states,
                                      AlertNotice.Scope scope, Instant now) {
        List<AlertNotice> notices = new ArrayList<>();
        for (AlertCondition condition : conditions) {
            AlertState before = states.find(condition.alert());
            AlertReading reading;
            try {
                reading = condition.read(now, before.memory());
            } catch (RuntimeException e) {
                // its fact cannot be read now (the broker or the database is away): the alert keeps its state, the
                // other conditions are evaluated, and the outage is reported once
                notEvaluated(condition, e);
                continue;
            }
            AlertState after = before.after(reading, now);
            if (after.firing() && !before.firing()) {
                log.error("Alert firing alert={} severity={} value={} threshold={} window={}: {}. Check {}",
                        condition.alert(), condition.severity(), number(reading.value()), number(reading.threshold()),
                        reading.windowText(), reading.summary(), condition.whatToCheck());
            } else if (!after.firing() && before.firing()) {
                log.warn("Alert cleared alert={} severity={} value={} threshold={} window={} firingFor={}: {}",
                        condition.alert(), condition.severity(), number(reading.value()), number(reading.threshold()),
                        reading.windowText(), AlertReading.text(Duration.between(before.firedAt(), now)), reading.summary());
            }
            states.save(after);
            gauges.show(condition.alert(), after.firing());
            if (after.unannounced()) {
                notices.add(new AlertNotice(condition.alert(), after.firing(), condition.severity(), reading.summary(),
                        reading.value(), reading.threshold(), reading.windowText(), after.firedAt(), after.clearedAt(),
                        instance, scope));
            }
        }
        return notices;
    }

    private void notEvaluated(AlertCondition condition, RuntimeException failure) {
        DependencyStates.Dependency dependency = DependencyStates.of(failure);
        if (dependency != null) {
            dependencies.failed(dependency, failure);
        } else {
            log.warn("Alert not evaluated alert={} reason={}", condition.alert(), DependencyStates.reason(failure));
        }
    }

    /** A value for the log line: a rate as 0.4, a count as 3. */
    static String number(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "");
    }
}
