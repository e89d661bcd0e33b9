package io.paymenthub.monitoring;

import io.paymenthub.broker.QueueDepths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterGrowthConditionTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> DLQS = List.of("DLQ.payments.requests", "DLQ.webhooks.events");

    private final QueueDepths depths = mock(QueueDepths.class);
    private final MonitoringProperties properties = new MonitoringProperties();
    private final DeadLetterGrowthCondition condition = new DeadLetterGrowthCondition(depths, properties);

    @BeforeEach
    void queues() {
        properties.getDeadLetterGrowth().setQueues(List.of("payments.requests", "webhooks.events"));
    }

    @Test
    void theFirstEvaluationOnlyTakesTheDepths() {
        depths(4, 0);

        AlertReading reading = condition.read(NOW, Map.of());

        assertThat(reading.firing()).as("nothing to compare with").isFalse();
        assertThat(reading.memory()).containsEntry("DLQ.payments.requests", 4L).containsEntry("DLQ.webhooks.events", 0L);
    }

    @Test
    void aQueueThatTookAMessageSinceTheLastEvaluationFires() {
        depths(4, 1);

        AlertReading reading = condition.read(NOW, Map.of("DLQ.payments.requests", 4L, "DLQ.webhooks.events", 0L));

        assertThat(reading.firing()).isTrue();
        assertThat(reading.value()).isEqualTo(1);
        assertThat(reading.threshold()).isEqualTo(1);
        assertThat(reading.windowText()).isEqualTo("5m");
        assertThat(reading.summary()).isEqualTo("DLQ.webhooks.events grew by 1 to 1 since the last evaluation");
    }

    @Test
    void aQueueDrainedMeanwhileDoesNotHideAnotherThatGrew() {
        depths(0, 3);

        AlertReading reading = condition.read(NOW, Map.of("DLQ.payments.requests", 10L, "DLQ.webhooks.events", 1L));

        assertThat(reading.firing()).isTrue();
        assertThat(reading.value()).isEqualTo(2);
    }

    @Test
    void depthsThatStayOrShrinkAreQuiet() {
        depths(4, 0);

        AlertReading reading = condition.read(NOW, Map.of("DLQ.payments.requests", 6L, "DLQ.webhooks.events", 0L));

        assertThat(reading.firing()).isFalse();
        assertThat(reading.summary()).contains("no dead-letter queue grew", "DLQ.payments.requests: 4");
    }

    @Test
    void theMinimumGrowthIsASetting() {
        properties.getDeadLetterGrowth().setMinGrowth(5);
        depths(8, 0);

        assertThat(condition.read(NOW, Map.of("DLQ.payments.requests", 4L, "DLQ.webhooks.events", 0L)).firing()).isFalse();
    }

    private void depths(long payments, long webhooks) {
        Map<String, Long> answer = new LinkedHashMap<>();
        answer.put(DLQS.get(0), payments);
        answer.put(DLQS.get(1), webhooks);
        when(depths.depths(DLQS)).thenReturn(answer);
    }
}
