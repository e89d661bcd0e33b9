package io.paymenthub.provider;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRequest;
import io.paymenthub.refund.Refund;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;

/**
 * The seam between the payment core and one payment platform. Everything that is the platform's own — the
 * shape of its calls, its authentication (its send route and HTTP exchange bean), its idempotency rule, its
 * webhook bodies, its statuses and error codes — lives in the connector's package ({@code provider.<name>});
 * the core speaks only the hub's vocabulary (Payment, PaymentStatus, EventEffect, ProviderPayment). A third
 * platform is one new package with a bean of this type and a route {@code direct:send-<name>}.
 */
public interface PaymentProvider {

    /** As in {@code hub.providers.<name>} and in {@code /webhooks/<name>}. */
    String name();

    /** The payment's idempotency key: the merchant's Idempotency-Key when given, else this platform's rule. */
    String idempotencyKey(PaymentRequest request, String headerKey);

    /** Validation this platform adds to the common one (e.g. cards need a billing address); throws 400. */
    default void validate(PaymentRequest request) {
    }

    /**
     * The create call's body as the hub keeps it for background attempts: never card data, and nothing the
     * platform does not take.
     */
    String storedCreateBody(PaymentRequest request, String idempotencyKey);

    /**
     * The customer's e-mail address as the payment's kept create body ({@link #storedCreateBody}) holds it, for the
     * hub's own mails to the customer (io.paymenthub.confirmation); empty when the request named none.
     */
    Optional<String> customerEmail(Payment payment);

    /** True when submitting needs data the hub never keeps (a card number, a CVC): never queued. */
    default boolean needsCardData(PaymentRequest request) {
        return false;
    }

    /**
     * @param request the client's request while it is being answered (it may carry card data), null for a
     *                background attempt, which has only what the hub kept
     */
    PlatformRequest createPayment(Payment payment, PaymentRequest request);

    ProviderPayment readPayment(JsonNode answer);

    PlatformRequest getPayment(Payment payment);

    /**
     * Whether {@link #getPayment} finds a payment whose create answer never reached the hub (no platform id known):
     * true for a platform that looks payments up by the hub's own key.
     */
    default boolean findsPaymentByIdempotencyKey() {
        return false;
    }

    /** One page of a user's payments, when the platform can list them; empty when it cannot. */
    Optional<PlatformRequest> listPayments(String userId, int limit, int offset);

    List<ProviderPayment> readPaymentPage(JsonNode answer);

    PlatformRequest refund(Payment payment, Refund refund);

    /** The platform's id of a refund it accepted. */
    String readRefundId(JsonNode answer);

    /** The cancel call; a platform that cannot cancel answers a HubHttpException 409 NOT_CANCELLABLE. */
    PlatformRequest cancel(Payment payment);

    /**
     * 3-D Secure, after the front end ran the device data collection: the call that starts the challenge.
     * A platform without 3-D Secure answers a HubHttpException 409 NOT_AUTHENTICATING.
     *
     * @param step the merchant's {@code {"collectionReferenceId", "returnUrl", "deviceInformation"}}, checked
     */
    default PlatformRequest authenticate(Payment payment, JsonNode step) {
        throw new io.paymenthub.common.HubHttpException(409, "NOT_AUTHENTICATING", "The payment is not waiting for authentication");
    }

    /** 3-D Secure, after the challenge: {@code {"authenticationTransactionId"}}, checked. */
    default PlatformRequest validateAuthentication(Payment payment, JsonNode step) {
        throw new io.paymenthub.common.HubHttpException(409, "NOT_AUTHENTICATING", "The payment is not waiting for authentication");
    }

    /** A signed webhook body read into the hub's event; 400 MALFORMED_EVENT when it cannot be. */
    WebhookEvent readWebhookEvent(byte[] body);

    /** What an event stored before effects were kept means (events of this provider from earlier versions). */
    default EventEffect effectOf(String eventType) {
        return EventEffect.NONE;
    }

    /** The customer's sentence for a failed payment's code (seed 000 / seed 004). */
    String failureMessage(String failureCode);
}
