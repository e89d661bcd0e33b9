package io.paymenthub.reconciliation;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hub.reconciliation.*} settings: when a payment that no webhook moved on is asked at its platform
 * (routes/payments/reconcilePayments.yaml), and how often.
 */
@ConfigurationProperties(prefix = "hub.reconciliation")
public class ReconciliationProperties {

    /** false: the scheduled run does not start (POST /api/admin/reconciliation still runs it). */
    private boolean enabled = true;
    /** Time between two runs of the job. */
    private Duration interval = Duration.ofMinutes(1);
    /** Time from start-up to the first run. */
    private Duration initialDelay = Duration.ofMinutes(1);
    /** A payment in CREATED or PROVIDER_PENDING this long is stale. */
    private Duration pendingAfter = Duration.ofMinutes(10);
    /**
     * A payment in REQUIRES_ACTION is stale after its provider's 3-D Secure lifetime: by provider name; a provider
     * not named here takes {@link #defaultAuthenticationLifetime}. Neither platform documents the lifetime.
     */
    private Map<String, Duration> authenticationLifetime = new HashMap<>(Map.of("cheqpay", Duration.ofMinutes(15)));
    private Duration defaultAuthenticationLifetime = Duration.ofMinutes(15);
    /** The first question to the platform: this long after the payment became stale. */
    private Duration firstCheckDelay = Duration.ofMinutes(1);
    /** Then every this long, until the payment moves on or {@link #maxAttempts} questions were asked. */
    private Duration checkInterval = Duration.ofMinutes(5);
    /** Questions per payment and status; then the payment is logged once and left to an operator. */
    private int maxAttempts = 12;
    /** Payments taken by one run at most (the rest wait for the next run). */
    private int batchSize = 50;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public Duration getInitialDelay() { return initialDelay; }
    public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
    public Duration getPendingAfter() { return pendingAfter; }
    public void setPendingAfter(Duration pendingAfter) { this.pendingAfter = pendingAfter; }
    public Map<String, Duration> getAuthenticationLifetime() { return authenticationLifetime; }
    public void setAuthenticationLifetime(Map<String, Duration> authenticationLifetime) { this.authenticationLifetime = authenticationLifetime; }
    public Duration getDefaultAuthenticationLifetime() { return defaultAuthenticationLifetime; }
    public void setDefaultAuthenticationLifetime(Duration defaultAuthenticationLifetime) { this.defaultAuthenticationLifetime = defaultAuthenticationLifetime; }
    public Duration getFirstCheckDelay() { return firstCheckDelay; }
    public void setFirstCheckDelay(Duration firstCheckDelay) { this.firstCheckDelay = firstCheckDelay; }
    public Duration getCheckInterval() { return checkInterval; }
    public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
}
