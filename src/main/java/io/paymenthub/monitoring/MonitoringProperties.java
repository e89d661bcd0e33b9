package io.paymenthub.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hub.monitoring.*} settings: how often the alert monitor ({@code routes/monitoring/evaluateAlerts.yaml})
 * evaluates, and the threshold of each alert of contract section 7.
 */
@ConfigurationProperties(prefix = "hub.monitoring")
public class MonitoringProperties {

    /** false: the monitoring route does not start (the test profile; each test that needs it starts it). */
    private boolean enabled = true;
    /** Time between two evaluations. */
    private Duration interval = Duration.ofMinutes(5);
    /** Time from start-up to the first evaluation. */
    private Duration initialDelay = Duration.ofMinutes(1);
    /** The topic alerts are announced on (contract section 6); a setting so that deployments can share a broker. */
    private String topic = "hub.alerts";
    /** This instance's name in the alerts it announces; empty: the host name (in Kubernetes, the pod's name). */
    private String instance = "";
    /**
     * How long the cluster-wide part stays locked after an instance evaluated it, so that the other instances skip
     * it until the next interval; empty: 80 % of the interval (a timer that fires a little early is not locked out).
     */
    private Duration lockAtLeastFor;
    /** How long the lock holds at most when its instance dies while evaluating; empty: 80 % of the interval. */
    private Duration lockAtMostFor;
    /** How often the queue depth gauges ask the broker (io.paymenthub.broker.QueueDepths, read by its own @Value). */
    private Duration queueDepthInterval = Duration.ofSeconds(15);
    /** Longest wait for the broker's statistics (io.paymenthub.broker.QueueDepths, read by its own @Value). */
    private Duration queueDepthTimeout = Duration.ofSeconds(2);

    private final SuccessRate successRate = new SuccessRate();
    private final FailureSpike failureSpike = new FailureSpike();
    private final WebhookErrors webhookErrors = new WebhookErrors();
    private final PlatformAuthFailures platformAuthFailures = new PlatformAuthFailures();
    private final DeadLetterGrowth deadLetterGrowth = new DeadLetterGrowth();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public Duration getInitialDelay() { return initialDelay; }
    public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public String getInstance() { return instance; }
    public void setInstance(String instance) { this.instance = instance; }
    public Duration getLockAtLeastFor() { return lockAtLeastFor; }
    public void setLockAtLeastFor(Duration lockAtLeastFor) { this.lockAtLeastFor = lockAtLeastFor; }
    public Duration getLockAtMostFor() { return lockAtMostFor; }
    public void setLockAtMostFor(Duration lockAtMostFor) { this.lockAtMostFor = lockAtMostFor; }
    public Duration getQueueDepthInterval() { return queueDepthInterval; }
    public void setQueueDepthInterval(Duration queueDepthInterval) { this.queueDepthInterval = queueDepthInterval; }
    public Duration getQueueDepthTimeout() { return queueDepthTimeout; }
    public void setQueueDepthTimeout(Duration queueDepthTimeout) { this.queueDepthTimeout = queueDepthTimeout; }
    public SuccessRate getSuccessRate() { return successRate; }
    public FailureSpike getFailureSpike() { return failureSpike; }
    public WebhookErrors getWebhookErrors() { return webhookErrors; }
    public PlatformAuthFailures getPlatformAuthFailures() { return platformAuthFailures; }
    public DeadLetterGrowth getDeadLetterGrowth() { return deadLetterGrowth; }

    /** {@link #lockAtLeastFor}, or 80 % of the interval when it is not set. */
    public Duration effectiveLockAtLeastFor() {
        return lockAtLeastFor != null ? lockAtLeastFor : interval.multipliedBy(4).dividedBy(5);
    }

    /** {@link #lockAtMostFor}, or 80 % of the interval when it is not set; never shorter than the lock's least. */
    public Duration effectiveLockAtMostFor() {
        Duration atMost = lockAtMostFor != null ? lockAtMostFor : interval.multipliedBy(4).dividedBy(5);
        Duration atLeast = effectiveLockAtLeastFor();
        return atMost.compareTo(atLeast) < 0 ? atLeast : atMost;
    }

    /** PaymentSuccessRateLow: below {@code threshold} over {@code window}, judged from {@code min-payments} on. */
    public static class SuccessRate {
        private double threshold = 0.85;
        private Duration window = Duration.ofMinutes(5);
        private int minPayments = 20;

        public double getThreshold() { return threshold; }
        public void setThreshold(double threshold) { this.threshold = threshold; }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = window; }
        public int getMinPayments() { return minPayments; }
        public void setMinPayments(int minPayments) { this.minPayments = minPayments; }
    }

    /**
     * PaymentFailureSpike: the failures of the last {@code window} come at more than {@code factor} times their rate
     * over the last {@code baseline} (which includes the window), from {@code min-failures} failures on.
     */
    public static class FailureSpike {
        private double factor = 3;
        private Duration window = Duration.ofMinutes(5);
        private Duration baseline = Duration.ofHours(1);
        private int minFailures = 5;

        public double getFactor() { return factor; }
        public void setFactor(double factor) { this.factor = factor; }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = window; }
        public Duration getBaseline() { return baseline; }
        public void setBaseline(Duration baseline) { this.baseline = baseline; }
        public int getMinFailures() { return minFailures; }
        public void setMinFailures(int minFailures) { this.minFailures = minFailures; }
    }

    /**
     * WebhookEndpointServerErrors: this instance's webhook endpoint answered 5xx to at least {@code min-ratio} of the
     * webhooks in every evaluation for at least {@code sustained-for}.
     */
    public static class WebhookErrors {
        private Duration sustainedFor = Duration.ofMinutes(5);
        private double minRatio = 0.05;

        public Duration getSustainedFor() { return sustainedFor; }
        public void setSustainedFor(Duration sustainedFor) { this.sustainedFor = sustainedFor; }
        public double getMinRatio() { return minRatio; }
        public void setMinRatio(double minRatio) { this.minRatio = minRatio; }
    }

    /** PlatformAuthenticationFailures: a platform refused the hub's credentials {@code min-failures} times or more since the last evaluation. */
    public static class PlatformAuthFailures {
        private int minFailures = 1;

        public int getMinFailures() { return minFailures; }
        public void setMinFailures(int minFailures) { this.minFailures = minFailures; }
    }

    /** DeadLetterQueueGrowing: the dead-letter queues of {@code queues} took {@code min-growth} messages or more since the last evaluation. */
    public static class DeadLetterGrowth {
        private int minGrowth = 1;
        /** The hub's queues whose {@code DLQ.<queue>} is watched. */
        private List<String> queues = new ArrayList<>();

        public int getMinGrowth() { return minGrowth; }
        public void setMinGrowth(int minGrowth) { this.minGrowth = minGrowth; }
        public List<String> getQueues() { return queues; }
        public void setQueues(List<String> queues) { this.queues = queues; }
    }
}
