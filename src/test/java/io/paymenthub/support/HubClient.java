package io.paymenthub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to a running hub over HTTP the way a platform or a merchant system would. */
public final class HubClient {

    public static final String TEST_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String OLD_TEST_SECRET = "whsec_dGVzdC1vbGQtc2VjcmV0LWZvci1yb3RhdGlvbi0xMjM0NQ==";
    public static final String TEST_API_KEY = "test-api-key-0123456789";
    /** The operator key of the test profile (hub.admin-api-keys). */
    public static final String TEST_ADMIN_KEY = "test-admin-key-0123456789";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every /api and /webhooks exchange is checked against the API document the hub ships. */
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final String baseUrl;
    private final WebhookSigner signer;

    public HubClient(int port) {
        this(port, TEST_SECRET);
    }

    public HubClient(int port, String secret) {
        this(port, new WebhookSigner(secret));
    }

    /** Signs its webhooks with {@code signer}, in that signer's scheme. */
    public HubClient(int port, WebhookSigner signer) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.signer = signer;
    }

    public Response sendWebhook(String body) {
        return sendWebhook("billing", body, Instant.now(), "application/json");
    }

    public Response sendWebhook(String provider, String body, Instant signedAt, String contentType) {
        return sendWebhook(provider, body, signedAt, contentType, new String[0]);
    }

    /** @param headers more request headers: name, value, name, value... */
    public Response sendWebhook(String provider, String body, Instant signedAt, String contentType, String... headers) {
        WebhookSigner.SignedWebhook signed = signer.sign(body, signedAt);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/" + provider))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signed.headers().forEach(request::header);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Response post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Response get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Response delete(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** A payment that does not exist, read with the given Authorization header: which keys the API accepts. */
    public Response getPaymentWith(String authorization) {
        return get("/api/payments/pay_no-such-payment", "Authorization", authorization);
    }

    public Response getPayment(String id) {
        return get("/api/payments/" + id, "Authorization", "Bearer " + TEST_API_KEY);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }
}
