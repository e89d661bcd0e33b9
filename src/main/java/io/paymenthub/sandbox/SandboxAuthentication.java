package io.paymenthub.sandbox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The platform's rule that every call but login needs {@code Authorization: Bearer <valid unexpired JWT>}.
 * As an interceptor it answers 401 before the request body is even read, so a caller without a token
 * learns that first, whatever else is wrong with its request.
 */
public class SandboxAuthentication implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final SandboxTokens tokens;
    private final ObjectMapper json;

    public SandboxAuthentication(SandboxTokens tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (hasValidToken(request.getHeader("Authorization"))) {
            return true;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", "A valid, unexpired access token is required");
        body.put("code", "UNAUTHORIZED");
        body.put("message", "A valid, unexpired access token is required");
        response.setStatus(401);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
        return false;
    }

    boolean hasValidToken(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && tokens.isValid(authorization.substring(BEARER.length()).trim());
    }
}
