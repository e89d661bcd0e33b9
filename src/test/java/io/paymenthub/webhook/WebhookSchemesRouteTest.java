package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.WebhookSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each provider's own signature scheme through the real endpoint (contract section 2): the billing platform set
 * to {@code stripe}, and {@code cheqpay}, whose default is {@code hmac-sha256-hex}; each body in its provider's
 * own shape.
 */
class WebhookSchemesRouteTest extends HubRouteTestBase {

    private static final String SHOP_SECRET = "shop-stripe-secret-current";
    private static final String SHOP_OLD_SECRET = "shop-stripe-secret-older";
    private static final String CHEQPAY_SECRET = "cheqpay-webhook-secret-current";
    private static final String CHEQPAY_OLD_SECRET = "cheqpay-webhook-secret-older";

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        // the billing platform on the stripe scheme in this context (a scheme is a setting of any provider)
        registry.add("hub.providers.billing.webhook-scheme", () -> "stripe");
        registry.add("hub.providers.billing.webhook-secrets", () -> SHOP_SECRET + "," + SHOP_OLD_SECRET);
        // no webhook-scheme: Cheqpay's default
        registry.add("hub.providers.cheqpay.webhook-secrets", () -> CHEQPAY_SECRET + "," + CHEQPAY_OLD_SECRET);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    HubClient shop;
    HubClient cheqpay;

    @BeforeEach
    void clients() {
        shop = new HubClient(port, WebhookSigner.stripe(SHOP_SECRET));
        cheqpay = new HubClient(port, WebhookSigner.hmacSha256Hex(CHEQPAY_SECRET));
    }

    @Test
    void aStripeSignedWebhookIsAcceptedAndRecordedForItsProvider() {
        String eventId = newEventId();

        Response response = shop.sendWebhook("billing", event(eventId), Instant.now(), "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"received\":true}");
        assertThat(recordedEvents("billing", eventId)).isEqualTo(1);
    }

    @Test
    void aStripeWebhookWithAWrongSecretAStaleTimestampOrAnotherSchemeIs401AndNotRecorded() {
        String wrongSecret = newEventId();
        String stale = newEventId();
        String standardWebhooks = newEventId();

        Response wrong = new HubClient(port, WebhookSigner.stripe("not-the-shop-secret"))
                .sendWebhook("billing", event(wrongSecret), Instant.now(), "application/json");
        Response old = shop.sendWebhook("billing", event(stale), Instant.now().minus(Duration.ofMinutes(6)), "application/json");
        // the billing platform's scheme with the same secret bytes is still not this provider's scheme
        Response otherScheme = new HubClient(port, "whsec_" + java.util.Base64.getEncoder()
                .encodeToString(SHOP_SECRET.getBytes(StandardCharsets.UTF_8)))
                .sendWebhook("billing", event(standardWebhooks), Instant.now(), "application/json");

        for (Response response : new Response[] {wrong, old, otherScheme}) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.json().path("code").asText()).isEqualTo("INVALID_SIGNATURE");
            assertThat(response.json().path("error").asText()).isEqualTo("Invalid signature");
        }
        assertThat(recordedEvents("billing", wrongSecret) + recordedEvents("billing", stale) + recordedEvents("billing", standardWebhooks))
                .isZero();
    }

    @Test
    void aStripeSignatureInTheQueryStringInsteadOfTheHeaderIs401() {
        String eventId = newEventId();
        String body = event(eventId);
        String signature = WebhookSigner.stripe(SHOP_SECRET).sign(body, Instant.now()).signature();

        Response response = shop.post("/webhooks/billing?Stripe-Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8),
                body, "Content-Type", "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(recordedEvents("billing", eventId)).isZero();
    }

    @Test
    void aCheqpayWebhookSignedWithHexHmacIsAcceptedByDefaultWhateverTheCaseOfHeaderNameAndHex() {
        String lowerCase = newEventId();
        String upperCase = newEventId();
        String upperCaseBody = cheqpayEvent(upperCase);
        String upperHex = WebhookSigner.hmacSha256Hex(CHEQPAY_SECRET).sign(upperCaseBody, Instant.now())
                .signature().toUpperCase(Locale.ROOT);

        Response signed = cheqpay.sendWebhook("cheqpay", cheqpayEvent(lowerCase), Instant.now(), "application/json");
        Response shouted = cheqpay.post("/webhooks/cheqpay", upperCaseBody,
                "Content-Type", "application/json", "X-WEBHOOK-SIGNATURE", upperHex);

        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
        assertThat(shouted.status()).as(shouted.body()).isEqualTo(200);
        assertThat(recordedEvents("cheqpay", lowerCase)).isEqualTo(1);
        assertThat(recordedEvents("cheqpay", upperCase)).isEqualTo(1);
    }

    @Test
    void aCheqpayWebhookWithAWrongOrMissingSignatureOrATamperedBodyIs401AndNotRecorded() {
        String wrongSecret = newEventId();
        String unsigned = newEventId();
        String tampered = newEventId();
        String signedForOther = WebhookSigner.hmacSha256Hex(CHEQPAY_SECRET).sign(cheqpayEvent(newEventId()), Instant.now()).signature();

        Response wrong = new HubClient(port, WebhookSigner.hmacSha256Hex("not-cheqpays-secret"))
                .sendWebhook("cheqpay", cheqpayEvent(wrongSecret), Instant.now(), "application/json");
        Response missing = cheqpay.post("/webhooks/cheqpay", cheqpayEvent(unsigned), "Content-Type", "application/json");
        Response changed = cheqpay.post("/webhooks/cheqpay", cheqpayEvent(tampered),
                "Content-Type", "application/json", "x-webhook-signature", signedForOther);

        for (Response response : new Response[] {wrong, missing, changed}) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.json().path("code").asText()).isEqualTo("INVALID_SIGNATURE");
        }
        assertThat(recordedEvents("cheqpay", wrongSecret) + recordedEvents("cheqpay", unsigned)
                + recordedEvents("cheqpay", tampered)).isZero();
    }

    @Test
    void theSecretThatMatchedIsCountedByItsPositionInTheConfiguredList() {
        double currentBefore = matched("cheqpay", "0");
        double olderBefore = matched("cheqpay", "1");
        double shopOlderBefore = matched("billing", "1");

        Response older = new HubClient(port, WebhookSigner.hmacSha256Hex(CHEQPAY_OLD_SECRET))
                .sendWebhook("cheqpay", cheqpayEvent(newEventId()), Instant.now(), "application/json");
        Response shopOlder = new HubClient(port, WebhookSigner.stripe(SHOP_OLD_SECRET))
                .sendWebhook("billing", event(newEventId()), Instant.now(), "application/json");
        // refused: counts nothing here
        new HubClient(port, WebhookSigner.hmacSha256Hex("stranger")).sendWebhook("cheqpay", cheqpayEvent(newEventId()),
                Instant.now(), "application/json");

        assertThat(older.status()).as(older.body()).isEqualTo(200);
        assertThat(shopOlder.status()).as(shopOlder.body()).isEqualTo(200);
        assertThat(matched("cheqpay", "1")).isEqualTo(olderBefore + 1);
        assertThat(matched("cheqpay", "0")).isEqualTo(currentBefore);
        assertThat(matched("billing", "1")).isEqualTo(shopOlderBefore + 1);
        String prometheus = shop.get("/actuator/prometheus").body();
        assertThat(prometheus)
                .containsPattern("billing_webhook_secret_matched_total\\{[^}]*provider=\"cheqpay\"[^}]*secret_index=\"1\"[^}]*} [1-9]")
                .containsPattern("billing_webhook_secret_matched_total\\{[^}]*provider=\"billing\"[^}]*secret_index=\"1\"[^}]*} [1-9]")
                .doesNotContain(CHEQPAY_OLD_SECRET).doesNotContain(SHOP_OLD_SECRET);
    }

    private double matched(String provider, String secretIndex) {
        Counter counter = meters.find("billing.webhook.secret.matched")
                .tags("provider", provider, "secret_index", secretIndex).counter();
        return counter == null ? 0 : counter.count();
    }

    private int recordedEvents(String provider, String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE provider = ? AND event_id = ?",
                Integer.class, provider, eventId);
    }

    private static String newEventId() {
        return "evt_" + UUID.randomUUID();
    }

    /** The billing platform's event shape (see the class comment). */
    /** A Cheqpay webhook body (contract 5b). */
    private static String cheqpayEvent(String eventId) {
        return "{\"id\":\"" + eventId + "\",\"event\":\"payment.auth.pending\",\"data\":{\"paymentOrder\":"
                + "{\"id\":\"ord_" + eventId + "\",\"externalId\":\"order_" + eventId + "\",\"status\":\"PENDING\","
                + "\"amount\":5000,\"currency\":\"MXN\",\"refundedAmount\":0}}}";
    }

    private static String event(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.pending\",\"createdAt\":\"" + Instant.now()
                + "\",\"data\":{\"paymentId\":\"pay_" + eventId + "\",\"amount\":5000,\"currency\":\"EUR\"}}";
    }
}
