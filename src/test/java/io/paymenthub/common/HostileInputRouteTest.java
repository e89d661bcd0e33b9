package io.paymenthub.common;

import io.paymenthub.support.ApiContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.WebhookSigner;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * The bad-input part of the fault suite (issue 6): at least 1,000 generated hostile requests over every endpoint,
 * each answered 4xx with the contract's JSON error, and no row added or removed in any table; hostile
 * payments.requests messages go to their DLQ at once, with the reason. The generator is seeded (property
 * {@code hub.hostile.seed}) so a failure can be replayed exactly; each case names what it tried.
 */
class HostileInputRouteTest extends HubRouteTestBase {

    private static final long SEED = Long.getLong("hub.hostile.seed", 20261201L);
    private static final int REQUESTS = 1200;
    private static final List<String> TABLES = List.of("payments", "refunds", "webhook_events", "payment_events", "outbox_messages");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Characters no stored field may hold: NUL and other controls, lone surrogates, non-characters. */
    private static final String[] BAD_CHARACTERS = {"\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\ud800", "\udfff", "\uffff", "\ufffe"};
    /** Also refused in identifiers: they make two different ids look alike. */
    private static final String[] BAD_IN_IDENTIFIERS = {"\u200b", "\u202e", "\n", "\t"};
    private static final String XSS = "<script>alert(1)</script>";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PaymentRegistry registry;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("${hub.queues.payment-requests}")
    String paymentRequests;

    // every /api and /webhooks exchange is checked against the API document the hub ships
    private final HttpClient http = ApiContract.checking(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build());
    private final WebhookSigner signer = new WebhookSigner(HubClient.TEST_SECRET);
    private final WebhookSigner strangerSigner = new WebhookSigner("whsec_c3RyYW5nZXItc2VjcmV0LW5vdC1jb25maWd1cmVkLTAx");
    private Random random;
    private Payment succeeded;
    private Payment failed;

    record Hostile(String name, String method, String path, byte[] body, List<String> headers) {
        @Override
        public String toString() {
            return method + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path) + " [" + name + "]";
        }
    }

    @BeforeEach
    void payments() {
        random = new Random(SEED);
        succeeded = payment(PaymentStatus.SUCCEEDED);
        failed = payment(PaymentStatus.FAILED);
    }

    @Test
    void everyHostileRequestIsAnswered4xxWithAJsonErrorAndChangesNoTable() {
        List<Supplier<Hostile>> generators = List.of(this::hostilePayment, this::hostilePayment, this::hostilePayment,
                this::unauthenticated, this::hostileRefund, this::hostileRefund, this::hostileCancel, this::hostileGet,
                this::hostileList, this::hostileSignedWebhook, this::hostileSignedWebhook, this::unsignedWebhook);
        List<Hostile> cases = new ArrayList<>();
        for (int n = 0; n < REQUESTS; n++) {
            cases.add(generators.get(random.nextInt(generators.size())).get());
        }
        Map<String, Long> before = quietRowCounts();
        long started = System.nanoTime();

        List<String> failures = new ArrayList<>();
        for (Hostile hostile : cases) {
            String problem = problemWith(hostile, send(hostile));
            if (problem != null && failures.size() < 25) {
                failures.add(hostile + ": " + problem);
            }
        }

        assertThat(cases).hasSizeGreaterThanOrEqualTo(1000);
        // every endpoint had its share
        for (String endpoint : List.of("POST /api/payments ", "POST /api/payments/.+/refunds", "POST /api/payments/.+/cancel",
                "GET /api/payments/[^?]+", "GET /api/payments(\\?.*)?", "POST /webhooks/billing", "POST /webhooks/(?!billing ).+")) {
            assertThat(cases.stream().filter(c -> (c.method() + " " + c.path() + " ").matches(endpoint + ".*")).count())
                    .as(endpoint).isGreaterThanOrEqualTo(15);
        }
        assertThat(failures).as("hostile requests not answered 4xx JSON (seed %d)", SEED).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(50));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> rowCounts().equals(before));
    }

    @Test
    void hostilePaymentRequestsOnTheQueueGoToItsDeadLetterQueueAtOnceWithTheReasonAndStoreNothing() throws Exception {
        Map<String, Long> before = quietRowCounts();
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(Duration.ofSeconds(10).toMillis());
        Map<String, String> messages = new LinkedHashMap<>();
        messages.put("description is longer", paymentJson(Map.of("description", "d".repeat(8100))));
        messages.put("orderId contains a character", paymentJson(Map.of("orderId", "order\u0000-1")));
        messages.put("userId contains a character", paymentJson(Map.of("userId", "a\ud800b")));
        messages.put("not valid JSON", "{\"userId\":\"u\",\"orderId\":\"o\",\"amount\":-1,\"amount\":5000,\"currency\":\"EUR\"}");
        messages.put("not valid JSON ", paymentJson(Map.of()) + "}");
        messages.put("customer may hold only", paymentJson(Map.of("customer", Map.of("ssn", "078-05-1120"))));

        for (Map.Entry<String, String> message : messages.entrySet()) {
            String marker = UUID.randomUUID().toString();
            jms.send(paymentRequests, session -> {
                TextMessage text = session.createTextMessage(message.getValue());
                text.setStringProperty("testMarker", marker);
                return text;
            });
            long sent = System.nanoTime();
            Message dead = jms.receiveSelected("DLQ." + paymentRequests, "testMarker = '" + marker + "'");
            assertThat(dead).as("dead letter for " + message.getKey()).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("dead-lettered without redelivery").isLessThan(Duration.ofSeconds(5));
            assertThat(dead.getStringProperty("hubFailureReason")).contains(message.getKey().trim());
            assertThat(((TextMessage) dead).getText()).isEqualTo(message.getValue());
        }
        assertThat(rowCounts()).isEqualTo(before);
    }

    /**
     * Hostile requests that the HTTP edge (issue 6, items 11 and 14; another branch) must answer: bodies that are not
     * UTF-8 and credentials in query parameters. Passes once the HTTP edge branch is merged.
     */
    @Test
    void hostileBytesAndQueryParameterCredentialsAreAnswered4xxJsonAndChangeNoTable() {
        Map<String, Long> before = quietRowCounts();
        List<Hostile> cases = new ArrayList<>();
        byte[] notUtf8 = {'{', '"', 'u', 's', 'e', 'r', 'I', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        cases.add(new Hostile("not UTF-8", "POST", "/api/payments", notUtf8, authorized("Content-Type", "application/json")));
        cases.add(new Hostile("not UTF-8", "POST", "/api/payments/" + succeeded.id() + "/refunds", notUtf8, authorized()));
        WebhookSigner.SignedWebhook signed = signer.sign(new String(notUtf8, StandardCharsets.ISO_8859_1), Instant.now());
        cases.add(new Hostile("signed, not UTF-8", "POST", "/webhooks/billing", notUtf8, List.of("webhook-id", signed.id(),
                "webhook-timestamp", signed.timestamp(), "webhook-signature", signed.signature())));
        cases.add(new Hostile("Authorization in the query", "POST", "/api/payments?Authorization=Bearer%20" + HubClient.TEST_API_KEY,
                paymentJson(Map.of()).getBytes(StandardCharsets.UTF_8), List.of("Content-Type", "application/json")));
        String event = webhookJson(Map.of());
        WebhookSigner.SignedWebhook inQuery = signer.sign(event, Instant.now());
        cases.add(new Hostile("signature in the query", "POST", "/webhooks/billing?webhook-id=" + inQuery.id() + "&webhook-timestamp="
                + inQuery.timestamp() + "&webhook-signature=" + inQuery.signature().replace("+", "%2B").replace("/", "%2F")
                .replace("=", "%3D").replace(",", "%2C"), event.getBytes(StandardCharsets.UTF_8), List.of()));
        cases.add(new Hostile("NUL in the path", "GET", "/api/payments/abc%00def", null, authorized()));

        List<String> failures = new ArrayList<>();
        for (Hostile hostile : cases) {
            String problem = problemWith(hostile, send(hostile));
            if (problem != null) {
                failures.add(hostile + ": " + problem);
            }
        }

        assertThat(failures).isEmpty();
        assertThat(rowCounts()).isEqualTo(before);
    }

    // --- generators: each returns a request that must be refused ----------------------------------------------------

    private Hostile hostilePayment() {
        Map<String, Object> fields = paymentFields();
        List<String> headers = authorized("Content-Type", contentType());
        String name;
        String body = null;
        switch (random.nextInt(12)) {
            case 0 -> {
                String field = pick("userId", "orderId", "provider", "description", "returnUrl");
                int limit = switch (field) {
                    case "provider" -> 50;
                    case "description" -> 1000;
                    case "returnUrl" -> 2048;
                    default -> 255;
                };
                String value = "x".repeat(limit + 1 + random.nextInt(field.equals("description") ? 8000 : 500));
                fields.put(field, field.equals("returnUrl") ? "https://shop.example/" + value : value);
                name = field + " too long";
            }
            case 1 -> {
                String field = pick("externalId", "email", "firstName", "lastName", "phoneNumber");
                int limit = switch (field) {
                    case "email" -> 254;
                    case "firstName", "lastName" -> 100;
                    case "phoneNumber" -> 32;
                    default -> 255;
                };
                fields.put("customer", Map.of(field, "c".repeat(limit + 1 + random.nextInt(300))));
                name = "customer." + field + " too long";
            }
            case 2 -> {
                String field = pick("userId", "orderId", "description", "returnUrl", "provider");
                boolean identifier = !field.equals("description");
                String bad = identifier && random.nextBoolean() ? pick(BAD_IN_IDENTIFIERS) : pick(BAD_CHARACTERS);
                fields.put(field, insert(field.equals("returnUrl") ? "https://shop.example/return" : String.valueOf(fields.getOrDefault(field, "billing")), bad));
                name = "character U+" + Integer.toHexString(bad.charAt(0)) + " in " + field;
            }
            case 3 -> {
                String bad = pick(BAD_CHARACTERS);
                String where = pick("customer.lastName", "customer.email", "billingAddress.address", "deviceInformation.userAgent",
                        "paymentMethod.type");
                String[] path = where.split("\\.");
                fields.put(path[0], Map.of(path[1], insert("value", bad)));
                name = "character U+" + Integer.toHexString(bad.charAt(0)) + " in " + where;
            }
            case 4 -> {
                Object value = pick("5000", 50.5, true, Map.of(), List.of(), new Raw("1e3"), new Raw("99999999999999999999"), -1,
                        0, 49, 100_000_001L, Long.MIN_VALUE, new Raw("5000.0"), new Raw("-0"));
                fields.put("amount", value);
                name = "amount " + JsonText.of(value);
            }
            case 5 -> {
                String field = pick("userId", "orderId", "currency", "amount");
                fields.remove(field);
                if (random.nextBoolean()) {
                    fields.put(field, random.nextBoolean() ? null : "   ");
                }
                name = "missing " + field;
            }
            case 6 -> {
                String field = pick("userId", "orderId", "customer", "billingAddress", "paymentMethod", "deviceInformation", "currency",
                        "description", "returnUrl");
                Object value = pick(Map.of("id", 1), List.of("a"), true, "just text", 978);
                if (field.equals("userId") || field.equals("orderId") || field.equals("description") || field.equals("returnUrl")) {
                    value = pick(Map.of("id", 1), List.of("a"), true);
                }
                if (field.equals("customer") || field.equals("billingAddress") || field.equals("paymentMethod")
                        || field.equals("deviceInformation")) {
                    value = pick(List.of("a"), true, "just text", 978);
                }
                fields.put(field, value);
                name = field + " of the wrong type";
            }
            case 7 -> {
                String field = pick("currency", "provider", "returnUrl");
                fields.put(field, switch (field) {
                    case "currency" -> pick("GBP", "EURO", XSS, "", "E U R", "€");
                    case "provider" -> pick("stripe", XSS, "billing ", "BILLING");
                    default -> pick("javascript:alert(1)", "/return", "https://", "ftp://shop.example/x", "not a url", "https:///x",
                            "http://[::1", XSS);
                });
                name = "unsupported " + field;
            }
            case 8 -> {
                switch (random.nextInt(4)) {
                    case 0 -> fields.put("customer", Map.of("externalId", "user-1", pick("ssn", "password", "card", "__proto__"), "x"));
                    case 1 -> fields.put("billingAddress", Map.of("a", Map.of("b", Map.of("c", Map.of("d", "deep")))));
                    case 2 -> {
                        Map<String, Object> many = new LinkedHashMap<>();
                        for (int i = 0; i < 51 + random.nextInt(50); i++) {
                            many.put("f" + i, "v");
                        }
                        fields.put("deviceInformation", many);
                    }
                    default -> fields.put("paymentMethod", Map.of("type", "card", "cardDetails", List.of("4000000000002503")));
                }
                name = "nested object out of shape";
            }
            case 9 -> {
                String text = JsonText.of(fields);
                body = switch (random.nextInt(9)) {
                    case 0 -> text + pick("}", " {}", "x", ",", "]", " 1", " //", "\"\"", " null");
                    case 1 -> text.substring(0, 1 + random.nextInt(text.length() - 1));
                    case 2 -> "{\"amount\":" + pick("-1", "1", "999999999999") + "," + text.substring(1);
                    case 3 -> "{\"" + pick("userId", "orderId", "currency") + "\":\"other\"," + text.substring(1);
                    case 4 -> pick("", " ", "\n\t\r ", "[]", "[" + text + "]", "42", "\"text\"", "null", "true");
                    case 5 -> "{\"x\":" + "[".repeat(1001 + random.nextInt(1000)) + "]".repeat(1001) + "," + text.substring(1);
                    case 6 -> text.replaceFirst("\"", "'").replaceFirst("\"", "'");
                    case 7 -> "/* comment */" + text;
                    default -> text.replace("5000", pick("NaN", "Infinity", "0x1388", "+5000", "05000"));
                };
                name = "JSON that is not exactly one object";
            }
            case 10 -> {
                headers = new ArrayList<>(headers);
                headers.addAll(List.of("Idempotency-Key", "k".repeat(256 + random.nextInt(1500))));
                name = "Idempotency-Key too long";
            }
            default -> {
                fields.put(pick("userId", "orderId"), XSS + pick(BAD_CHARACTERS));
                name = "markup and a NUL-like character in an id";
            }
        }
        return new Hostile(name, "POST", "/api/payments", (body != null ? body : JsonText.of(fields)).getBytes(StandardCharsets.UTF_8), headers);
    }

    private Hostile unauthenticated() {
        String authorization = pick("", "Bearer wrong-" + random.nextInt(1000), "Bearer " + HubClient.TEST_API_KEY.substring(1),
                "Bearer " + HubClient.TEST_API_KEY + "x", "Token " + HubClient.TEST_API_KEY, "Basic dGVzdDp0ZXN0", "Bearer",
                "Bearer " + XSS);
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        if (!authorization.isEmpty()) {
            headers.addAll(List.of("Authorization", authorization));
        }
        String id = random.nextBoolean() ? succeeded.id() : UUID.randomUUID().toString();
        return switch (random.nextInt(5)) {
            case 0 -> new Hostile("no valid key", "POST", "/api/payments", JsonText.of(paymentFields()).getBytes(StandardCharsets.UTF_8), headers);
            case 1 -> new Hostile("no valid key", "POST", "/api/payments/" + id + "/refunds", "{\"amount\":100}".getBytes(StandardCharsets.UTF_8), headers);
            case 2 -> new Hostile("no valid key", "POST", "/api/payments/" + id + "/cancel", new byte[0], headers);
            case 3 -> new Hostile("no valid key", "GET", "/api/payments/" + id + (random.nextBoolean() ? "?verify=true" : ""), null, headers);
            default -> new Hostile("no valid key", "GET", "/api/payments?userId=" + succeeded.userId(), null, headers);
        };
    }

    private Hostile hostileRefund() {
        List<String> headers = authorized("Content-Type", contentType());
        switch (random.nextInt(5)) {
            case 0 -> {
                return new Hostile("refund of an unknown payment", "POST", "/api/payments/" + unknownId() + "/refunds",
                        "{\"amount\":100}".getBytes(StandardCharsets.UTF_8), headers);
            }
            case 1 -> {
                return new Hostile("refund of a failed payment", "POST", "/api/payments/" + failed.id() + "/refunds",
                        pick("{}", "{\"amount\":100}").getBytes(StandardCharsets.UTF_8), headers);
            }
            case 2 -> {
                List<String> withKey = new ArrayList<>(headers);
                withKey.addAll(List.of("Idempotency-Key", "r".repeat(256 + random.nextInt(1500))));
                return new Hostile("refund Idempotency-Key too long", "POST", "/api/payments/" + succeeded.id() + "/refunds",
                        "{\"amount\":100}".getBytes(StandardCharsets.UTF_8), withKey);
            }
            default -> {
                String body = pick("", " ", "\n\t", "{}}", "{} {}", "{\"amount\":-1,\"amount\":100}", "{\"amount\":100,\"amount\":100}",
                        "[]", "null", "42", "{\"amount\":", "{\"amount\":-1}", "{\"amount\":0}", "{\"amount\":5001}",
                        "{\"amount\":\"100\"}", "{\"amount\":1.5}", "{\"amount\":true}", "{\"amount\":{}}", "{\"amount\":[100]}",
                        "{\"amount\":99999999999999999999}", "{\"amount\":1e2}", "{'amount':100}", "{\"amount\":100} x");
                return new Hostile("refund body " + body, "POST", "/api/payments/" + succeeded.id() + "/refunds",
                        body.getBytes(StandardCharsets.UTF_8), headers);
            }
        }
    }

    private Hostile hostileCancel() {
        return new Hostile("cancel of an unknown payment", "POST", "/api/payments/" + unknownId() + "/cancel",
                random.nextBoolean() ? new byte[0] : "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8), authorized());
    }

    private Hostile hostileGet() {
        return new Hostile("unknown payment", "GET", "/api/payments/" + unknownId() + (random.nextBoolean() ? "?verify=true" : ""),
                null, authorized());
    }

    private Hostile hostileList() {
        String query = switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "?userId=";
            case 2 -> "?userId=%20%20";
            case 3 -> "?userId=" + "u".repeat(256 + random.nextInt(1500));
            case 4 -> "?userId=user" + pick("%00", "%01", "%1B", "%7F", "%C2%85", "%E2%80%AE", "%E2%80%8B", "%EF%BF%BF") + "-1";
            default -> "?user=" + succeeded.userId();
        };
        return new Hostile("list with userId " + query, "GET", "/api/payments" + query, null, authorized());
    }

    private Hostile hostileSignedWebhook() {
        Map<String, Object> fields = webhookFields();
        String name;
        String body = null;
        switch (random.nextInt(7)) {
            case 0 -> {
                String field = pick("eventId", "eventType", "data.paymentId");
                int limit = field.equals("eventType") ? 100 : 255;
                put(fields, field, "e".repeat(limit + 1 + random.nextInt(2000)));
                name = field + " too long";
            }
            case 1 -> {
                String field = pick("eventId", "eventType", "data.paymentId", "createdAt");
                String bad = random.nextBoolean() ? pick(BAD_IN_IDENTIFIERS) : pick(BAD_CHARACTERS);
                put(fields, field, insert(field.equals("createdAt") ? "2026-11-20T10:00:00Z" : "evt_" + random.nextInt(), bad));
                name = "character U+" + Integer.toHexString(bad.charAt(0)) + " in " + field;
            }
            case 2 -> {
                String field = pick("eventId", "eventType");
                fields.remove(field);
                if (random.nextBoolean()) {
                    fields.put(field, pick(null, "", "  ", 42, Map.of(), List.of("x")));
                }
                name = "no usable " + field;
            }
            case 3 -> {
                if (random.nextBoolean()) {
                    put(fields, "data.amount", pick(-1, 0, 1.5, "100", new Raw("1e400"), new Raw("99999999999999999999"), true, Map.of()));
                } else {
                    put(fields, "createdAt", pick("yesterday", "100", "2026-13-01T00:00:00Z", "2026-11-20 10:00:00", ""));
                }
                name = "amount or time out of shape";
            }
            default -> {
                String text = JsonText.of(fields);
                body = switch (random.nextInt(6)) {
                    case 0 -> text + pick("}", " {}", "x", ",", "]");
                    case 1 -> text.substring(0, 1 + random.nextInt(text.length() - 1));
                    case 2 -> "{\"eventId\":\"evt_other\"," + text.substring(1);
                    case 3 -> "{\"eventType\":\"payment.failed\"," + text.substring(1);
                    case 4 -> text.replace("\"data\":{", "\"data\":{\"paymentId\":\"pay_other\",");
                    default -> pick("", " ", "[]", "[" + text + "]", "null", "\"evt\"", "not json");
                };
                name = "signed JSON that is not exactly one event";
            }
        }
        String text = body != null ? body : JsonText.of(fields);
        WebhookSigner.SignedWebhook signed = signer.sign(text, Instant.now());
        return new Hostile(name, "POST", "/webhooks/billing", text.getBytes(StandardCharsets.UTF_8), List.of("Content-Type", contentType(),
                "webhook-id", signed.id(), "webhook-timestamp", signed.timestamp(), "webhook-signature", signed.signature()));
    }

    private Hostile unsignedWebhook() {
        String text = JsonText.of(webhookFields());
        WebhookSigner.SignedWebhook signed = signer.sign(text, Instant.now());
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        String name;
        switch (random.nextInt(7)) {
            case 0 -> name = "no signature headers";
            case 1 -> {
                headers.addAll(List.of("webhook-id", signed.id(), "webhook-timestamp", signed.timestamp(), "webhook-signature",
                        "v1," + java.util.Base64.getEncoder().encodeToString(new byte[32])));
                name = "wrong signature";
            }
            case 2 -> {
                WebhookSigner.SignedWebhook old = signer.sign(text, Instant.now().minus(Duration.ofMinutes(6 + random.nextInt(600))));
                headers.addAll(List.of("webhook-id", old.id(), "webhook-timestamp", old.timestamp(), "webhook-signature", old.signature()));
                name = "timestamp outside tolerance";
            }
            case 3 -> {
                WebhookSigner.SignedWebhook stranger = strangerSigner.sign(text, Instant.now());
                headers.addAll(List.of("webhook-id", stranger.id(), "webhook-timestamp", stranger.timestamp(), "webhook-signature",
                        stranger.signature()));
                name = "signed with a secret the hub does not have";
            }
            case 4 -> {
                headers.addAll(List.of("webhook-id", signed.id(), "webhook-timestamp", pick("soon", "", "-1", "1e10", "99999999999999999999"),
                        "webhook-signature", pick(signed.signature(), "v1,", "v2," + signed.signature().substring(3), XSS)));
                name = "signature headers out of shape";
            }
            case 5 -> {
                // a signature of other content: the body was changed in transit
                headers.addAll(List.of("webhook-id", signed.id(), "webhook-timestamp", signed.timestamp(), "webhook-signature",
                        signed.signature()));
                text = text.replace("SUCCEEDED", "FAILED").replace("5000", "5001");
                name = "body changed after signing";
            }
            default -> {
                headers.addAll(List.of("webhook-id", signed.id(), "webhook-timestamp", signed.timestamp(), "webhook-signature",
                        signed.signature()));
                return new Hostile("unknown provider", "POST", "/webhooks/" + pick("stripe", "unknown", "billing2", "BILLING", "x".repeat(300)),
                        text.getBytes(StandardCharsets.UTF_8), headers);
            }
        }
        return new Hostile(name, "POST", "/webhooks/billing", text.getBytes(StandardCharsets.UTF_8), headers);
    }

    // --- building blocks -------------------------------------------------------------------------------------------

    private Map<String, Object> paymentFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("userId", "user-hostile");
        fields.put("orderId", "order-hostile-" + random.nextInt(1_000_000));
        fields.put("amount", 5000);
        fields.put("currency", "EUR");
        if (random.nextBoolean()) {
            fields.put("description", "Order " + random.nextInt(1000));
        }
        if (random.nextBoolean()) {
            fields.put("customer", Map.of("externalId", "user-hostile", "email", "a@b.c", "firstName", "María"));
        }
        return fields;
    }

    private static String paymentJson(Map<String, Object> changes) {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("userId", "user-queue", "orderId", "order-queue-" + UUID.randomUUID(),
                "amount", 5000, "currency", "EUR"));
        fields.putAll(changes);
        return JsonText.of(fields);
    }

    private Map<String, Object> webhookFields() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", "pay_hostile_" + random.nextInt(1000));
        data.put("amount", 5000);
        data.put("currency", "EUR");
        data.put("status", "SUCCEEDED");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", "evt_hostile_" + UUID.randomUUID());
        fields.put("eventType", "payment.succeeded");
        fields.put("createdAt", "2026-11-20T10:00:00Z");
        fields.put("data", data);
        return fields;
    }

    private static String webhookJson(Map<String, Object> changes) {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("eventId", "evt_" + UUID.randomUUID(), "eventType", "payment.succeeded",
                "data", Map.of("paymentId", "pay_x", "amount", 5000)));
        fields.putAll(changes);
        return JsonText.of(fields);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> fields, String path, Object value) {
        if (path.startsWith("data.")) {
            ((Map<String, Object>) fields.get("data")).put(path.substring(5), value);
        } else {
            fields.put(path, value);
        }
    }

    /** An id no payment has: random, far longer than any id, or with characters (percent-encoded) that no id holds. */
    private String unknownId() {
        return switch (random.nextInt(5)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> "p".repeat(41 + random.nextInt(3000));
            case 2 -> succeeded.id() + pick("%E2%80%AE", "%E2%80%8B", "%C3%A9", "%F0%9F%98%80", "x", "-");
            case 3 -> pick("%E2%80%AE", "%C2%85", "%EF%BF%BF", "%7F") + succeeded.id().substring(1);
            default -> "'%20OR%20'1'='1";
        };
    }

    private String contentType() {
        return pick("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
                "application/octet-stream");
    }

    private static List<String> authorized(String... more) {
        List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + HubClient.TEST_API_KEY));
        headers.addAll(List.of(more));
        return headers;
    }

    private String insert(String text, String bad) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + bad + text.substring(at);
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private Payment payment(PaymentStatus status) {
        return registry.register(new NewPayment("billing", "pay_" + UUID.randomUUID(), status, "user-" + UUID.randomUUID(),
                "order-" + UUID.randomUUID(), 5000, "EUR", "key-" + UUID.randomUUID(), null));
    }

    private HttpResponse<String> send(Hostile hostile) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hostile.path()))
                .timeout(Duration.ofSeconds(10));
        if (!hostile.headers().isEmpty()) {
            request.headers(hostile.headers().toArray(String[]::new));
        }
        if (hostile.body() == null) {
            request.method(hostile.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(hostile.method(), HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(hostile + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return what is wrong with the answer, or null when it is a 4xx with the contract's JSON error */
    private static String problemWith(Hostile hostile, HttpResponse<String> response) {
        String summary = response.statusCode() + " " + abbreviate(response.body());
        if (response.statusCode() < 400 || response.statusCode() > 499) {
            return "status " + summary;
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return "not JSON: " + summary;
        }
        JsonNode error;
        try {
            error = JSON.readTree(response.body());
        } catch (IOException e) {
            return "unreadable JSON: " + summary;
        }
        if (error == null || !error.path("error").isTextual() || error.path("error").asText().isBlank()
                || !error.path("code").asText().matches("[A-Z][A-Z_]+")) {
            return "not {\"error\", \"code\"}: " + summary;
        }
        if (response.body().contains("<script>")) {
            return "echoes the caller's markup: " + summary;
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        return counts;
    }

    /** The counts once the shared context's background work (outbox relay, earlier tests' events) has settled. */
    private Map<String, Long> quietRowCounts() {
        Map<String, Long>[] last = new Map[] {rowCounts()};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, Long> now = rowCounts();
            boolean same = now.equals(last[0]);
            last[0] = now;
            return same && now.get("outbox_messages") == 0;
        });
        return last[0];
    }

    /** A JSON fragment written as it is (numbers Jackson would normalise). */
    record Raw(String text) {
    }

    /** Writes test JSON with every non-ASCII or control character as a \\u escape, so lone surrogates survive the wire. */
    static final class JsonText {
        static String of(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value);
            return out.toString();
        }

        @SuppressWarnings("unchecked")
        private static void write(StringBuilder out, Object value) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Raw raw) {
                out.append(raw.text());
            } else if (value instanceof String text) {
                out.append('"');
                for (char c : text.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    write(out, entry.getKey());
                    out.append(':');
                    write(out, entry.getValue());
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(out, list.get(i));
                }
                out.append(']');
            } else {
                out.append(value);
            }
        }
    }
}
