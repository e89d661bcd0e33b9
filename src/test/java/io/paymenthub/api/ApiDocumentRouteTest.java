package io.paymenthub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.paymenthub.support.ApiContract;
import io.paymenthub.support.HubRouteTestBase;
import org.junit.jupiter.api.Test;

/** The hub serves the API document it ships, to anyone: it describes the public contract and holds no secret. */
class ApiDocumentRouteTest extends HubRouteTestBase {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theDocumentIsServedAtOpenapiYamlWithoutAKey() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi.yaml"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        try (InputStream shipped = getClass().getClassLoader().getResourceAsStream(ApiContract.DOCUMENT)) {
            assertThat(response.body()).isEqualTo(shipped.readAllBytes());
        }
    }
}
