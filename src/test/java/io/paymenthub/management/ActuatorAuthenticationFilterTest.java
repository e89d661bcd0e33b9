package io.paymenthub.management;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.paymenthub.api.AdminKeys;
import io.paymenthub.config.HubProperties;
import io.paymenthub.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ActuatorAuthenticationFilterTest {

    private static final String TOKEN = "scrape-token-for-tests-0123456789";

    private static final String ADMIN_KEY = "admin-key-for-tests-0123456789";
    private static final String CLIENT_KEY = "client-key-for-tests-0123456789";

    private final ActuatorAuthenticationFilter filter =
            new ActuatorAuthenticationFilter(new ScrapeTokenCheck(TOKEN), adminKeys(), "/actuator");

    private static AdminKeys adminKeys() {
        HubProperties properties = new HubProperties();
        properties.setAdminApiKeys("ops:" + ADMIN_KEY);
        properties.setApiKeys("shop:" + CLIENT_KEY);
        return new AdminKeys(properties);
    }

    /** @return the response, and whether the request went on to the endpoint */
    private static Outcome call(ActuatorAuthenticationFilter filter, String uri, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(chain.getRequest() != null, response);
    }

    private record Outcome(boolean passed, MockHttpServletResponse response) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"})
    void theHealthProbesNeedNoToken(String path) throws Exception {
        assertThat(call(filter, path, null).passed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/info", "/actuator", "/actuator/health/db",
            "/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus", "/actuator/health;x=1",
            "/actuator/health/", "/actuator/HEALTH"})
    void everyOtherActuatorPathIsRefusedWithoutTheTokenInTheContractsErrorStyle(String path) throws Exception {
        Outcome outcome = call(filter, path, null);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.response().getStatus()).isEqualTo(401);
        assertThat(outcome.response().getContentType()).startsWith("application/json");
        assertThat(outcome.response().getContentAsString())
                .isEqualTo("{\"error\":\"A valid scrape token is required\",\"code\":\"UNAUTHORIZED\"}");
        assertThat(outcome.response().getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"payment-hub\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER  " + TOKEN + " "})
    void theScrapeTokenAsBearerTokenOpensThem(String authorization) throws Exception {
        assertThat(call(filter, "/actuator/prometheus", authorization).passed()).isTrue();
        assertThat(call(filter, "/actuator/info", authorization).passed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer scrape-token-for-tests-012345678", "Bearer " + TOKEN + "0", "Bearer ", "Bearer",
            TOKEN, "Basic " + TOKEN, "Token " + TOKEN})
    void anythingElseIsRefused(String authorization) throws Exception {
        assertThat(call(filter, "/actuator/prometheus", authorization).response().getStatus()).isEqualTo(401);
    }

    @Test
    void withoutAConfiguredTokenNothingOpensThemAndOneWarningSaysSo() throws Exception {
        ActuatorAuthenticationFilter closed;
        try (LogCapture log = LogCapture.start()) {
            closed = new ActuatorAuthenticationFilter(new ScrapeTokenCheck("  "), adminKeys(), "/actuator");

            assertThat(log.matching(event -> event.getLevel() == Level.WARN)).singleElement()
                    .satisfies(event -> assertThat(event.getFormattedMessage())
                            .startsWith("hub.management.scrape-token is empty: every actuator endpoint but the health"
                                    + " probes answers 401"));
        }
        assertThat(call(closed, "/actuator/prometheus", "Bearer ").response().getStatus()).isEqualTo(401);
        assertThat(call(closed, "/actuator/prometheus", "Bearer   ").response().getStatus()).isEqualTo(401);
        assertThat(call(closed, "/actuator/health/readiness", null).passed()).isTrue();
    }

    @Test
    void aConfiguredTokenIsNeverLogged() {
        try (LogCapture log = LogCapture.start()) {
            new ScrapeTokenCheck(TOKEN).accepts("Bearer wrong");

            assertThat(log.events()).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(TOKEN));
        }
    }

    @Test
    void aBasePathOtherThanTheDefaultIsFollowed() throws Exception {
        ActuatorAuthenticationFilter atRoot = new ActuatorAuthenticationFilter(new ScrapeTokenCheck(TOKEN), adminKeys(), "");

        assertThat(call(atRoot, "/health/readiness", null).passed()).isTrue();
        assertThat(call(atRoot, "/prometheus", null).response().getStatus()).isEqualTo(401);
    }

    @Test
    void anAdminKeyPassesAsItsOperatorSoTheHealthEndpointShowsItTheComponentsAndAClientKeyDoesNot() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
        request.addHeader("Authorization", "Bearer " + ADMIN_KEY);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getUserPrincipal().getName()).isEqualTo("admin:ops");
        MockHttpServletRequest asClient = new MockHttpServletRequest("GET", "/actuator/health");
        asClient.addHeader("Authorization", "Bearer " + CLIENT_KEY);
        MockFilterChain clientChain = new MockFilterChain();
        filter.doFilter(asClient, new MockHttpServletResponse(), clientChain);
        assertThat(((jakarta.servlet.http.HttpServletRequest) clientChain.getRequest()).getUserPrincipal()).isNull();
        assertThat(call(filter, "/actuator/prometheus", "Bearer " + CLIENT_KEY).response().getStatus()).isEqualTo(401);
    }
}
