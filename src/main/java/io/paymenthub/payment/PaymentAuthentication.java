package io.paymenthub.payment;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.common.HubHttpException;
import io.paymenthub.common.StrictJsonReader;
import io.paymenthub.common.TextFields;
import io.paymenthub.provider.PaymentProviders;
import io.paymenthub.provider.PlatformRefusedException;
import io.paymenthub.provider.PlatformRequest;
import io.paymenthub.provider.ProviderPayment;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 3-D Secure (contract section 3; seed 004): a payment REQUIRES_ACTION shows the step its front end runs
 * ({@code nextAction}); its back end then tells the hub — {@code POST /api/payments/{id}/authentication} after the
 * device data collection, {@code …/authentication/validate} after the challenge — and the platform's answer moves
 * the payment (the next step, PROVIDER_PENDING, SUCCEEDED) or a refusal fails it (AUTHENTICATION_FAILED). A
 * payment that is not waiting for that step is 409 NOT_AUTHENTICATING, and nothing is sent.
 */
@Component("paymentAuthentication")
public class PaymentAuthentication {

    static final String DEVICE_DATA_COLLECTION = "DEVICE_DATA_COLLECTION";
    static final String CHALLENGE = "CHALLENGE";
    private static final Set<String> DEVICE_FIELDS = Set.of("collectionReferenceId", "returnUrl", "deviceInformation");

    private final PaymentRepository payments;
    private final PaymentProviders providers;
    private final PaymentTransitions transitions;
    private final TransactionTemplate transaction;
    private final StrictJsonReader json;
    private final ObjectMapper objectMapper;
    private final java.time.Clock clock;
    private final io.paymenthub.common.ErrorResponder errors;
    private final DeviceInformationCollector deviceInformation;

    public PaymentAuthentication(PaymentRepository payments, PaymentProviders providers, PaymentTransitions transitions,
                                 TransactionTemplate transaction, StrictJsonReader json, ObjectMapper objectMapper,
                                 java.time.Clock clock, io.paymenthub.common.ErrorResponder errors,
                                 DeviceInformationCollector deviceInformation) {
        this.deviceInformation = deviceInformation;
        this.clock = clock;
        this.errors = errors;
        this.payments = payments;
        this.providers = providers;
        this.transitions = transitions;
        this.transaction = transaction;
        this.json = json;
        this.objectMapper = objectMapper;
    }

    /** The device data step, with the device information merged like a new payment's (DeviceInformationCollector). */
    public PlatformRequest deviceDataCollected(@ExchangeProperty("hubPayment") Payment payment, @Body byte[] body,
                                               @ExchangeProperty(io.paymenthub.common.HubPlatformHttpEngine.PEER_ADDRESS)
                                               String peerAddress,
                                               @org.apache.camel.Header("X-Forwarded-For") Object forwardedFor,
                                               @org.apache.camel.Header("User-Agent") String userAgent,
                                               @org.apache.camel.Header("Accept-Language") String acceptLanguage) {
        requireStep(payment, DEVICE_DATA_COLLECTION);
        ObjectNode request = json.readObject(body, "MALFORMED_JSON");
        ObjectNode step = objectMapper.createObjectNode();
        step.put("collectionReferenceId", required(request, "collectionReferenceId", TextFields.IDEMPOTENCY_KEY));
        step.put("returnUrl", required(request, "returnUrl", TextFields.RETURN_URL));
        JsonNode device = request.path("deviceInformation");
        if (!device.isMissingNode() && !device.isNull() && (!device.isObject() || device.size() > 20)) {
            throw TextFields.API.invalid("deviceInformation must be a JSON object of browser fields");
        }
        step.set("deviceInformation", deviceInformation.merge(device, peerAddress, forwardedFor, userAgent, acceptLanguage));
        request.fieldNames().forEachRemaining(name -> {
            if (!DEVICE_FIELDS.contains(name)) {
                throw TextFields.API.invalid("authentication may hold only " + DEVICE_FIELDS);
            }
        });
        return providers.of(payment.provider()).authenticate(payment, step);
    }

    public PlatformRequest challengeCompleted(@ExchangeProperty("hubPayment") Payment payment, @Body byte[] body) {
        requireStep(payment, CHALLENGE);
        ObjectNode request = json.readObject(body, "MALFORMED_JSON");
        ObjectNode step = objectMapper.createObjectNode();
        step.put("authenticationTransactionId", required(request, "authenticationTransactionId", TextFields.IDEMPOTENCY_KEY));
        return providers.of(payment.provider()).validateAuthentication(payment, step);
    }

    /** The platform's answer: the next step, or where the payment goes now. */
    public Payment answered(@ExchangeProperty("hubPayment") Payment payment, @Body JsonNode answer) {
        ProviderPayment reported = providers.of(payment.provider()).readPayment(answer);
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            payments.updateNextAction(current.id(), reported.status() == PaymentStatus.REQUIRES_ACTION
                    ? reported.storedNextAction() : null, clock.instant());
            transitions.move(current, reported.status(), null);
        }));
        return payments.findById(payment.id()).orElseThrow();
    }

    /** A refusal of the authentication itself (422, e.g. AUTHENTICATION_FAILED) fails the payment. */
    public Payment refused(@ExchangeProperty("hubPayment") Payment payment,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        PlatformRefusedException refusal = PlatformRefusedException.in(failure);
        String code = refusal == null ? "AUTHENTICATION_FAILED" : refusal.getCode();
        transaction.executeWithoutResult(tx -> payments.lockById(payment.id()).ifPresent(current -> {
            payments.updateNextAction(current.id(), null, clock.instant());
            transitions.move(current, PaymentStatus.FAILED, code);
        }));
        return payments.findById(payment.id()).orElseThrow();
    }

    /**
     * Any other refusal changes nothing: a 409 (the platform's order is not at that step) is 409 NOT_AUTHENTICATING,
     * anything else (e.g. the platform found the step's data invalid) 502 PLATFORM_ERROR.
     */
    public void notWaiting(Exchange exchange) {
        PlatformRefusedException refusal = PlatformRefusedException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                Exception.class));
        if (refusal != null && refusal.getStatus() == 409) {
            errors.respond(exchange, 409, "NOT_AUTHENTICATING", "The payment is not waiting for this authentication step");
        } else {
            errors.platformRefused(exchange);
        }
    }

    private void requireStep(Payment payment, String type) {
        String waiting = null;
        if (payment.status() == PaymentStatus.REQUIRES_ACTION && payment.nextAction() != null) {
            try {
                waiting = objectMapper.readTree(payment.nextAction()).path("type").asText(null);
            } catch (JsonProcessingException e) {
                waiting = null;
            }
        }
        if (!type.equals(waiting)) {
            throw new HubHttpException(409, "NOT_AUTHENTICATING", "The payment is not waiting for this authentication step");
        }
    }

    private static String required(JsonNode request, String field, int maxLength) {
        String value = TextFields.API.text(request, field, field, maxLength, false);
        if (value == null || value.isBlank()) {
            throw new HubHttpException(400, "MISSING_FIELD", field + " is required");
        }
        return value;
    }
}
