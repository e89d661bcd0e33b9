package io.paymenthub.management;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;

import io.paymenthub.api.AdminKeys;
import io.paymenthub.common.ContractErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every actuator endpoint: the health probes and the health summary pass (orchestrators and load
 * balancers call them without credentials, and the prod profile shows no details there), everything else needs
 * the scrape token ({@link ScrapeTokenCheck}) or an admin key, or is answered 401 in the contract's JSON error style.
 * A request with an admin key ({@code hub.admin-api-keys}) goes on as that operator's (its user principal), which is
 * what {@code management.endpoint.health.show-details: when-authorized} (the prod profile) shows the health
 * components to (contract section 1: in prod, components only with an admin key).
 * <p>
 * A path passes only when the request's raw URI is exactly one of the open paths: an encoded, dotted or
 * parameterised variant of it needs the token like any other actuator path, so no spelling reaches another
 * endpoint through the open ones.
 */
public class ActuatorAuthenticationFilter extends OncePerRequestFilter {

    private final ScrapeTokenCheck tokens;
    private final AdminKeys adminKeys;
    private final Set<String> openPaths;

    /** @param basePath the actuator's base path within the server's context path, e.g. {@code /actuator} */
    public ActuatorAuthenticationFilter(ScrapeTokenCheck tokens, AdminKeys adminKeys, String basePath) {
        this.tokens = tokens;
        this.adminKeys = adminKeys;
        this.openPaths = Set.of(basePath + "/health", basePath + "/health/liveness", basePath + "/health/readiness");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<String> operator = adminKeys.operatorOf(request.getHeader("Authorization"));
        if (operator.isPresent()) {
            Principal principal = () -> "admin:" + operator.get();
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public Principal getUserPrincipal() {
                    return principal;
                }
            }, response);
            return;
        }
        if (openPaths.contains(path) || tokens.accepts(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        // RFC 6750: the scheme the client should use
        response.setHeader("WWW-Authenticate", "Bearer realm=\"payment-hub\"");
        ContractErrorBody.write(response, 401, "UNAUTHORIZED", "A valid scrape token is required", false);
    }
}
