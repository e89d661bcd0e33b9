package io.paymenthub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The {@code hub.*} settings of the contract (section 1). */
@ConfigurationProperties(prefix = "hub")
public class HubProperties {

    /** Comma-separated {@code clientName:key} pairs accepted as bearer tokens on /api/**. */
    private String apiKeys = "";
    /**
     * Comma-separated {@code clientName:key} pairs of the operators' keys (contract sections 1 and 8): the health
     * components in the prod profile, and the admin API. A client key never works there, nor an admin key on /api.
     */
    private String adminApiKeys = "";
    /** Folder that holds the operator-owned YAML routes and any generated dev credentials. */
    private String dataDir = "./data";
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Webhooks webhooks = new Webhooks();
    private final Sandbox sandbox = new Sandbox();
    private final Retry retry = new Retry();
    /** Per-currency amount limits in minor units; a currency not listed is refused. */
    private final Map<String, Limit> limits = new LinkedHashMap<>();
    private String defaultProvider = "billing";
    /**
     * Comma-separated addresses or CIDRs of the proxies whose {@code X-Forwarded-For} is believed when the hub
     * fills a payment's device information; none by default, so the TCP peer is the client.
     */
    private String trustedProxies = "";

    public String getApiKeys() { return apiKeys; }
    public void setApiKeys(String apiKeys) { this.apiKeys = apiKeys; }
    public String getAdminApiKeys() { return adminApiKeys; }
    public void setAdminApiKeys(String adminApiKeys) { this.adminApiKeys = adminApiKeys; }
    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public Map<String, Provider> getProviders() { return providers; }
    public Webhooks getWebhooks() { return webhooks; }
    public Sandbox getSandbox() { return sandbox; }
    public Retry getRetry() { return retry; }
    public Map<String, Limit> getLimits() { return limits; }
    public String getDefaultProvider() { return defaultProvider; }
    public void setDefaultProvider(String defaultProvider) { this.defaultProvider = defaultProvider; }
    public String getTrustedProxies() { return trustedProxies; }
    public void setTrustedProxies(String trustedProxies) { this.trustedProxies = trustedProxies; }

    public static class Limit {
        private long min;
        private long max;

        public long getMin() { return min; }
        public void setMin(long min) { this.min = min; }
        public long getMax() { return max; }
        public void setMax(long max) { this.max = max; }
    }

    public static class Retry {
        /** Attempts of one platform call that fails with 5xx, 408, 429, a timeout or a refused connection. */
        private int maxAttempts = 3;
        private Duration initialDelay = Duration.ofSeconds(1);
        private double multiplier = 2;
        /** Delay between background attempts of a QUEUED payment. */
        private Duration queueDelay = Duration.ofSeconds(30);
        /** After this long in QUEUED a payment is dead-lettered with the reason (and can be replayed). */
        private Duration giveUpAfter = Duration.ofHours(24);
        /**
         * A CREATED payment that no attempt holds and that is older than this had its attempt interrupted
         * (the hub died mid-call): the background retry submits it again with its idempotency key.
         */
        private Duration interruptedAfter = Duration.ofMinutes(1);
        /** How long one attempt owns a payment without renewal: how soon after a crash its payment is submitted again. */
        private Duration attemptLease = Duration.ofSeconds(15);
        /** How often a running attempt renews its lease. */
        private Duration attemptLeaseRenewal = Duration.ofSeconds(5);

        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialDelay() { return initialDelay; }
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
        public Duration getQueueDelay() { return queueDelay; }
        public void setQueueDelay(Duration queueDelay) { this.queueDelay = queueDelay; }
        public Duration getGiveUpAfter() { return giveUpAfter; }
        public void setGiveUpAfter(Duration giveUpAfter) { this.giveUpAfter = giveUpAfter; }
        public Duration getInterruptedAfter() { return interruptedAfter; }
        public void setInterruptedAfter(Duration interruptedAfter) { this.interruptedAfter = interruptedAfter; }
        public Duration getAttemptLease() { return attemptLease; }
        public void setAttemptLease(Duration attemptLease) { this.attemptLease = attemptLease; }
        public Duration getAttemptLeaseRenewal() { return attemptLeaseRenewal; }
        public void setAttemptLeaseRenewal(Duration attemptLeaseRenewal) { this.attemptLeaseRenewal = attemptLeaseRenewal; }
    }

    public static class Provider {
        private String baseUrl;
        /** API-key platforms (Cheqpay): sent as x-api-key and x-merchant-id. */
        private String apiKey;
        private String merchantId;
        /** The platform's call paths by name (Cheqpay: hub.providers.cheqpay.paths.*), so the adapter follows the real API. */
        private Map<String, String> paths = new LinkedHashMap<>();
        private String tenantId;
        private String tenantSecret;
        /** All accepted webhook secrets, in the format of the webhook scheme; the first is the current one. */
        private List<String> webhookSecrets = new ArrayList<>();
        /**
         * How this provider signs its webhooks: {@code standard-webhooks}, {@code stripe} or {@code hmac-sha256-hex}.
         * Not set: {@code hmac-sha256-hex} for {@code cheqpay}, {@code standard-webhooks} for any other provider.
         */
        private String webhookScheme;
        /**
         * How long the key of a webhook event from this provider is kept in {@code webhook_events} at least: the
         * platform's retry horizon, so that a late retry is still answered "duplicate"
         * ({@link io.paymenthub.webhook.WebhookEventRetention}).
         */
        private Duration webhookRetention = Duration.ofDays(30);

        public Duration getWebhookRetention() { return webhookRetention; }
        public void setWebhookRetention(Duration webhookRetention) { this.webhookRetention = webhookRetention; }
        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        public String getMerchantId() { return merchantId; }
        public void setMerchantId(String merchantId) { this.merchantId = merchantId; }
        public Map<String, String> getPaths() { return paths; }
        public void setPaths(Map<String, String> paths) { this.paths = paths; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public String getTenantId() { return tenantId; }
        public void setTenantId(String tenantId) { this.tenantId = tenantId; }
        public String getTenantSecret() { return tenantSecret; }
        public void setTenantSecret(String tenantSecret) { this.tenantSecret = tenantSecret; }
        public List<String> getWebhookSecrets() { return webhookSecrets; }
        public void setWebhookSecrets(List<String> webhookSecrets) { this.webhookSecrets = webhookSecrets; }
        public String getWebhookScheme() { return webhookScheme; }
        public void setWebhookScheme(String webhookScheme) { this.webhookScheme = webhookScheme; }
    }

    public static class Webhooks {
        private Duration tolerance = Duration.ofMinutes(5);
        private DataSize maxBodySize = DataSize.ofMegabytes(1);
        private Inbox inbox = new Inbox();
        private Retention retention = new Retention();

        public Inbox getInbox() { return inbox; }
        public void setInbox(Inbox inbox) { this.inbox = inbox; }
        public Retention getRetention() { return retention; }
        public void setRetention(Retention retention) { this.retention = retention; }

        public Duration getTolerance() { return tolerance; }
        public void setTolerance(Duration tolerance) { this.tolerance = tolerance; }
        public DataSize getMaxBodySize() { return maxBodySize; }
        public void setMaxBodySize(DataSize maxBodySize) { this.maxBodySize = maxBodySize; }
    }

    /** The webhook endpoint's group commit ({@link io.paymenthub.webhook.WebhookInboxWriter}). */
    public static class Inbox {
        /** transactions in flight at once */
        private int writers = 2;
        /** events in one transaction at most */
        private int maxBatch = 200;
        /** events waiting for a transaction at most; beyond that a webhook is answered 503 at once */
        private int capacity = 4096;
        /** how long a webhook waits for its transaction's commit before it is answered 503 */
        private Duration commitTimeout = Duration.ofSeconds(15);
        /** events in one message of the relay at most */
        private int relayBatch = 500;
        /** milliseconds between the relay's polls of an empty inbox */
        private long relayInterval = 20;

        public int getWriters() { return writers; }
        public void setWriters(int writers) { this.writers = writers; }
        public int getMaxBatch() { return maxBatch; }
        public void setMaxBatch(int maxBatch) { this.maxBatch = maxBatch; }
        public int getCapacity() { return capacity; }
        public void setCapacity(int capacity) { this.capacity = capacity; }
        public Duration getCommitTimeout() { return commitTimeout; }
        public void setCommitTimeout(Duration commitTimeout) { this.commitTimeout = commitTimeout; }
        public int getRelayBatch() { return relayBatch; }
        public void setRelayBatch(int relayBatch) { this.relayBatch = relayBatch; }
        public long getRelayInterval() { return relayInterval; }
        public void setRelayInterval(long relayInterval) { this.relayInterval = relayInterval; }
    }

    /**
     * The purge of old {@code webhook_events} rows ({@link io.paymenthub.webhook.WebhookEventRetention}); how long a
     * row is kept is per provider ({@code hub.providers.<p>.webhook-retention}).
     */
    public static class Retention {
        /** rows deleted in one transaction at most */
        private int batchSize = 500;
        /** transactions of one provider in one run at most; a larger backlog is purged over the next runs */
        private int maxBatchesPerRun = 100;
        /** how long one instance's run keeps the others from purging at most, should it die mid-run */
        private Duration lockAtMostFor = Duration.ofMinutes(30);

        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public int getMaxBatchesPerRun() { return maxBatchesPerRun; }
        public void setMaxBatchesPerRun(int maxBatchesPerRun) { this.maxBatchesPerRun = maxBatchesPerRun; }
        public Duration getLockAtMostFor() { return lockAtMostFor; }
        public void setLockAtMostFor(Duration lockAtMostFor) { this.lockAtMostFor = lockAtMostFor; }
    }

    public static class Sandbox {
        /**
         * Not set (the default): the sandbox runs only when no real credential is configured; true: the
         * sandbox, with no real credential; false (prod profile): never. See {@link SandboxMode}.
         */
        private Boolean enabled;

        public Boolean getEnabled() { return enabled; }
        public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    }
}
