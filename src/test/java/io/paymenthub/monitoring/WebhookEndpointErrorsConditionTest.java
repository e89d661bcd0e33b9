package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** WebhookEndpointServerErrors over this instance's http_server_requests timers, as Spring's observation records them. */
class WebhookEndpointErrorsConditionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebhookEndpointErrorsCondition condition = new WebhookEndpointErrorsCondition(registry, new MonitoringProperties());

    @Test
    void firesOnceTheEndpointHasAnswered5xxForFiveMinutes() {
        answer("503", 4);
        AlertReading first = condition.read(T0, Map.of());
        assertThat(first.firing()).as("5xx since now: not for five minutes yet").isFalse();
        assertThat(first.summary()).contains("5xx to 4 of 4");

        answer("503", 2);
        answer("200", 1);
        AlertReading almost = condition.read(T0.plus(Duration.ofSeconds(299)), first.memory());
        assertThat(almost.firing()).as("4 min 59 s").isFalse();

        answer("500", 1);
        AlertReading fired = condition.read(T0.plus(Duration.ofMinutes(5)), almost.memory());
        assertThat(fired.firing()).isTrue();
        assertThat(fired.value()).as("the share of 5xx since the last evaluation").isEqualTo(1.0);
        assertThat(fired.windowText()).isEqualTo("5m");
        assertThat(fired.summary()).contains("5xx to 1 of 1", "answering 5xx for 5m");
    }

    @Test
    void anEvaluationWith2xxAnswersOnlyEndsIt() {
        answer("503", 3);
        AlertReading first = condition.read(T0, Map.of());
        answer("503", 3);
        AlertReading fired = condition.read(T0.plus(Duration.ofMinutes(5)), first.memory());
        assertThat(fired.firing()).isTrue();

        answer("200", 5);
        AlertReading cleared = condition.read(T0.plus(Duration.ofMinutes(10)), fired.memory());

        assertThat(cleared.firing()).isFalse();
        assertThat(cleared.value()).isZero();
        assertThat(cleared.memory()).doesNotContainKey("errorsSince");
    }

    @Test
    void anEvaluationWithoutWebhooksNeitherStartsNorEndsIt() {
        answer("503", 3);
        AlertReading first = condition.read(T0, Map.of());
        // platforms back off: no webhook at all in the next five minutes
        AlertReading silent = condition.read(T0.plus(Duration.ofMinutes(5)), first.memory());
        assertThat(silent.firing()).as("still 5xx for five minutes").isTrue();

        AlertReading quiet = new WebhookEndpointErrorsCondition(new SimpleMeterRegistry(), new MonitoringProperties())
                .read(T0, Map.of());
        assertThat(quiet.firing()).isFalse();
    }

    @Test
    void aFewErrorsAmongManyAnswersAreBelowTheRatio() {
        answer("503", 1);
        answer("200", 99);
        AlertReading first = condition.read(T0, Map.of());
        answer("503", 1);
        answer("200", 99);

        AlertReading later = condition.read(T0.plus(Duration.ofMinutes(5)), first.memory());

        assertThat(later.value()).isEqualTo(0.01);
        assertThat(later.firing()).as("1% is below the 5% setting").isFalse();
    }

    @Test
    void onlyTheWebhookEndpointAndOnly5xxCount() {
        Timer.builder("http.server.requests").tags("uri", "/api/payments", "status", "503").register(registry).record(Duration.ofMillis(1));
        answer("404", 2);
        answer("401", 2);
        AlertReading first = condition.read(T0, Map.of());
        AlertReading later = condition.read(T0.plus(Duration.ofMinutes(10)), first.memory());

        assertThat(later.firing()).isFalse();
        assertThat(first.summary()).contains("5xx to 0 of 4");
    }

    private void answer(String status, int count) {
        Timer timer = Timer.builder("http.server.requests")
                .tags("uri", "/webhooks/{provider}", "status", status, "method", "POST").register(registry);
        for (int i = 0; i < count; i++) {
            timer.record(Duration.ofMillis(3));
        }
    }
}
