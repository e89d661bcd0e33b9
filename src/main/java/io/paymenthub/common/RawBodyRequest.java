package io.paymenthub.common;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as the routes see it: the body is the exact bytes {@link RawBodyRequestFilter} read (never
 * re-decoded as characters), a form Content-Type is shown as opaque bytes (platform-http would parse such a
 * body into parameters and fail on JSON), and query parameters cannot stand in for a header. platform-http
 * copies every query parameter into the message headers, where a bean reading {@code Authorization} or
 * {@code webhook-signature} cannot tell it from the real header: credentials and signatures come from the
 * HTTP headers only (contract section 3), so such parameters are not shown at all.
 */
final class RawBodyRequest extends HttpServletRequestWrapper {

    static final String FORM = "application/x-www-form-urlencoded";
    static final String OPAQUE = "application/octet-stream";

    /** Headers that carry credentials, signatures or client facts the hub relies on (lower case). */
    static final Set<String> HEADER_ONLY = Set.of(
            "authorization", "idempotency-key",
            "webhook-id", "webhook-timestamp", "webhook-signature", "stripe-signature", "x-webhook-signature",
            "x-forwarded-for", "forwarded", "user-agent", "accept-language",
            "content-type", "content-length", "content-encoding", "transfer-encoding", "host", "cookie");

    private final byte[] body;
    private final boolean form;
    private final Map<String, String[]> parameters;

    RawBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
        String contentType = request.getContentType();
        this.form = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM);
        Map<String, String[]> kept = new LinkedHashMap<>();
        // the body was read as bytes, so these are the query string's parameters only
        request.getParameterMap().forEach((name, values) -> {
            if (!isHeaderOnly(request, name)) {
                kept.put(name, values);
            }
        });
        this.parameters = Collections.unmodifiableMap(kept);
    }

    /** A header name, or a name the request also sends as a header: never taken from the query string. */
    private static boolean isHeaderOnly(HttpServletRequest request, String name) {
        return HEADER_ONLY.contains(name.toLowerCase(Locale.ROOT)) || request.getHeader(name) != null;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return bytes.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("The body has been read already");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        // only for a caller that insists on characters; the hub's own code reads the bytes
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getContentType() {
        return form ? OPAQUE : super.getContentType();
    }

    @Override
    public String getHeader(String name) {
        return form && isContentType(name) ? OPAQUE : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return form && isContentType(name) ? Collections.enumeration(List.of(OPAQUE)) : super.getHeaders(name);
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters.get(name);
    }

    private static boolean isContentType(String name) {
        return "content-type".equalsIgnoreCase(name);
    }
}
