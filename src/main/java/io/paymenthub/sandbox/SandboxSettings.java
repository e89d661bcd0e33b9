package io.paymenthub.sandbox;

import java.time.Duration;

/**
 * The {@code hub.sandbox.*} settings of the built-in fake billing platform (bound in {@link SandboxConfiguration});
 * whether it runs at all is {@code hub.sandbox.enabled}, decided by {@link io.paymenthub.config.SandboxMode}.
 */
public class SandboxSettings {

    /** Lifetime of the JWTs that {@code POST /sandbox/auth/login} issues. */
    private Duration tokenLifetime = Duration.ofHours(24);
    /** Pause before each webhook the sandbox sends back, as a real platform's processing would take. */
    private Duration webhookDelay = Duration.ofSeconds(2);
    /** How long a {@code sandbox:slow} create call takes: longer than the hub's read timeout by default. */
    private Duration slowDelay = Duration.ofSeconds(35);
    /** How many create calls of one idempotency key a {@code sandbox:outage} payment answers with 503. */
    private int outageAttempts = 3;
    /**
     * Where the sandbox Cheqpay POSTs its webhooks; empty (the default) means the hub's own
     * {@code /webhooks/cheqpay}. Cheqpay registers a merchant's webhook URL on request; so does this.
     */
    private String cheqpayWebhookUrl = "";

    public Duration getTokenLifetime() { return tokenLifetime; }
    public void setTokenLifetime(Duration tokenLifetime) { this.tokenLifetime = tokenLifetime; }
    public Duration getWebhookDelay() { return webhookDelay; }
    public void setWebhookDelay(Duration webhookDelay) { this.webhookDelay = webhookDelay; }
    public Duration getSlowDelay() { return slowDelay; }
    public void setSlowDelay(Duration slowDelay) { this.slowDelay = slowDelay; }
    public int getOutageAttempts() { return outageAttempts; }
    public void setOutageAttempts(int outageAttempts) { this.outageAttempts = outageAttempts; }
    public String getCheqpayWebhookUrl() { return cheqpayWebhookUrl; }
    public void setCheqpayWebhookUrl(String cheqpayWebhookUrl) { this.cheqpayWebhookUrl = cheqpayWebhookUrl; }
}
