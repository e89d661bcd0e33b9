package io.paymenthub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain JSON calls to a running hub (its API, or its sandbox platforms), with headers as given: every answer must
 * be JSON, whatever its status (contract: every response of the process is JSON).
 */
public final class JsonHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every /api and /webhooks exchange is checked against the API document the hub ships. */
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    private final int port;

    public JsonHttp(int port) {
        this.port = port;
    }

    /** @param headers name, value, name, value… */
    public Answer call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).as(path)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response.body());
    }

    /** A JSON answer: its status, its body read, and its raw text (to check what it must never contain). */
    public record Answer(int status, JsonNode body, String raw) {
    }
}
