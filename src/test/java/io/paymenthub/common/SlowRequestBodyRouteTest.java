package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.WebhookSigner;
import io.paymenthub.support.HubRouteTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Slowloris (issue 6, 11b): clients that send their bodies slowly hold a connection, never one of the threads
 * that run the exchanges, and are answered 408 once the body deadline (hub.http.body-timeout, 10 s) has passed.
 */
class SlowRequestBodyRouteTest extends HubRouteTestBase {

    /** More than the 64 threads of the exchange pool. */
    private static final int STALLED = 80;

    @Autowired
    MeterRegistry meters;

    @Test
    void stalledBodiesDoNotStopOtherRequestsAndAreAnswered408() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                Socket socket = RawHttp.open(port, 30_000);
                socket.getOutputStream().write(("POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"eventId\":").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }

            long started = System.nanoTime();
            HubClient.Response other = new HubClient(port).getPayment(UUID.randomUUID().toString());
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(other.status()).isEqualTo(404);
            assertThat(tookMillis).as("a request beside %d stalled bodies", STALLED).isLessThan(3_000);
            for (Socket socket : stalled) {
                RawHttp.Response response = RawHttp.read(socket.getInputStream());
                assertThat(response.status()).as(response.body()).isEqualTo(408);
                assertThat(response.contentType()).startsWith("application/json");
                assertThat(response.json().path("code").asText()).isEqualTo("REQUEST_TIMEOUT");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyWhoseFirstPartCameWithTheHeadersAndTheRestLaterIsTakenWhole() throws Exception {
        String eventId = "evt_pieces_" + UUID.randomUUID();
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.pending\",\"data\":{\"paymentId\":\"pay_pieces\"}}";
        WebhookSigner.SignedWebhook signed = new WebhookSigner(HubClient.TEST_SECRET).sign(body, Instant.now());
        StringBuilder head = new StringBuilder("POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n");
        signed.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        int half = body.length() / 2;
        try (Socket socket = RawHttp.open(port, 30_000)) {
            // the first half with the headers (what the container holds at once), the rest only after a pause
            socket.getOutputStream().write((head + "\r\n" + body.substring(0, half)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(300);
            socket.getOutputStream().write(body.substring(half).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            RawHttp.Response response = RawHttp.read(socket.getInputStream());

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("received").asBoolean()).isTrue();
            assertThat(response.json().has("duplicate")).isFalse();
        }
    }

    /**
     * A request whose body is read asynchronously is still measured in http_server_requests, under its route's uri:
     * the observation must start before the body filter takes the request asynchronous (the alert
     * WebhookEndpointServerErrors counts the webhook endpoint's answers there).
     */
    @Test
    void aWebhookWhoseBodyCameAfterItsHeadersIsMeasuredInHttpServerRequests() throws Exception {
        String body = "{\"eventId\":\"evt_later_" + UUID.randomUUID() + "\",\"eventType\":\"payment.pending\","
                + "\"data\":{\"paymentId\":\"pay_later\"}}";
        WebhookSigner.SignedWebhook signed = new WebhookSigner(HubClient.TEST_SECRET).sign(body, Instant.now());
        StringBuilder head = new StringBuilder("POST /webhooks/billing HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n");
        signed.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        long before = webhookAnswers("200");
        try (Socket socket = RawHttp.open(port, 30_000)) {
            socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(300);
            socket.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> webhookAnswers("200") == before + 1);
    }

    private long webhookAnswers(String status) {
        return meters.find("http.server.requests").tag("uri", "/webhooks/{provider}").tag("status", status).timers().stream()
                .mapToLong(Timer::count).sum();
    }
}
