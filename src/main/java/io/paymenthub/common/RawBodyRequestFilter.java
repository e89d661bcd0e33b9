package io.paymenthub.common;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Webhook and API bodies are JSON whatever Content-Type the sender declared (curl -d says form
 * encoding). platform-http would parse a form-typed body into parameters and fail on JSON, so such a
 * request is shown to it as opaque bytes; the routes read and judge the raw body themselves.
 */
public class RawBodyRequestFilter extends OncePerRequestFilter {

    static final String FORM = "application/x-www-form-urlencoded";
    static final String OPAQUE = "application/octet-stream";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            chain.doFilter(new OpaqueBodyRequest(request), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class OpaqueBodyRequest extends HttpServletRequestWrapper {

        OpaqueBodyRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return OPAQUE;
        }

        @Override
        public String getHeader(String name) {
            return isContentType(name) ? OPAQUE : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isContentType(name) ? Collections.enumeration(java.util.List.of(OPAQUE)) : super.getHeaders(name);
        }

        private static boolean isContentType(String name) {
            return "content-type".equalsIgnoreCase(name);
        }
    }
}
