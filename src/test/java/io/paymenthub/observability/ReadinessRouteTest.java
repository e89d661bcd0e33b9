package io.paymenthub.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Readiness covers the routes as well as the database and the broker (contract section 1: ready once routes, database
 * and broker are up): a route that is not running makes the hub unready until it runs again. The probe's body stays
 * {@code {"status":"..."}} whatever the reason.
 */
class ReadinessRouteTest extends SharedPlatformRouteTestBase {

    @Autowired
    CamelContext camel;

    @Test
    void aStoppedRouteMakesTheHubUnreadyUntilItRunsAgain() throws Exception {
        assertThat(hub.get("/actuator/health/readiness").status()).isEqualTo(200);
        try {
            camel.getRouteController().stopRoute("sampleQueueDepths");

            await().atMost(Duration.ofSeconds(10)).until(() -> hub.get("/actuator/health/readiness").status() == 503);
            assertThat(hub.get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(hub.get("/actuator/health/liveness").status()).as("liveness stays simple").isEqualTo(200);
        } finally {
            camel.getRouteController().startRoute("sampleQueueDepths");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.get("/actuator/health/readiness").status() == 200);
    }
}
