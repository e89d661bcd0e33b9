package io.paymenthub.sandbox.cheqpay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.config.SandboxCredentials;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Cheqpay's rule that every API call carries the merchant's API key and merchant id: {@code x-api-key} and
 * {@code x-merchant-id}, or (as Cheqpay's prose has it) {@code Authorization: Bearer <api-key>} with
 * {@code x-merchant-id}. Compared in constant time against the sandbox's generated Cheqpay credentials. As an
 * interceptor it answers 401 before the body is read, whatever else is wrong with the request.
 */
public class CheqpayAuthentication implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final SandboxCredentials credentials;
    private final ObjectMapper json;

    public CheqpayAuthentication(SandboxCredentials credentials, ObjectMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        if (isAuthorized(apiKey(request), request.getHeader("x-merchant-id"))) {
            return true;
        }
        response.setStatus(401);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), CheqpayErrorBody.of("UNAUTHORIZED",
                "A valid x-api-key and x-merchant-id are required", List.of(), null));
        return false;
    }

    boolean isAuthorized(String apiKey, String merchantId) {
        // both compared, always, so the time taken tells nothing about which one was wrong
        boolean keyMatches = matches(credentials.cheqpayApiKey(), apiKey);
        boolean merchantMatches = matches(credentials.cheqpayMerchantId(), merchantId);
        return keyMatches & merchantMatches;
    }

    private static String apiKey(HttpServletRequest request) {
        String key = request.getHeader("x-api-key");
        if (key != null) {
            return key;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }

    private static boolean matches(String expected, String candidate) {
        return candidate != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }
}
