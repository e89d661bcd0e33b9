package io.paymenthub.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One hub against the shared stand-in platform ({@link BillingPlatformStub}), with the default retry policy
 * except a short first back-off. The scenario classes that extend it declare no properties of their own, so
 * they share this one Spring context.
 */
@HubSpringTest
public abstract class SharedPlatformRouteTestBase {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        registry.add("hub.providers.billing.base-url", BillingPlatformStub::baseUrl);
        registry.add("hub.providers.billing.tenant-secret", () -> "test-tenant-secret");
        registry.add("hub.retry.initial-delay", () -> "50ms");
    }

    @BeforeAll
    static void platformLogin() {
        BillingPlatformStub.login("token-1", 86400);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected ConnectionFactory connectionFactory;

    protected HubClient hub;
    protected final WireMockServer platform = BillingPlatformStub.server();

    @BeforeEach
    protected void client() {
        hub = new HubClient(port);
    }

    protected int paymentRowsForOrder(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payments WHERE order_id = ?", Integer.class, orderId);
    }

    protected String statusInDatabase(String paymentId) {
        return jdbc.queryForObject("SELECT status FROM payments WHERE id = ?", String.class, paymentId);
    }
}
