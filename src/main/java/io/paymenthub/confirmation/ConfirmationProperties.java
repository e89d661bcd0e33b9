package io.paymenthub.confirmation;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hub.confirmations.*} settings: the customer e-mails sent for a succeeded or refunded payment
 * (routes/confirmations/mailPaymentConfirmations.yaml). Off unless {@code enabled}; then an SMTP host and a sender
 * address are required, and the connection to the SMTP server is encrypted (STARTTLS required, or SMTPS) and the
 * server's certificate checked against its host name, unless the server is on this machine (a local relay).
 * The password comes from the environment ({@code HUB_CONFIRMATIONS_SMTP_PASSWORD}), never from a committed file.
 */
@ConfigurationProperties(prefix = "hub.confirmations")
public class ConfirmationProperties {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    /** false (the default): no confirmation is queued or mailed, and the mailing route is not started. */
    private boolean enabled = false;
    /** The internal queue that feeds the mailer (fed by publishPaymentEvents.yaml with the payments.events messages). */
    private String queue = "hub.confirmations";
    /** Concurrent consumers of that queue on each instance. */
    private int consumers = 1;
    /** Deliveries of one confirmation at most (the broker redelivers with back-off); then it goes to DLQ.&lt;queue&gt;. */
    private int maxDeliveries = 20;
    /**
     * How long a delivery that is sending a confirmation holds it: another delivery of the same event waits (it is
     * redelivered later) until the mail is sent or this time has passed (the first one's instance died mid-send).
     * Must be longer than the SMTP timeouts of one send.
     */
    private Duration claimTimeout = Duration.ofMinutes(5);
    /** The sender, e.g. {@code "Shop <orders@shop.example>"}. */
    private String from = "";
    /** The shop's name in the mail's text. */
    private String shopName = "";
    /** Where the Mustache templates are (Spring resource location, ending with /); see docs-draft/confirmations.md. */
    private String templates = "classpath:confirmations/";

    private final Smtp smtp = new Smtp();

    public static class Smtp {
        private String host = "";
        /** 587 (submission with STARTTLS); 465 for {@code security: ssl}. */
        private int port = 587;
        /** {@code starttls} (required, the default), {@code ssl} (SMTPS) or {@code none} (only for a server on loopback). */
        private String security = "starttls";
        /** Empty: no authentication. */
        private String username = "";
        /** Only from the environment: HUB_CONFIRMATIONS_SMTP_PASSWORD. */
        private String password = "";
        /** Connect, read and write timeout of the SMTP connection, each. */
        private Duration timeout = Duration.ofSeconds(10);

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getSecurity() { return security; }
        public void setSecurity(String security) { this.security = security; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }

        @Override
        public String toString() {
            // never the password
            return "Smtp[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username + "]";
        }
    }

    /** Stops start-up with the setting to fix when confirmations are on but cannot work safely. */
    void check() {
        if (!enabled) {
            return;
        }
        if (isBlank(smtp.host) || isBlank(from)) {
            throw new IllegalStateException("hub.confirmations.enabled=true needs hub.confirmations.smtp.host and "
                    + "hub.confirmations.from");
        }
        String security = smtp.security.toLowerCase(Locale.ROOT);
        if (!Set.of("starttls", "ssl", "none").contains(security)) {
            throw new IllegalStateException("hub.confirmations.smtp.security must be starttls, ssl or none (got "
                    + smtp.security + ")");
        }
        if (security.equals("none") && !LOOPBACK.contains(smtp.host.toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException("hub.confirmations.smtp.security=none sends customers' addresses and the "
                    + "SMTP password in clear text: allowed only for a server on loopback, not " + smtp.host);
        }
        if (!isBlank(smtp.password) && isBlank(smtp.username)) {
            throw new IllegalStateException("hub.confirmations.smtp.password is set but hub.confirmations.smtp.username is not");
        }
        if (maxDeliveries < 1 || consumers < 1) {
            throw new IllegalStateException("hub.confirmations.max-deliveries and consumers must be at least 1");
        }
        if (claimTimeout.compareTo(smtp.timeout.multipliedBy(3)) <= 0) {
            throw new IllegalStateException("hub.confirmations.claim-timeout (" + claimTimeout + ") must be longer than "
                    + "one send can take: three times hub.confirmations.smtp.timeout (" + smtp.timeout + ")");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getQueue() { return queue; }
    public void setQueue(String queue) { this.queue = queue; }
    public int getConsumers() { return consumers; }
    public void setConsumers(int consumers) { this.consumers = consumers; }
    public int getMaxDeliveries() { return maxDeliveries; }
    public void setMaxDeliveries(int maxDeliveries) { this.maxDeliveries = maxDeliveries; }
    public Duration getClaimTimeout() { return claimTimeout; }
    public void setClaimTimeout(Duration claimTimeout) { this.claimTimeout = claimTimeout; }
    public String getFrom() { return from; }
    public void setFrom(String from) { this.from = from; }
    public String getShopName() { return shopName; }
    public void setShopName(String shopName) { this.shopName = shopName; }
    public String getTemplates() { return templates; }
    public void setTemplates(String templates) { this.templates = templates; }
    public Smtp getSmtp() { return smtp; }
}
