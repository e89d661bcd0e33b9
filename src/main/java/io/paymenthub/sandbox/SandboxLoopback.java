package io.paymenthub.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * The hub's own address on the loopback interface, where the sandbox sends its webhooks and points
 * its checkout links. The port is known only once the web server is up (a random one in tests), so
 * it is read then, never at start-up.
 */
public class SandboxLoopback implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(SandboxLoopback.class);

    private final Environment environment;
    private final String tenantId;
    private volatile int port;

    public SandboxLoopback(Environment environment, String tenantId) {
        this.environment = environment;
        this.tenantId = tenantId;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // a separate management server has a namespace of its own; the sandbox lives on the main one
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
            // loud on purpose: whoever reads the start-up log must see that no real platform is involved
            log.warn("*** SANDBOX MODE: payments go to the built-in FAKE billing platform at {}/sandbox (tenant '{}'),"
                    + " which makes them succeed and signs its own webhooks to {}/webhooks/billing, and a FAKE Cheqpay at"
                    + " {}/sandbox/cheqpay (test cards, 3-D Secure, webhooks to {}/webhooks/cheqpay). No money moves."
                    + " NOT FOR PRODUCTION: configure hub.api-keys and hub.providers.billing.base-url, tenant-secret"
                    + " and webhook-secrets for the real platform. ***", baseUrl(), tenantId, baseUrl(), baseUrl(), baseUrl());
        }
    }

    /** E.g. {@code http://127.0.0.1:8080}, with the servlet context path if one is set. */
    public String baseUrl() {
        int known = port;
        if (known <= 0) {
            known = environment.getProperty("local.server.port", Integer.class,
                    environment.getProperty("server.port", Integer.class, 8080));
        }
        return "http://127.0.0.1:" + known + environment.getProperty("server.servlet.context-path", "");
    }
}
