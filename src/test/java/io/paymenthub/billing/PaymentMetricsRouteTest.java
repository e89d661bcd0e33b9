package io.paymenthub.billing;

import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.acceptCreate;
import static io.paymenthub.billing.PaymentFlows.awaitStatus;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.createFor;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.newEventId;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static io.paymenthub.billing.PaymentFlows.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.junit.jupiter.api.Test;

/**
 * The distributions of contract section 7 after real flows, read from {@code /actuator/prometheus}: each new payment's
 * amount and each payment's time from creation to its outcome, by provider and currency, as Prometheus histograms; a
 * webhook's time from receipt to its effect on the payment, by provider. Counts are compared before and after, since
 * the Spring context (and its registry) is shared with other scenario classes.
 */
class PaymentMetricsRouteTest extends SharedPlatformRouteTestBase {

    private static final String RECEIPT_TO_APPLIED =
            "hub_webhook_receipt_to_applied_seconds_count{application=\"payment-hub\",provider=\"billing\"}";
    private static final String PROCESSING =
            "billing_webhook_processing_duration_seconds_count{application=\"payment-hub\",provider=\"billing\"}";

    @Test
    void aNewPaymentsAmountIsRecordedByProviderAndCurrencyInFixedBuckets() {
        String amountCount = "billing_payment_amount_count{application=\"payment-hub\",currency=\"HUF\",provider=\"billing\"}";
        String bucket = "billing_payment_amount_bucket{application=\"payment-hub\",currency=\"HUF\",provider=\"billing\",le=\"5000.0\"}";
        double before = sample(amountCount);
        double inBucketBefore = sample(bucket);
        String key = newKey("amount");
        acceptCreate(platform, key);

        Response created = create(hub, key, "user-1", 2_600, "HUF");
        // the same request again is the same payment: not a second amount
        create(hub, key, "user-1", 2_600, "HUF");

        assertThat(created.status()).isEqualTo(201);
        assertThat(sample(amountCount)).isEqualTo(before + 1);
        assertThat(sample(bucket)).as("2,600 is at most 5,000").isEqualTo(inBucketBefore + 1);
    }

    @Test
    void aPaymentThatEndsIsTimedFromCreationToItsOutcome() {
        String durationCount = "billing_payment_duration_seconds_count{application=\"payment-hub\",currency=\"EUR\",provider=\"billing\"}";
        double before = sample(durationCount);
        String key = newKey("duration");
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "SUCCEEDED"))));

        create(hub, key);

        assertThat(sample(durationCount)).isEqualTo(before + 1);
        assertThat(hub.get("/actuator/prometheus").body())
                .contains("billing_payment_duration_seconds_bucket{application=\"payment-hub\",currency=\"EUR\",provider=\"billing\",le=\"1.0\"}");
    }

    @Test
    void aWebhookAppliedToItsPaymentIsTimedFromReceiptAndProcessingByProvider() {
        String key = newKey("receipt");
        String providerPaymentId = acceptCreate(platform, key);
        String id = create(hub, key).json().path("id").asText();
        double receiptBefore = sample(RECEIPT_TO_APPLIED);
        double processingBefore = sample(PROCESSING);

        assertThat(hub.sendWebhook(webhook(newEventId("payment.succeeded"), "payment.succeeded", providerPaymentId, "SUCCEEDED"))
                .status()).isEqualTo(200);

        awaitStatus(hub, id, "SUCCEEDED");
        await().atMost(WAIT).until(() -> sample(RECEIPT_TO_APPLIED) == receiptBefore + 1);
        assertThat(sample(PROCESSING)).isEqualTo(processingBefore + 1);
    }

    @Test
    void aWebhookForAPaymentTheHubDoesNotKnowIsNotTimedAsApplied() {
        double receiptBefore = sample(RECEIPT_TO_APPLIED);
        double processingBefore = sample(PROCESSING);

        hub.sendWebhook(webhook(newEventId("payment.succeeded"), "payment.succeeded", "pay_unknown_" + newKey("x"), "SUCCEEDED"));

        await().atMost(WAIT).until(() -> sample(PROCESSING) >= processingBefore + 1);
        assertThat(sample(RECEIPT_TO_APPLIED)).as("kept for its payment, not applied").isEqualTo(receiptBefore);
    }

    /** One sample of the scrape, 0 when the series does not exist yet. */
    private double sample(String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(hub.get("/actuator/prometheus").body());
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
