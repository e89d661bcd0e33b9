package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import io.paymenthub.support.HubRouteTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that Tomcat refuses before the hub sees them (contract: every error is JSON): written as raw bytes,
 * since no HTTP client sends them. Each must come back 4xx with the contract's {"error","code"} body.
 */
class ProtocolErrorResponseTest extends HubRouteTestBase {

    private static final String BIG = "x".repeat(9000);

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("encoded slash in the path", "GET /api/payments/a%2Fb HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("encoded backslash in the path", "GET /api/payments/a%5Cb HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("encoded NUL in the path", "GET /api/payments/a%00b HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("raw < in the path", "GET /api/payments/<x> HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("raw | in the path", "GET /api/payments/a|b HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("raw { in the path", "GET /api/payments/{x} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("dot segments above the root", "GET /../api/payments HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("header over 8 KB", "GET /api/payments/x HTTP/1.1\r\nHost: hub\r\nX-Big: " + BIG + "\r\nConnection: close\r\n\r\n"),
                Arguments.of("bare CR in a header", "GET /api/payments/x HTTP/1.1\r\nHost: hub\r\nX-A: a\rb\r\nConnection: close\r\n\r\n"),
                Arguments.of("header without a colon", "GET /api/payments/x HTTP/1.1\r\nHost: hub\r\nbroken header\r\nConnection: close\r\n\r\n"),
                Arguments.of("two Content-Lengths", "POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}"),
                Arguments.of("no Host header in HTTP/1.1", "GET /api/payments/x HTTP/1.1\r\nConnection: close\r\n\r\n"),
                Arguments.of("two Host headers", "GET /api/payments/x HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"),
                Arguments.of("unknown HTTP version", "GET /api/payments/x HTTP/9.9\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("unsupported transfer encoding", "POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n"),
                Arguments.of("chunked that is not last", "POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked, gzip\r\nConnection: close\r\n\r\n"),
                Arguments.of("bad chunk size", "POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("CONNECT", "CONNECT hub:443 HTTP/1.1\r\nHost: hub:443\r\nConnection: close\r\n\r\n"),
                Arguments.of("TRACE", "TRACE /api/payments HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("OPTIONS *", "GET * HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("method with a bad token", "G(T /api/payments HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("bad content length", "POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nContent-Length: abc\r\nConnection: close\r\n\r\n"),
                Arguments.of("Content-Length and chunked together", "POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("request line over 8 KB", "GET /api/payments/" + BIG + " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("broken percent encoding", "GET /api/payments/%zz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("encoded dot segments", "GET /api/%2e%2e/%2e%2e/actuator HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"),
                Arguments.of("encoded slash in a webhook path", "POST /webhooks/bil%2Fling HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
                Arguments.of("space in a header name", "GET /api/payments/x HTTP/1.1\r\nHost: hub\r\nX Bad: a\r\nConnection: close\r\n\r\n"),
                Arguments.of("NUL in a header value", "GET /api/payments/x HTTP/1.1\r\nHost: hub\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n"),
                Arguments.of("bad characters in Host", "GET /api/payments/x HTTP/1.1\r\nHost: hu b<>\r\nConnection: close\r\n\r\n"),
                Arguments.of("unsupported method", "BREW /api/payments HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void protocolErrorIsAnsweredAs4xxContractJson(String description, String request) throws Exception {
        RawHttp.Response response = RawHttp.exchange(port, request);

        assertThat(response.status()).as(response.statusLine() + " " + response.body()).isBetween(400, 499);
        assertThat(response.contentType()).as(response.statusLine() + " " + response.body()).startsWith("application/json");
        assertThat(response.json().path("error").isTextual()).as(response.body()).isTrue();
        assertThat(response.json().path("code").asText()).as(response.body()).matches("[A-Z_]+");
        assertThat(response.body()).doesNotContain("<html", "Tomcat", "Exception");
    }
}
