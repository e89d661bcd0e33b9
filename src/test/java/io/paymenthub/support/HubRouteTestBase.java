package io.paymenthub.support;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole hub on the database and broker of {@link HubTestEnvironment}; test classes that extend it and
 * add no properties of their own share one Spring context.
 */
@HubSpringTest
public abstract class HubRouteTestBase {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        HubTestEnvironment.register(registry);
    }

    @LocalServerPort
    protected int port;
}
