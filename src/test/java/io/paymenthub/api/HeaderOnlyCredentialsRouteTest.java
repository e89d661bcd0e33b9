package io.paymenthub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.webhook.StandardWebhookSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials and signatures come from the HTTP headers only (contract sections 2 and 3): platform-http copies
 * query parameters into the message headers, and a key in a URL ends up in every proxy's log.
 */
class HeaderOnlyCredentialsRouteTest extends HubRouteTestBase {

    private static final StandardWebhookSignature SIGNER = StandardWebhookSignature.forSecrets(List.of(HubClient.TEST_SECRET));

    HubClient hub;

    @BeforeEach
    void client() {
        hub = new HubClient(port);
    }

    @Test
    void apiKeyInTheQueryStringIsRefused401() {
        String key = encode("Bearer " + HubClient.TEST_API_KEY);

        Response upper = hub.get("/api/payments/" + UUID.randomUUID() + "?Authorization=" + key);
        Response lower = hub.get("/api/payments/" + UUID.randomUUID() + "?authorization=" + key);
        Response create = hub.post("/api/payments?Authorization=" + key, "{}", "Content-Type", "application/json");

        for (Response response : List.of(upper, lower, create)) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.json().path("code").asText()).isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void apiKeyInTheHeaderStillWorksAndAQueryCopyDoesNotDisturbIt() {
        Response plain = hub.getPayment(UUID.randomUUID().toString());
        Response withQueryCopy = hub.get("/api/payments/" + UUID.randomUUID() + "?Authorization=" + encode("Bearer wrong"),
                "Authorization", "Bearer " + HubClient.TEST_API_KEY);

        assertThat(plain.status()).isEqualTo(404);
        assertThat(withQueryCopy.status()).as(withQueryCopy.body()).isEqualTo(404);
    }

    @Test
    void webhookSignedThroughTheQueryStringIsRefused401() {
        String eventId = "evt_" + UUID.randomUUID();
        String body = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.succeeded\",\"data\":{\"paymentId\":\"pay_" + eventId + "\"}}";
        String id = "msg_" + eventId;
        long timestamp = Instant.now().getEpochSecond();
        String signature = SIGNER.sign(id, timestamp, body.getBytes(StandardCharsets.UTF_8));

        Response response = hub.post("/webhooks/billing?webhook-id=" + encode(id) + "&webhook-timestamp=" + timestamp
                + "&webhook-signature=" + encode(signature), body, "Content-Type", "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().path("code").asText()).isEqualTo("INVALID_SIGNATURE");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
