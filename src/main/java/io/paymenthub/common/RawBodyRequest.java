package io.paymenthub.common;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as the routes see it: the body is the exact bytes {@link RawBodyRequestFilter} read (never
 * re-decoded as characters), and a form Content-Type is shown as opaque bytes (platform-http would parse such a
 * body into parameters and fail on JSON).
 */
final class RawBodyRequest extends HttpServletRequestWrapper {

    static final String FORM = "application/x-www-form-urlencoded";
    static final String OPAQUE = "application/octet-stream";

    private final byte[] body;
    private final boolean form;

    RawBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
        String contentType = request.getContentType();
        this.form = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM);
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

    private static boolean isContentType(String name) {
        return "content-type".equalsIgnoreCase(name);
    }
}
