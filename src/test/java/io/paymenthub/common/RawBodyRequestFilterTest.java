package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RawBodyRequestFilterTest {

    private static final byte[] BODY = "{\"eventId\":\"evt_1\",\"note\":\"a=b&c=d\"}".getBytes(StandardCharsets.UTF_8);

    private final RawBodyRequestFilter filter = new RawBodyRequestFilter(DataSize.ofKilobytes(1), DataSize.ofKilobytes(1), Duration.ofSeconds(5));

    private HttpServletRequest filter(String contentType) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/sandbox");
        request.setContentType(contentType);
        request.setContent(BODY);
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
        return (HttpServletRequest) chain.getRequest();
    }

    @Test
    void formEncodedRequestReachesChainAsOpaqueBytes() throws Exception {
        HttpServletRequest seen = filter("application/x-www-form-urlencoded; charset=UTF-8");

        assertThat(seen.getContentType()).isEqualTo("application/octet-stream");
        assertThat(seen.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(seen.getHeader("content-type")).isEqualTo("application/octet-stream");
        assertThat(Collections.list(seen.getHeaders("Content-Type"))).containsExactly("application/octet-stream");
        assertThat(seen.getInputStream().readAllBytes()).isEqualTo(BODY);
        assertThat(seen.getParameterMap()).isEmpty();
    }

    @Test
    void upperCaseFormContentTypeIsAlsoMadeOpaque() throws Exception {
        assertThat(filter("Application/X-WWW-Form-Urlencoded").getContentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void jsonRequestReachesChainWithItsContentTypeAndBytes() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/sandbox");
        request.setContentType("application/json");
        request.setContent(BODY);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest().getContentType()).isEqualTo("application/json");
        assertThat(chain.getRequest().getInputStream().readAllBytes()).isEqualTo(BODY);
    }
    @Test
    void bodyOverTheLimitIs413AndNeverReachesTheChain() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/payments");
        request.setContentType("application/json");
        request.setContent(new byte[1025]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"The request body is too large\",\"code\":\"PAYLOAD_TOO_LARGE\"}");
    }
    @Test
    void queryParametersNamedLikeCredentialHeadersAreNotShown() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/payments/p1");
        request.addParameter("Authorization", "Bearer key");
        request.addParameter("webhook-signature", "v1,abc");
        request.addParameter("Stripe-Signature", "t=1,v1=ab");
        request.addParameter("X-Trace", "from-the-url");
        request.addHeader("X-Trace", "from-the-header");
        request.addParameter("verify", "true");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        HttpServletRequest seen = (HttpServletRequest) chain.getRequest();
        assertThat(Collections.list(seen.getParameterNames())).containsExactly("verify");
        assertThat(seen.getParameterMap()).containsOnlyKeys("verify");
        assertThat(seen.getParameter("Authorization")).isNull();
        assertThat(seen.getParameterValues("webhook-signature")).isNull();
        assertThat(seen.getHeader("X-Trace")).isEqualTo("from-the-header");
    }
}
