package io.paymenthub.provider;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hub.circuit-breaker.*} settings of the per-provider circuit breaker of platform calls
 * ({@link PlatformCircuitBreakers}): the defaults at the top, and under {@code providers.<provider>} any of them again
 * for one provider (what is not set there is the default).
 */
@ConfigurationProperties(prefix = "hub.circuit-breaker")
public class PlatformCircuitBreakerProperties {

    /** false: no breaker stops calls (its state is DISABLED in health and metrics); the test profile's setting. */
    private boolean enabled = true;
    /** Percentage of failed calls in the sliding window from which the breaker opens (1-100). */
    private float failureRateThreshold = 50;
    /** TIME_BASED (the window is the last sliding-window-size seconds) or COUNT_BASED (the last sliding-window-size calls). */
    private WindowType slidingWindowType = WindowType.TIME_BASED;
    /** Seconds (TIME_BASED) or calls (COUNT_BASED). */
    private int slidingWindowSize = 60;
    /** Calls the window must hold before the failure rate counts (for COUNT_BASED at most the window's size). */
    private int minimumCalls = 10;
    /** How long an open breaker refuses every call before it lets half-open probes through. */
    private Duration openDuration = Duration.ofSeconds(30);
    /** Probe calls let through while half-open; their failure rate decides between CLOSED and OPEN again. */
    private int halfOpenCalls = 3;
    /** Per provider, any of the settings above; a name must be a configured provider. */
    private final Map<String, Override> providers = new LinkedHashMap<>();

    public enum WindowType { TIME_BASED, COUNT_BASED }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public float getFailureRateThreshold() { return failureRateThreshold; }
    public void setFailureRateThreshold(float failureRateThreshold) { this.failureRateThreshold = failureRateThreshold; }
    public WindowType getSlidingWindowType() { return slidingWindowType; }
    public void setSlidingWindowType(WindowType slidingWindowType) { this.slidingWindowType = slidingWindowType; }
    public int getSlidingWindowSize() { return slidingWindowSize; }
    public void setSlidingWindowSize(int slidingWindowSize) { this.slidingWindowSize = slidingWindowSize; }
    public int getMinimumCalls() { return minimumCalls; }
    public void setMinimumCalls(int minimumCalls) { this.minimumCalls = minimumCalls; }
    public Duration getOpenDuration() { return openDuration; }
    public void setOpenDuration(Duration openDuration) { this.openDuration = openDuration; }
    public int getHalfOpenCalls() { return halfOpenCalls; }
    public void setHalfOpenCalls(int halfOpenCalls) { this.halfOpenCalls = halfOpenCalls; }
    public Map<String, Override> getProviders() { return providers; }

    /** The settings of one provider: its overrides over the defaults. */
    public Settings of(String provider) {
        Override o = providers.getOrDefault(provider, new Override());
        return new Settings(
                o.enabled != null ? o.enabled : enabled,
                o.failureRateThreshold != null ? o.failureRateThreshold : failureRateThreshold,
                o.slidingWindowType != null ? o.slidingWindowType : slidingWindowType,
                o.slidingWindowSize != null ? o.slidingWindowSize : slidingWindowSize,
                o.minimumCalls != null ? o.minimumCalls : minimumCalls,
                o.openDuration != null ? o.openDuration : openDuration,
                o.halfOpenCalls != null ? o.halfOpenCalls : halfOpenCalls);
    }

    /** One provider's effective settings. */
    public record Settings(boolean enabled, float failureRateThreshold, WindowType slidingWindowType, int slidingWindowSize,
                           int minimumCalls, Duration openDuration, int halfOpenCalls) {
    }

    /** {@code hub.circuit-breaker.providers.<provider>.*}: null is "the default". */
    public static class Override {
        private Boolean enabled;
        private Float failureRateThreshold;
        private WindowType slidingWindowType;
        private Integer slidingWindowSize;
        private Integer minimumCalls;
        private Duration openDuration;
        private Integer halfOpenCalls;

        public Boolean getEnabled() { return enabled; }
        public void setEnabled(Boolean enabled) { this.enabled = enabled; }
        public Float getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(Float failureRateThreshold) { this.failureRateThreshold = failureRateThreshold; }
        public WindowType getSlidingWindowType() { return slidingWindowType; }
        public void setSlidingWindowType(WindowType slidingWindowType) { this.slidingWindowType = slidingWindowType; }
        public Integer getSlidingWindowSize() { return slidingWindowSize; }
        public void setSlidingWindowSize(Integer slidingWindowSize) { this.slidingWindowSize = slidingWindowSize; }
        public Integer getMinimumCalls() { return minimumCalls; }
        public void setMinimumCalls(Integer minimumCalls) { this.minimumCalls = minimumCalls; }
        public Duration getOpenDuration() { return openDuration; }
        public void setOpenDuration(Duration openDuration) { this.openDuration = openDuration; }
        public Integer getHalfOpenCalls() { return halfOpenCalls; }
        public void setHalfOpenCalls(Integer halfOpenCalls) { this.halfOpenCalls = halfOpenCalls; }
    }
}
