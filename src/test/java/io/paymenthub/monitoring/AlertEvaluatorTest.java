package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.common.DependencyStates;
import io.paymenthub.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** Firing once, clearing once, announcing again only what was not announced, and a condition that cannot be read. */
class AlertEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertGauges gauges = new AlertGauges(registry, List.of("TestAlert", "OtherAlert"));
    private final DependencyStates dependencies = mock(DependencyStates.class);
    private final AlertEvaluator evaluator = new AlertEvaluator(gauges, dependencies, "hub-1");
    private final LocalAlertStates states = new LocalAlertStates();
    private final ScriptedCondition condition = new ScriptedCondition("TestAlert");

    @Test
    void aFiringIsAnnouncedAndLoggedOnceHoweverLongItLasts() {
        try (LogCapture log = LogCapture.start()) {
            condition.next(true, 0.5);
            List<AlertNotice> first = evaluate(T0);

            assertThat(first).singleElement().satisfies(notice -> {
                assertThat(notice.firing()).isTrue();
                assertThat(notice.state()).isEqualTo("firing");
                assertThat(notice.value()).isEqualTo(0.5);
                assertThat(notice.threshold()).isEqualTo(0.85);
                assertThat(notice.window()).isEqualTo("5m");
                assertThat(notice.firedAt()).isEqualTo(T0);
                assertThat(notice.clearedAt()).isNull();
                assertThat(notice.instance()).isEqualTo("hub-1");
                assertThat(notice.scope()).isEqualTo(AlertNotice.Scope.INSTANCE);
            });
            states.announced("TestAlert", true);

            condition.next(true, 0.4);
            condition.next(true, 0.3);
            assertThat(evaluate(T0.plusSeconds(300))).isEmpty();
            assertThat(evaluate(T0.plusSeconds(600))).isEmpty();

            assertThat(log.errors()).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                    .isEqualTo("Alert firing alert=TestAlert severity=critical value=0.5 threshold=0.85 window=5m: "
                            + "half of it failed. Check the test's settings"));
            assertThat(gauge("TestAlert")).isEqualTo(1.0);
            assertThat(gauge("OtherAlert")).isZero();
        }
    }

    @Test
    void aFiringWhoseSendFailedIsAnnouncedAgainButNotLoggedAgain() {
        try (LogCapture log = LogCapture.start()) {
            condition.next(true, 0.5);
            evaluate(T0); // its send failed: announced() was not called
            condition.next(true, 0.45);

            List<AlertNotice> retried = evaluate(T0.plusSeconds(300));

            assertThat(retried).singleElement().satisfies(notice -> {
                assertThat(notice.firing()).isTrue();
                assertThat(notice.value()).as("the latest reading").isEqualTo(0.45);
                assertThat(notice.firedAt()).as("still the first firing").isEqualTo(T0);
            });
            assertThat(log.errors()).hasSize(1);
        }
    }

    @Test
    void theEndOfAFiringIsAnnouncedOnceAsAClearingWithAWarnLine() {
        try (LogCapture log = LogCapture.start()) {
            condition.next(true, 0.5);
            evaluate(T0);
            states.announced("TestAlert", true);
            condition.next(false, 0.95);

            List<AlertNotice> cleared = evaluate(T0.plusSeconds(600));

            assertThat(cleared).singleElement().satisfies(notice -> {
                assertThat(notice.firing()).isFalse();
                assertThat(notice.state()).isEqualTo("cleared");
                assertThat(notice.firedAt()).isEqualTo(T0);
                assertThat(notice.clearedAt()).isEqualTo(T0.plusSeconds(600));
            });
            states.announced("TestAlert", false);
            condition.next(false, 0.99);
            assertThat(evaluate(T0.plusSeconds(900))).isEmpty();
            assertThat(log.matching(line -> line.getLevel() == Level.WARN)).singleElement()
                    .satisfies(line -> assertThat(line.getFormattedMessage()).startsWith("Alert cleared alert=TestAlert")
                            .contains("firingFor=10m"));
            assertThat(gauge("TestAlert")).isZero();
        }
    }

    @Test
    void aFiringThatEndedBeforeItCouldBeAnnouncedIsNotAnnouncedAtAll() {
        condition.next(true, 0.5);
        evaluate(T0); // not announced (the broker was away)
        condition.next(false, 0.9);

        assertThat(evaluate(T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void anAnnouncementForAStateThatMovedOnSinceDoesNotCount() {
        condition.next(true, 0.5);
        evaluate(T0);
        condition.next(false, 0.9);
        evaluate(T0.plusSeconds(300));
        states.announced("TestAlert", true); // the firing's late send: the alert has cleared meanwhile

        condition.next(false, 0.9);
        assertThat(evaluate(T0.plusSeconds(600))).singleElement()
                .satisfies(notice -> assertThat(notice.state()).isEqualTo("cleared"));
    }

    @Test
    void aConditionThatCannotBeReadKeepsItsStateAndTheOthersAreStillEvaluated() {
        ScriptedCondition other = new ScriptedCondition("OtherAlert");
        condition.next(true, 0.5);
        evaluator.evaluate(List.of(condition), states, AlertNotice.Scope.INSTANCE, T0);
        states.announced("TestAlert", true);
        DataAccessResourceFailureException outage = new DataAccessResourceFailureException("database away (test)");
        condition.fail(outage);
        other.next(true, 7);

        List<AlertNotice> notices = evaluator.evaluate(List.of(condition, other), states, AlertNotice.Scope.INSTANCE,
                T0.plusSeconds(300));

        assertThat(notices).extracting(AlertNotice::alert).containsExactly("OtherAlert");
        assertThat(states.find("TestAlert").firing()).isTrue();
        assertThat(gauge("TestAlert")).isEqualTo(1.0);
        verify(dependencies).failed(eq(DependencyStates.Dependency.DATABASE), any(DataAccessResourceFailureException.class));
    }

    private List<AlertNotice> evaluate(Instant now) {
        return evaluator.evaluate(List.of(condition), states, AlertNotice.Scope.INSTANCE, now);
    }

    private double gauge(String alert) {
        return registry.get("hub.alerts.firing").tag("alert", alert).gauge().value();
    }

    /** A condition that reads what the test scripted for it. */
    private static final class ScriptedCondition implements AlertCondition {
        private final String alert;
        private final Deque<Object> script = new ArrayDeque<>();

        ScriptedCondition(String alert) {
            this.alert = alert;
        }

        void next(boolean firing, double value) {
            script.add(new AlertReading(firing, value, 0.85, Duration.ofMinutes(5), "half of it failed", Map.of()));
        }

        void fail(RuntimeException failure) {
            script.add(failure);
        }

        @Override
        public String alert() {
            return alert;
        }

        @Override
        public String severity() {
            return "critical";
        }

        @Override
        public String whatToCheck() {
            return "the test's settings";
        }

        @Override
        public AlertReading read(Instant now, Map<String, Long> memory) {
            Object next = script.remove();
            if (next instanceof RuntimeException failure) {
                throw failure;
            }
            return (AlertReading) next;
        }
    }
}
