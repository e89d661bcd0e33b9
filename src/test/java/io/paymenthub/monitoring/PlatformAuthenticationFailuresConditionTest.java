package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.provider.PlatformCallMetrics;
import org.junit.jupiter.api.Test;

/** PlatformAuthenticationFailures over hub_platform_auth_failures_total{provider}, counted by PlatformCallMetrics. */
class PlatformAuthenticationFailuresConditionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PlatformCallMetrics metrics = new PlatformCallMetrics(registry);
    private final PlatformAuthenticationFailuresCondition condition =
            new PlatformAuthenticationFailuresCondition(registry, new MonitoringProperties());

    @Test
    void oneRefusalSinceTheLastEvaluationFiresAndNoneClears() {
        AlertReading before = condition.read(NOW, Map.of());
        assertThat(before.firing()).isFalse();

        metrics.credentialsRefused("cheqpay");
        metrics.credentialsRefused("billing");
        metrics.credentialsRefused("billing");
        AlertReading fired = condition.read(NOW.plusSeconds(300), before.memory());

        assertThat(fired.firing()).isTrue();
        assertThat(fired.value()).isEqualTo(3);
        assertThat(fired.threshold()).isEqualTo(1);
        assertThat(fired.windowText()).as("the interval").isEqualTo("5m");
        assertThat(fired.summary()).contains("3 times", "billing: 2", "cheqpay: 1");

        AlertReading quiet = condition.read(NOW.plusSeconds(600), fired.memory());
        assertThat(quiet.firing()).isFalse();
        assertThat(quiet.value()).isZero();

        metrics.credentialsRefused("billing");
        assertThat(condition.read(NOW.plusSeconds(900), quiet.memory()).summary()).contains("once", "billing: 1")
                .doesNotContain("cheqpay");
    }

    @Test
    void theMinimumIsASetting() {
        MonitoringProperties properties = new MonitoringProperties();
        properties.getPlatformAuthFailures().setMinFailures(3);
        PlatformAuthenticationFailuresCondition tolerant = new PlatformAuthenticationFailuresCondition(registry, properties);
        metrics.credentialsRefused("billing");
        metrics.credentialsRefused("billing");

        assertThat(tolerant.read(NOW, Map.of()).firing()).isFalse();
        metrics.credentialsRefused("billing");
        assertThat(tolerant.read(NOW, Map.of()).firing()).isTrue();
    }
}
