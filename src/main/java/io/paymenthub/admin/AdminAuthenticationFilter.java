package io.paymenthub.admin;

import java.io.IOException;
import java.util.Optional;

import io.paymenthub.api.AdminKeys;
import io.paymenthub.common.ContractErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the whole admin API ({@code /api/admin/**}, contract section 8): only an admin key of
 * {@code hub.admin-api-keys} passes. No key or an unknown one is 401, a client key of {@code hub.api-keys} is 403
 * (client keys never work there). The key is checked before the path is looked up, so an unknown admin path tells
 * a caller without a key nothing (401, not 404). The operator's name goes on as the request attribute
 * {@value #OPERATOR}, for the routes' audit lines.
 */
public class AdminAuthenticationFilter extends OncePerRequestFilter {

    /** The request attribute (and, in the routes, the header) naming the operator whose key was presented. */
    public static final String OPERATOR = "hubOperator";

    private final AdminKeys adminKeys;

    public AdminAuthenticationFilter(AdminKeys adminKeys) {
        this.adminKeys = adminKeys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        Optional<String> operator = adminKeys.operatorOf(authorization);
        if (operator.isPresent()) {
            request.setAttribute(OPERATOR, operator.get());
            chain.doFilter(request, response);
            return;
        }
        if (adminKeys.isClientKey(authorization)) {
            ContractErrorBody.write(response, 403, "FORBIDDEN", "The admin API needs an admin key; client keys never work here", false);
            return;
        }
        // RFC 6750: the scheme the client should use
        response.setHeader("WWW-Authenticate", "Bearer realm=\"payment-hub-admin\"");
        ContractErrorBody.write(response, 401, "UNAUTHORIZED", "A valid admin API key is required", false);
    }
}
