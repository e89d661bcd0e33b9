package io.paymenthub.common;

import io.paymenthub.support.ApiContract;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.webhook.StandardWebhookSignature;
import org.junit.jupiter.api.Test;

/**
 * The request body as the routes get it (contract sections 2 and 3): the exact bytes that were sent, bounded
 * while they are read, and judged by the parsers, never by a character decoder before them.
 */
class RequestBodyRouteTest extends HubRouteTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StandardWebhookSignature SIGNER = StandardWebhookSignature.forSecrets(List.of(HubClient.TEST_SECRET));

    // every /api and /webhooks exchange is checked against the API document the hub ships
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

    @Test
    void chunkedWebhookOverTheLimitIs413WhileTheUploadIsStillGoing() throws Exception {
        try (Socket socket = RawHttp.open(port, 10_000)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                // 1.25 MB of a body without end: over the 1 MB limit, and never finished
                for (int i = 0; i < 20; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedByTheHub) {
                // the hub may answer and close before the last chunk: the answer is what counts
            }

            RawHttp.Response response = RawHttp.read(socket.getInputStream());

            assertThat(response.status()).as(response.body()).isEqualTo(413);
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.json().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void apiBodyOverTheLimitIs413BeforeAuthentication() throws Exception {
        byte[] body = ("{\"description\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/api/payments", body, "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void signedWebhookThatIsNotUtf8Is400MalformedEvent() throws Exception {
        byte[] body = {(byte) 0xff, (byte) 0xfe, '{', '}'};

        HttpResponse<String> response = signedWebhook(body, "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response).path("code").asText()).isEqualTo("MALFORMED_EVENT");
    }

    @Test
    void apiBodyThatIsNotUtf8Is400MalformedJson() throws Exception {
        HttpResponse<String> response = post("/api/payments", new byte[] {(byte) 0xff},
                "Content-Type", "application/json", "Authorization", "Bearer " + HubClient.TEST_API_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response).path("code").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void latin1EventIsVerifiedOverTheBytesSentAndAccepted() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        byte[] body = ("{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"createdAt\":\"" + Instant.now()
                + "\",\"data\":{\"paymentId\":\"pay_" + eventId + "\",\"userId\":\"María González\",\"amount\":5000,"
                + "\"currency\":\"EUR\"}}").getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> response = signedWebhook(body, "application/json; charset=iso-8859-1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("received").asBoolean()).isTrue();
    }

    private HttpResponse<String> signedWebhook(byte[] body, String contentType) throws Exception {
        String id = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        return post("/webhooks/billing", body, "Content-Type", contentType, "webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp), "webhook-signature", SIGNER.sign(id, timestamp, body));
    }

    private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).headers(headers)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(response.body());
    }
}
