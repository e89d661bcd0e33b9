package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import org.junit.jupiter.api.Test;

/**
 * Slowloris (issue 6, 11b): clients that send their bodies slowly hold a connection, never one of the threads
 * that run the exchanges, and are answered 408 once the body deadline (hub.http.body-timeout, 10 s) has passed.
 */
class SlowRequestBodyRouteTest extends HubRouteTestBase {

    /** More than the 64 threads of the exchange pool. */
    private static final int STALLED = 80;

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
}
