package io.paymenthub.sandbox.cheqpay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.common.CardNumberMasker;
import io.paymenthub.config.SandboxMode;
import io.paymenthub.sandbox.SandboxPause;
import io.paymenthub.sandbox.SandboxScenario;
import io.paymenthub.sandbox.SandboxSettings;
import io.paymenthub.sandbox.cheqpay.CheqpayLedger.Placed;
import io.paymenthub.sandbox.cheqpay.CheqpayLedger.Refund;
import io.paymenthub.sandbox.cheqpay.CheqpayOrder.Status;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox Cheqpay: the calls of contract section 5b under {@code /sandbox/cheqpay}, so the hub's
 * {@code hub.providers.cheqpay.base-url} is {@code http://127.0.0.1:<port>/sandbox/cheqpay}. Every call needs the
 * sandbox's Cheqpay API key and merchant id ({@link CheqpayAuthentication}); the 3-D Secure pages under
 * {@code /3ds} are for a payer's browser, which has none.
 *
 * <p>Cards: {@code 4000000000002503} (visa), {@code 5200000000002151} (mastercard) and any other valid number
 * complete at once; {@code 4000000000003220} asks for 3-D Secure (device data, then a challenge that any
 * {@code authenticationTransactionId} passes except {@code fail}). Amounts {@code 9000xx} decline with 422
 * ({@link CheqpayIssuer}); the declined order is kept as FAILED and the same {@code externalId} may try again.
 *
 * <p>Scenarios by a magic value in {@code description} ({@link SandboxScenario}): {@code sandbox:outage} answers
 * the first {@code hub.sandbox.outage-attempts} create calls of an {@code externalId} with 503
 * {@code SERVICE_UNAVAILABLE}; {@code sandbox:down} answers every create call so; {@code sandbox:slow} makes the
 * order but answers the first call only after {@code hub.sandbox.slow-delay}; {@code sandbox:duplicate-webhooks}
 * delivers every webhook of the order twice with the same id. The others are the billing sandbox's and mean
 * nothing here.
 *
 * <p>Errors: Cheqpay's {@code {"error": {"code", "message", "details"}}} plus a top-level {@code "code"}
 * ({@link CheqpayErrorBody}). A call in the wrong status (3-D Secure steps, refunds) is 409 {@code INVALID_STATUS};
 * a refund beyond what is left is 422 {@code REFUND_EXCEEDS_AVAILABLE}.
 */
@RestController
@RequestMapping(CheqpaySandboxConfiguration.BASE_PATH)
@Conditional(SandboxMode.On.class)
public class CheqpaySandboxController {

    private static final String ORDER = "/pos/v2/payment-orders/{externalId}";

    private final CheqpayLedger ledger;
    private final CheqpayWebhookSender webhooks;
    private final CardNumberMasker masker;
    private final SandboxPause pause;
    private final SandboxSettings settings;

    public CheqpaySandboxController(CheqpayLedger ledger, CheqpayWebhookSender webhooks, CardNumberMasker masker,
                                    SandboxPause pause, SandboxSettings settings) {
        this.ledger = ledger;
        this.webhooks = webhooks;
        this.masker = masker;
        this.pause = pause;
        this.settings = settings;
    }

    @PostMapping("/pos/v2/payment-orders")
    public ResponseEntity<Map<String, Object>> createOrder(@RequestBody(required = false) JsonNode body) {
        JsonNode order = CheqpayRequestReader.body(body);
        // an outage answers before anything is checked, as a platform that is down does
        SandboxScenario scenario = SandboxScenario.of(order.path("description").asText(null));
        int call = order.path("externalId").isTextual() ? ledger.countCreateCall(order.path("externalId").asText()) : 1;
        if (scenario == SandboxScenario.DOWN
                || scenario == SandboxScenario.OUTAGE && call <= settings.getOutageAttempts()) {
            throw CheqpayRefusal.unavailable();
        }
        CheqpayOrderRequest request = CheqpayOrderRequest.from(order, masker);
        if (order.path("deviceInformation").isObject()) {
            ledger.recordDeviceInformation(request.externalId(), order.path("deviceInformation"));
        }
        Placed placed = ledger.place(request);
        CheqpayOrder placedOrder = placed.order();
        if (placed.isNew()) {
            CheqpayEvent.afterPayment(placedOrder).ifPresent(event -> webhooks.announce(event, placedOrder));
            if (placedOrder.status() == Status.FAILED) {
                throw CheqpayRefusal.declined(placedOrder.decline());
            }
            if (scenario == SandboxScenario.SLOW) {
                // the order exists; only the answer is late, so the hub's retry with the same externalId finds it
                pause.pause(settings.getSlowDelay());
            }
        }
        return ResponseEntity.status(placed.isNew() ? HttpStatus.CREATED : HttpStatus.OK).body(placedOrder.toJson());
    }

    @GetMapping(ORDER)
    public Map<String, Object> getOrder(@PathVariable("externalId") String externalId) {
        return ledger.find(externalId).orElseThrow(() -> CheqpayRefusal.notFound("No payment order with this externalId"))
                .toJson();
    }

    /** After the browser's device data collection (step 3 of Cheqpay's 3-D Secure flow). */
    @PostMapping(ORDER + "/payer-authentication")
    public Map<String, Object> startChallenge(@PathVariable("externalId") String externalId,
                                              @RequestBody(required = false) JsonNode body) {
        JsonNode request = CheqpayRequestReader.body(body);
        CheqpayRequestReader reader = new CheqpayRequestReader(masker);
        reader.object(request, "deviceInformation", "deviceInformation", true);
        reader.text(request, "collectionReferenceId", "collectionReferenceId", true, CheqpayRequestReader.MAX_TEXT);
        reader.text(request, "returnUrl", "returnUrl", true, CheqpayRequestReader.MAX_TEXT);
        reader.throwIfInvalid();
        return ledger.startChallenge(externalId).toJson();
    }

    /** After the payer's challenge (step 5): the order completes, or fails with 422. */
    @PostMapping(ORDER + "/payer-authentication/validate")
    public Map<String, Object> finishChallenge(@PathVariable("externalId") String externalId,
                                               @RequestBody(required = false) JsonNode body) {
        JsonNode request = CheqpayRequestReader.body(body);
        CheqpayRequestReader reader = new CheqpayRequestReader(masker);
        String transactionId = reader.text(request, "authenticationTransactionId", "authenticationTransactionId", true,
                CheqpayRequestReader.MAX_TEXT);
        reader.throwIfInvalid();
        CheqpayOrder decided = ledger.finishChallenge(externalId, transactionId);
        CheqpayEvent.afterPayment(decided).ifPresent(event -> webhooks.announce(event, decided));
        if (decided.status() == Status.FAILED) {
            throw CheqpayRefusal.declined(decided.decline());
        }
        return decided.toJson();
    }

    /** {@code amount} optional: without it, all that is left. The answer and its {@code status} are the refund's. */
    @PostMapping(ORDER + "/refund")
    public ResponseEntity<Map<String, Object>> refund(@PathVariable("externalId") String externalId,
                                                      @RequestBody(required = false) JsonNode body) {
        JsonNode request = CheqpayRequestReader.body(body);
        CheqpayRequestReader reader = new CheqpayRequestReader(masker);
        Long amount = reader.positiveAmount(request, "amount", "amount", false);
        String reason = reader.freeText(request, "reason", "reason");
        reader.throwIfInvalid();
        Refund refund = ledger.refund(externalId, amount, reason);
        webhooks.announce(CheqpayEvent.REFUND_SUCCESS, refund.order());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", refund.id());
        answer.put("status", "COMPLETED");
        answer.put("amount", refund.amount());
        answer.put("refundedAmount", refund.order().refundedAmount());
        answer.put("reason", refund.reason());
        answer.put("createdAt", refund.createdAt().toString());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @PostMapping("/pos/customers/add-update")
    public Map<String, Object> addOrUpdateCustomer(@RequestBody(required = false) JsonNode body) {
        CheqpayRequestReader reader = new CheqpayRequestReader(masker);
        CheqpayCustomer.Fields fields = CheqpayOrderRequest.customer(reader, CheqpayRequestReader.body(body), "");
        reader.throwIfInvalid();
        ledger.countCustomerCall(fields.externalId());
        return ledger.upsertCustomer(fields).toJson();
    }

    @GetMapping("/pos/customers/{externalId}")
    public Map<String, Object> getCustomer(@PathVariable("externalId") String externalId) {
        CheqpayCustomer customer = ledger.findCustomer(externalId)
                .orElseThrow(() -> CheqpayRefusal.notFound("No customer with this externalId"));
        return customer.toJson(ledger.savedCards(customer.id()));
    }

    /** Where {@code payerAuthentication.url} of the device data step leads the payer's browser (GET, or the form POST). */
    @RequestMapping(path = CheqpaySandboxConfiguration.DEVICE_DATA_PAGES + "/{id}", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> deviceDataPage(@PathVariable("id") String authenticationId) {
        return page(authenticationId, order -> "Sandbox Cheqpay 3-D Secure device data collection for payment order "
                + order.externalId() + ": nothing to collect. The merchant continues with POST " + ORDER.replace(
                        "{externalId}", order.externalId()) + "/payer-authentication and any collectionReferenceId.\n");
    }

    /** Where {@code payerAuthentication.url} of the challenge step leads the payer's browser. */
    @RequestMapping(path = CheqpaySandboxConfiguration.CHALLENGE_PAGES + "/{id}", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> challengePage(@PathVariable("id") String authenticationId) {
        return page(authenticationId, order -> "Sandbox Cheqpay 3-D Secure challenge for payment order "
                + order.externalId() + ": nothing to answer. The merchant continues with POST " + ORDER.replace(
                        "{externalId}", order.externalId()) + "/payer-authentication/validate; any"
                + " authenticationTransactionId passes, \"fail\" fails.\n");
    }

    @ExceptionHandler(CheqpayRefusal.class)
    ResponseEntity<Map<String, Object>> refused(CheqpayRefusal refusal) {
        return ResponseEntity.status(refusal.status()).contentType(MediaType.APPLICATION_JSON)
                .body(CheqpayErrorBody.of(refusal));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        // never the parser's message: it may quote the body, card number and all
        return refused(CheqpayRefusal.invalid("body", "must be valid JSON"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> notJson(HttpMediaTypeNotSupportedException e) {
        return refused(new CheqpayRefusal(415, "UNSUPPORTED_MEDIA_TYPE", "Send JSON with Content-Type: application/json"));
    }

    /** Plain text, so nothing from a request can become markup. */
    private ResponseEntity<String> page(String authenticationId, Function<CheqpayOrder, String> text) {
        return ledger.findByAuthentication(authenticationId)
                .map(order -> ResponseEntity.ok(text.apply(order)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body("Sandbox Cheqpay 3-D Secure: no such authentication.\n"));
    }
}
