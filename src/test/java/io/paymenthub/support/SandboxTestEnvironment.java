package io.paymenthub.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test context with the built-in sandbox on (both platforms, the billing one and Cheqpay's mode), as
 * {@code ./mvnw spring-boot:run} has it: the sandbox runs only without real credentials, so the test profile's are
 * blanked, and its webhooks come quickly.
 */
public final class SandboxTestEnvironment {

    private SandboxTestEnvironment() {
    }

    /** The context's database and broker ({@link HubTestEnvironment}) and the sandbox. */
    public static void register(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
        sandbox(registry);
    }

    /** Only the sandbox settings, for a test that chooses its own database and broker. */
    public static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("hub.sandbox.enabled", () -> "true");
        registry.add("hub.api-keys", () -> "");
        registry.add("hub.providers.billing.webhook-secrets", () -> "");
        registry.add("hub.sandbox.webhook-delay", () -> "100ms");
    }
}
