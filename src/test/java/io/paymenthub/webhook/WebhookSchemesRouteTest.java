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
 * Each provider's own signature scheme through the real endpoint (contract section 2): a provider set to
 * {@code stripe}, and {@code cheqpay}, whose default is {@code hmac-sha256-hex}. The bodies are in the billing
 * platform's shape, which the event parser reads for every provider today; once it reads each provider's own
 * shape, the Cheqpay bodies here become Cheqpay's ({@code id}, {@code event}).
 */
class WebhookSchemesRouteTest extends HubRouteTestBase {

    private static final String SHOP_SECRET = "shop-stripe-secret-current";
    private static final String SHOP_OLD_SECRET = "shop-stripe-secret-older";
    private static final String CHEQPAY_SECRET = "cheqpay-webhook-secret-current";
    private static final String CHEQPAY_OLD_SECRET = "cheqpay-webhook-secret-older";

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hub.providers.shop.webhook-scheme", () -> "stripe");
        registry.add("hub.providers.shop.webhook-secrets", () -> SHOP_SECRET + "," + SHOP_OLD_SECRET);
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

        Response response = shop.sendWebhook("shop", event(eventId), Instant.now(), "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"received\":true}");
        assertThat(recordedEvents("shop", eventId)).isEqualTo(1);
    }

    @Test
    void aStripeWebhookWithAWrongSecretAStaleTimestampOrAnotherSchemeIs401AndNotRecorded() {
        String wrongSecret = newEventId();
        String stale = newEventId();
        String standardWebhooks = newEventId();

        Response wrong = new HubClient(port, WebhookSigner.stripe("not-the-shop-secret"))
                .sendWebhook("shop", event(wrongSecret), Instant.now(), "application/json");
        Response old = shop.sendWebhook("shop", event(stale), Instant.now().minus(Duration.ofMinutes(6)), "application/json");
        // the billing platform's scheme with the same secret bytes is still not this provider's scheme
        Response otherScheme = new HubClient(port, "whsec_" + java.util.Base64.getEncoder()
                .encodeToString(SHOP_SECRET.getBytes(StandardCharsets.UTF_8)))
                .sendWebhook("shop", event(standardWebhooks), Instant.now(), "application/json");

        for (Response response : new Response[] {wrong, old, otherScheme}) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.json().path("code").asText()).isEqualTo("INVALID_SIGNATURE");
            assertThat(response.json().path("error").asText()).isEqualTo("Invalid signature");
        }
        assertThat(recordedEvents("shop", wrongSecret) + recordedEvents("shop", stale) + recordedEvents("shop", standardWebhooks))
                .isZero();
    }

    @Test
    void aStripeSignatureInTheQueryStringInsteadOfTheHeaderIs401() {
        String eventId = newEventId();
        String body = event(eventId);
        String signature = WebhookSigner.stripe(SHOP_SECRET).sign(body, Instant.now()).signature();

        Response response = shop.post("/webhooks/shop?Stripe-Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8),
                body, "Content-Type", "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(recordedEvents("shop", eventId)).isZero();
    }

    @Test
    void aCheqpayWebhookSignedWithHexHmacIsAcceptedByDefaultWhateverTheCaseOfHeaderNameAndHex() {
        String lowerCase = newEventId();
        String upperCase = newEventId();
        String upperCaseBody = event(upperCase);
        String upperHex = WebhookSigner.hmacSha256Hex(CHEQPAY_SECRET).sign(upperCaseBody, Instant.now())
                .signature().toUpperCase(Locale.ROOT);

        Response signed = cheqpay.sendWebhook("cheqpay", event(lowerCase), Instant.now(), "application/json");
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
        String signedForOther = WebhookSigner.hmacSha256Hex(CHEQPAY_SECRET).sign(event(newEventId()), Instant.now()).signature();

        Response wrong = new HubClient(port, WebhookSigner.hmacSha256Hex("not-cheqpays-secret"))
                .sendWebhook("cheqpay", event(wrongSecret), Instant.now(), "application/json");
        Response missing = cheqpay.post("/webhooks/cheqpay", event(unsigned), "Content-Type", "application/json");
        Response changed = cheqpay.post("/webhooks/cheqpay", event(tampered),
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
        double shopOlderBefore = matched("shop", "1");

        Response older = new HubClient(port, WebhookSigner.hmacSha256Hex(CHEQPAY_OLD_SECRET))
                .sendWebhook("cheqpay", event(newEventId()), Instant.now(), "application/json");
        Response shopOlder = new HubClient(port, WebhookSigner.stripe(SHOP_OLD_SECRET))
                .sendWebhook("shop", event(newEventId()), Instant.now(), "application/json");
        // refused: counts nothing here
        new HubClient(port, WebhookSigner.hmacSha256Hex("stranger")).sendWebhook("cheqpay", event(newEventId()),
                Instant.now(), "application/json");

        assertThat(older.status()).as(older.body()).isEqualTo(200);
        assertThat(shopOlder.status()).as(shopOlder.body()).isEqualTo(200);
        assertThat(matched("cheqpay", "1")).isEqualTo(olderBefore + 1);
        assertThat(matched("cheqpay", "0")).isEqualTo(currentBefore);
        assertThat(matched("shop", "1")).isEqualTo(shopOlderBefore + 1);
        String prometheus = shop.get("/actuator/prometheus").body();
        assertThat(prometheus)
                .containsPattern("billing_webhook_secret_matched_total\\{[^}]*provider=\"cheqpay\"[^}]*secret_index=\"1\"[^}]*} [1-9]")
                .containsPattern("billing_webhook_secret_matched_total\\{[^}]*provider=\"shop\"[^}]*secret_index=\"1\"[^}]*} [1-9]")
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
    private static String event(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"payment.pending\",\"createdAt\":\"" + Instant.now()
                + "\",\"data\":{\"paymentId\":\"pay_" + eventId + "\",\"amount\":5000,\"currency\":\"EUR\"}}";
    }
}
