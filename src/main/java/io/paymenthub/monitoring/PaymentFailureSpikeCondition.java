package io.paymenthub.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * PaymentFailureSpike (seed 000 Alerting: failures spiking to 3x their hourly rate): the failed and expired payments
 * of the last {@code hub.monitoring.failure-spike.window} come at more than {@code factor} times their rate over the
 * last {@code baseline}, from {@code min-failures} failures in the window on (a first failure after a quiet hour is
 * not a spike). The baseline includes the window, as {@code rate(x[5m]) > 3 * rate(x[1h])} does in Prometheus, so the
 * factor can reach baseline / window (12) at most. A cluster-wide fact, from the database.
 */
@Component
public class PaymentFailureSpikeCondition implements AlertCondition {

    public static final String ALERT = "PaymentFailureSpike";

    private final PaymentOutcomes outcomes;
    private final MonitoringProperties.FailureSpike settings;

    public PaymentFailureSpikeCondition(PaymentOutcomes outcomes, MonitoringProperties properties) {
        this.outcomes = outcomes;
        this.settings = properties.getFailureSpike();
    }

    @Override
    public String alert() {
        return ALERT;
    }

    @Override
    public String severity() {
        return "warning";
    }

    @Override
    public String whatToCheck() {
        return "billing_payments_failure_total by provider and reason for the reason that spiked (a platform's decline code, "
                + "EXPIRED, PLATFORM_FAILED) and the platform's status page";
    }

    @Override
    public AlertReading read(Instant now, Map<String, Long> memory) {
        Duration window = settings.getWindow();
        Duration baseline = settings.getBaseline();
        long recent = outcomes.between(now.minus(window), now).failed();
        long overBaseline = outcomes.between(now.minus(baseline), now).failed();
        double recentRate = (double) recent / window.toSeconds();
        double baselineRate = (double) overBaseline / baseline.toSeconds();
        // the baseline covers the window, so no failures over it means none in the window either
        double factor = baselineRate == 0 ? 0 : recentRate / baselineRate;
        boolean firing = recent >= settings.getMinFailures() && factor > settings.getFactor();
        String summary = String.format(Locale.ROOT, "%d payments failed in the last %s, %.1fx their rate over the last %s "
                        + "(%d failed), threshold %.1fx from %d failures on", recent, AlertReading.text(window), factor,
                AlertReading.text(baseline), overBaseline, settings.getFactor(), settings.getMinFailures());
        return new AlertReading(firing, Math.round(factor * 100) / 100.0, settings.getFactor(), window, summary, Map.of());
    }
}
