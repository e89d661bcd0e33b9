package io.paymenthub.monitoring;

import io.paymenthub.broker.QueueDepths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * DeadLetterQueueGrowing (seed 004 Set Up Alerts: dead-letter queue growth): the hub's dead-letter queues
 * ({@code DLQ.<queue>} of {@code hub.monitoring.dead-letter-growth.queues}) took {@code min-growth} messages or more
 * since the last evaluation, each queue compared with its own depth then (one queue drained does not hide another
 * that grew). The depths are the broker's, a cluster-wide fact, and are remembered in the shared state, so the
 * instance that evaluates next compares with what the previous one saw. The first evaluation only takes the depths.
 */
@Component
public class DeadLetterGrowthCondition implements AlertCondition {

    public static final String ALERT = "DeadLetterQueueGrowing";

    private final QueueDepths depths;
    private final MonitoringProperties properties;

    public DeadLetterGrowthCondition(QueueDepths depths, MonitoringProperties properties) {
        this.depths = depths;
        this.properties = properties;
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
        return "the hubFailureReason header of the newest messages of the dead-letter queues named here; once the cause "
                + "is fixed, move them back to their queue to replay them (README, dead letters)";
    }

    @Override
    public AlertReading read(Instant now, Map<String, Long> memory) {
        List<String> queues = properties.getDeadLetterGrowth().getQueues().stream().map(queue -> "DLQ." + queue).toList();
        Map<String, Long> depthsNow = depths.depths(queues);
        Map<String, Long> grown = new TreeMap<>();
        depthsNow.forEach((queue, depth) -> {
            Long before = memory.get(queue);
            if (before != null && depth > before) {
                grown.put(queue, depth - before);
            }
        });
        long growth = grown.values().stream().mapToLong(Long::longValue).sum();
        String summary = grown.isEmpty()
                ? "no dead-letter queue grew since the last evaluation (" + describe(depthsNow) + ")"
                : grown.entrySet().stream().map(e -> e.getKey() + " grew by " + e.getValue() + " to " + depthsNow.get(e.getKey()))
                        .collect(Collectors.joining(", ")) + " since the last evaluation";
        int minGrowth = properties.getDeadLetterGrowth().getMinGrowth();
        return new AlertReading(growth >= minGrowth, growth, minGrowth, properties.getInterval(), summary, depthsNow);
    }

    private static String describe(Map<String, Long> depths) {
        return depths.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }
}
