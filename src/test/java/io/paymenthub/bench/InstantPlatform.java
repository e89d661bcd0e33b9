package io.paymenthub.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A billing platform (contract section 5) that answers at once, for measuring what the hub itself adds to
 * {@code POST /api/payments} (PaymentOverheadBenchmark). Only the two calls a create makes: {@code POST /auth/login}
 * and {@code POST /payments}, answered as the sandbox does (SandboxPlatformController): a JWT with an {@code exp}
 * claim, a PENDING payment with a fresh id. Everything else is 404. The JDK's HTTP server on a few threads, loopback
 * only, so it takes little of the CPU the hub is measured on. Not a test: see bench/run {@code --payments}.
 *
 * <pre>java -cp &lt;test classpath&gt; io.paymenthub.bench.InstantPlatform &lt;port&gt;</pre>
 */
public final class InstantPlatform {

    private static final long TOKEN_LIFETIME_SECONDS = 86_400;
    private static final int THREADS = 4;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final byte[] signingKey = new byte[32];
    /** the tokens handed out: a create needs one of them, as the real platform needs a valid JWT */
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    /**
     * answers by Idempotency-Key, so a retry of the hub's (same key) gets the same payment as at the real platform;
     * bounded because a retry comes within seconds and a long run must not fill the heap
     */
    private final Cache<String, byte[]> answers = Caffeine.newBuilder().maximumSize(50_000).build();
    /** a prefix per process, so payment ids stay unique across restarts */
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();

    private InstantPlatform(String baseUrl) {
        this.baseUrl = baseUrl;
        new SecureRandom().nextBytes(signingKey);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        InstantPlatform platform = new InstantPlatform("http://127.0.0.1:" + port);
        // the JDK server writes headers and body apart; with Nagle on, the body waits for the hub's delayed ACK (40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(address, 256);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        server.setExecutor(pool);
        server.createContext("/", platform::handle);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            pool.shutdownNow();
            System.out.printf("InstantPlatform: %d logins, %d payments created%n", platform.logins.get(), platform.created.get());
        }));
        System.out.println("InstantPlatform listening on " + platform.baseUrl);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            // read the whole request, so the connection can carry the next one (keep-alive)
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            try {
                if ("POST".equals(method) && "/auth/login".equals(path)) {
                    login(exchange, body);
                } else if ("POST".equals(method) && "/payments".equals(path)) {
                    createPayment(exchange, body);
                } else {
                    error(exchange, 404, "NOT_FOUND", "InstantPlatform serves POST /auth/login and POST /payments only");
                }
            } catch (JsonProcessingException e) {
                error(exchange, 400, "MALFORMED_JSON", "The body is not valid JSON");
            } catch (IllegalArgumentException e) {
                error(exchange, 400, "INVALID_REQUEST", e.getMessage());
            } catch (RuntimeException e) {
                e.printStackTrace();
                error(exchange, 500, "INTERNAL_ERROR", "InstantPlatform failed: " + e);
            }
        } finally {
            exchange.close();
        }
    }

    private void login(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = readObject(body);
        if (blank(request.path("tenantId")) || blank(request.path("secret"))) {
            error(exchange, 401, "INVALID_CREDENTIALS", "tenantId and secret are required");
            return;
        }
        String token = jwt(request.path("tenantId").asText());
        tokens.add(token);
        logins.incrementAndGet();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accessToken", token);
        answer.put("expiresIn", TOKEN_LIFETIME_SECONDS);
        send(exchange, 200, json.writeValueAsBytes(answer));
    }

    private void createPayment(HttpExchange exchange, byte[] body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !tokens.contains(authorization.substring(7))) {
            error(exchange, 401, "UNAUTHORIZED", "A valid, unexpired access token is required");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || key.isBlank()) {
            error(exchange, 400, "MISSING_IDEMPOTENCY_KEY", "The Idempotency-Key header is required");
            return;
        }
        JsonNode request = readObject(body);
        send(exchange, 201, answers.get(key, k -> payment(request)));
    }

    /** The platform's payment JSON (contract section 5), PENDING as a real platform answers before the checkout. */
    private byte[] payment(JsonNode request) {
        String id = "pay_" + run + "_" + created.incrementAndGet();
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("id", id);
        payment.put("status", "PENDING");
        payment.put("amount", request.path("amount").asLong());
        payment.put("currency", request.path("currency").asText(null));
        payment.put("userId", request.path("userId").asText(null));
        payment.put("orderId", request.path("orderId").asText(null));
        payment.put("redirectUrl", baseUrl + "/checkout/" + id);
        payment.put("createdAt", Instant.now().toString());
        try {
            return json.writeValueAsBytes(payment);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 JWT with {@code exp}, as the sandbox issues (SandboxTokens): the hub gets the shape a platform sends. */
    private String jwt(String tenantId) throws JsonProcessingException {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "instant-platform");
        claims.put("sub", tenantId);
        claims.put("iat", now);
        claims.put("exp", now + TOKEN_LIFETIME_SECONDS);
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = BASE64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + BASE64URL.encodeToString(json.writeValueAsBytes(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode readObject(byte[] body) throws IOException {
        JsonNode node = body.length == 0 ? null : json.readTree(body);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object");
        }
        return node;
    }

    /** The platform's error shape {@code {"code", "message"}} plus the hub's {@code "error"}, as the sandbox answers. */
    private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        body.put("message", message);
        send(exchange, status, json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static boolean blank(JsonNode node) {
        return !node.isTextual() || node.asText().isBlank();
    }
}
