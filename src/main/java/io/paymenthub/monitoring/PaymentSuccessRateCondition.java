package io.paymenthub.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * PaymentSuccessRateLow (seed 000 Alerting: success rate below 85 % over 5 minutes): of the payments that reached an
 * outcome in the last {@code hub.monitoring.success-rate.window}, fewer than {@code threshold} succeeded, counted
 * from {@code min-payments} outcomes on (fewer say nothing about the rate). A cluster-wide fact: every instance's
 * payments, from the database.
 */
@Component
public class PaymentSuccessRateCondition implements AlertCondition {

    public static final String ALERT = "PaymentSuccessRateLow";

    private final PaymentOutcomes outcomes;
    private final MonitoringProperties.SuccessRate settings;

    public PaymentSuccessRateCondition(PaymentOutcomes outcomes, MonitoringProperties properties) {
        this.outcomes = outcomes;
        this.settings = properties.getSuccessRate();
    }

    @Override
    public String alert() {
        return ALERT;
    }

    @Override
    public String severity() {
        return "critical";
    }

    @Override
    public String whatToCheck() {
        return "billing_payments_failure_total by provider and reason for the failures that grew, the providers component "
                + "of /actuator/health and the platforms' status pages";
    }

    @Override
    public AlertReading read(Instant now, Map<String, Long> memory) {
        Duration window = settings.getWindow();
        PaymentOutcomes.Outcomes seen = outcomes.between(now.minus(window), now);
        long total = seen.total();
        double rate = total == 0 ? 1.0 : (double) seen.succeeded() / total;
        String windowText = AlertReading.text(window);
        boolean judged = total >= settings.getMinPayments();
        String summary = judged
                ? String.format(Locale.ROOT, "payment success rate %.1f%% over the last %s (%d of %d payments succeeded), "
                        + "threshold %.1f%%", rate * 100, windowText, seen.succeeded(), total, settings.getThreshold() * 100)
                : String.format(Locale.ROOT, "%d payments reached an outcome in the last %s (%d succeeded), fewer than the %d "
                        + "that tell a success rate", total, windowText, seen.succeeded(), settings.getMinPayments());
        return new AlertReading(judged && rate < settings.getThreshold(), round(rate), settings.getThreshold(), window,
                summary, Map.of());
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
