package io.paymenthub.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * WebhookEndpointServerErrors (seed 000 Alerting: the webhook endpoint answering 5xx for more than 5 minutes): this
 * instance's {@code POST /webhooks/{provider}} answered 5xx to at least {@code min-ratio} of the webhooks of every
 * evaluation for {@code sustained-for} or longer. Read from this instance's own {@code http_server_requests} timers,
 * so it needs neither the database nor the broker: a database outage, the usual cause of these 503s, cannot
 * hide it. An evaluation without any webhook neither starts nor ends the condition (platforms back off).
 */
@Component
public class WebhookEndpointErrorsCondition implements AlertCondition {

    public static final String ALERT = "WebhookEndpointServerErrors";
    static final String URI = "/webhooks/{provider}";
    private static final String ERRORS = "errors";
    private static final String ANSWERS = "answers";
    private static final String ERRORS_SINCE = "errorsSince";

    private final MeterRegistry registry;
    private final MonitoringProperties.WebhookErrors settings;

    public WebhookEndpointErrorsCondition(MeterRegistry registry, MonitoringProperties properties) {
        this.registry = registry;
        this.settings = properties.getWebhookErrors();
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
        return "this instance's readiness (/actuator/health/readiness: db, jms), the database and the broker, and its log "
                + "for 'unavailable'; platforms retry what was answered 5xx, so nothing is lost while it lasts";
    }

    @Override
    public AlertReading read(Instant now, Map<String, Long> memory) {
        long errors = 0;
        long answers = 0;
        for (Timer timer : registry.find("http.server.requests").tag("uri", URI).timers()) {
            answers += timer.count();
            if (timer.getId().getTag("status") != null && timer.getId().getTag("status").startsWith("5")) {
                errors += timer.count();
            }
        }
        // the timers count from this instance's start, and so does an empty memory
        long newErrors = Math.max(0, errors - memory.getOrDefault(ERRORS, 0L));
        long newAnswers = Math.max(0, answers - memory.getOrDefault(ANSWERS, 0L));
        double ratio = newAnswers == 0 ? 0 : (double) newErrors / newAnswers;
        Long errorsSince = memory.get(ERRORS_SINCE);
        if (newAnswers > 0) {
            boolean erroring = newErrors > 0 && ratio >= settings.getMinRatio();
            errorsSince = erroring ? (errorsSince != null ? errorsSince : now.toEpochMilli()) : null;
        }
        Duration erroringFor = errorsSince == null ? Duration.ZERO : Duration.between(Instant.ofEpochMilli(errorsSince), now);
        boolean firing = errorsSince != null && erroringFor.compareTo(settings.getSustainedFor()) >= 0;

        Map<String, Long> remembered = new HashMap<>();
        remembered.put(ERRORS, errors);
        remembered.put(ANSWERS, answers);
        if (errorsSince != null) {
            remembered.put(ERRORS_SINCE, errorsSince);
        }
        String summary = String.format(Locale.ROOT, "the webhook endpoint answered 5xx to %d of %d webhooks since the last "
                        + "evaluation%s", newErrors, newAnswers,
                errorsSince == null ? "" : ", and has been answering 5xx for " + AlertReading.text(erroringFor));
        return new AlertReading(firing, Math.round(ratio * 10_000) / 10_000.0, settings.getMinRatio(),
                settings.getSustainedFor(), summary, remembered);
    }
}
