package io.paymenthub.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.config.SandboxMode;
import io.paymenthub.sandbox.SandboxLedger.Keyed;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The HTTP face of the sandbox billing platform: the calls of contract section 5 under
 * {@code /sandbox}. Login gives an HS256 JWT; every other platform call needs it as a bearer token,
 * checked before the call gets here by {@link SandboxAuthentication}.
 * What happens to a payment is chosen by a magic value in its description ({@link SandboxScenario}).
 * Errors are the platform's shape, {@code {"code", "message"}}, plus the hub's {@code "error"} sentence
 * (contract: every error response of the process is JSON with {@code error} and {@code code}).
 */
@RestController
@RequestMapping("/sandbox")
@Conditional(SandboxMode.On.class)
public class SandboxPlatformController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int MAX_KEY_LENGTH = 255;

    private final SandboxTenant tenant;
    private final SandboxTokens tokens;
    private final SandboxLedger ledger;
    private final SandboxOutcomes outcomes;
    private final SandboxPause pause;
    private final SandboxSettings settings;
    private final SandboxLoopback loopback;

    public SandboxPlatformController(SandboxTenant tenant, SandboxTokens tokens, SandboxLedger ledger,
                                     SandboxOutcomes outcomes, SandboxPause pause, SandboxSettings settings,
                                     SandboxLoopback loopback) {
        this.tenant = tenant;
        this.tokens = tokens;
        this.ledger = ledger;
        this.outcomes = outcomes;
        this.pause = pause;
        this.settings = settings;
        this.loopback = loopback;
    }

    @PostMapping("/auth/login")
    public Map<String, Object> login(@RequestBody(required = false) JsonNode body) {
        String tenantId = body == null ? null : text(body.path("tenantId"));
        String secret = body == null ? null : text(body.path("secret"));
        if (!tenant.matches(tenantId, secret)) {
            throw new SandboxRefusal(401, "INVALID_CREDENTIALS", "Unknown tenant or wrong secret");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accessToken", tokens.issue(tenant.id()));
        answer.put("expiresIn", tokens.lifetimeSeconds());
        return answer;
    }

    @PostMapping("/payments")
    public ResponseEntity<Map<String, Object>> createPayment(
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) JsonNode body) {
        String key = requireIdempotencyKey(idempotencyKey);
        SandboxPaymentRequest request = SandboxPaymentRequest.from(body);
        SandboxScenario scenario = SandboxScenario.of(request.description());
        int call = ledger.countCreateCall(key);
        if (scenario == SandboxScenario.TOKEN_EXPIRY && call == 1) {
            throw SandboxRefusal.unauthorized("Access token expired");
        }
        if (scenario == SandboxScenario.DOWN
                || scenario == SandboxScenario.OUTAGE && call <= settings.getOutageAttempts()) {
            throw new SandboxRefusal(503, "UNAVAILABLE", "Billing platform temporarily unavailable");
        }
        if (scenario == SandboxScenario.DECLINE) {
            throw new SandboxRefusal(402, "DECLINED", "Card declined");
        }
        Keyed<SandboxPayment> created = ledger.create(key, request,
                id -> loopback.baseUrl() + "/sandbox/checkout/" + id);
        if (created.isNew()) {
            outcomes.paymentCreated(created.value());
            if (scenario == SandboxScenario.SLOW) {
                // the payment exists; only the answer is late, so the hub's retry with the same key finds it
                pause.pause(settings.getSlowDelay());
            }
        }
        // a repeat replays the first answer, as Stripe does, and says so
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(!created.isNew()))
                .body(created.value().toJson());
    }

    @GetMapping("/payments/{id}")
    public Map<String, Object> getPayment(@PathVariable("id") String id) {
        return ledger.find(id).orElseThrow(() -> SandboxRefusal.notFound("No such payment")).toJson();
    }

    @GetMapping("/payments")
    public Map<String, Object> listPayments(@RequestParam(name = "userId", required = false) String userId,
                                            @RequestParam(name = "limit", required = false) Integer limit,
                                            @RequestParam(name = "offset", required = false) Integer offset) {
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize > MAX_LIMIT) {
            throw SandboxRefusal.badRequest("LIMIT_TOO_LARGE", "limit must be at most " + MAX_LIMIT);
        }
        if (pageSize < 1) {
            throw SandboxRefusal.badRequest("INVALID_LIMIT", "limit must be at least 1");
        }
        int skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw SandboxRefusal.badRequest("INVALID_OFFSET", "offset must not be negative");
        }
        // one more than asked tells whether another page exists
        List<SandboxPayment> page = ledger.list(blankToNull(userId), pageSize + 1, skip);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", page.stream().limit(pageSize).map(SandboxPayment::toJson).toList());
        answer.put("hasMore", page.size() > pageSize);
        return answer;
    }

    @PostMapping("/payments/{id}/refunds")
    public ResponseEntity<Map<String, Object>> refund(
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @PathVariable("id") String paymentId,
            @RequestBody(required = false) JsonNode body) {
        String key = requireIdempotencyKey(idempotencyKey);
        if (body == null || !body.isObject()) {
            throw SandboxRefusal.badRequest("INVALID_REQUEST", "The body must be a JSON object");
        }
        long amount = SandboxPaymentRequest.positiveAmount(body.path("amount"));
        Keyed<SandboxRefund> refund = ledger.refund(paymentId, key, amount);
        if (refund.isNew()) {
            outcomes.refundRequested(refund.value());
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(!refund.isNew()))
                .body(refund.value().toJson());
    }

    @PostMapping("/payments/{id}/cancel")
    public Map<String, Object> cancel(@PathVariable("id") String paymentId) {
        SandboxPayment cancelled = ledger.cancel(paymentId);
        outcomes.paymentCancelled(cancelled);
        return cancelled.toJson();
    }

    /** Where {@code redirectUrl} leads a browser: nothing to do, the sandbox settles payments by itself. */
    @GetMapping(path = "/checkout/{id}", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> checkout(@PathVariable("id") String paymentId) {
        // plain text, so nothing from the request can become markup
        return ledger.find(paymentId)
                .map(p -> ResponseEntity.ok("Sandbox checkout: payment " + p.id() + " is " + p.status()
                        + ". The sandbox completes it by itself; there is nothing to do here.\n"))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body("Sandbox checkout: no such payment.\n"));
    }

    @ExceptionHandler(SandboxRefusal.class)
    ResponseEntity<Map<String, String>> refused(SandboxRefusal refusal) {
        return error(refusal.status(), refusal.code(), refusal.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return error(400, "MALFORMED_JSON", "The body is not valid JSON");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, String>> notJson(HttpMediaTypeNotSupportedException e) {
        return error(415, "UNSUPPORTED_MEDIA_TYPE", "Send JSON with Content-Type: application/json");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException e) {
        return error(400, "INVALID_REQUEST", e.getName() + " has the wrong type");
    }

    private static String requireIdempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            throw SandboxRefusal.badRequest("MISSING_IDEMPOTENCY_KEY", "The Idempotency-Key header is required");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw SandboxRefusal.badRequest("INVALID_IDEMPOTENCY_KEY", "The Idempotency-Key is too long");
        }
        return key;
    }

    private static ResponseEntity<Map<String, String>> error(int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        body.put("message", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
