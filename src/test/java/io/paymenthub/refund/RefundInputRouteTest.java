package io.paymenthub.refund;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The refund body is one JSON object, read strictly (issue 6, item 12b): {@code {}} refunds the rest as documented,
 * an empty or blank body is MALFORMED_JSON (it refunded everything left before), and the Idempotency-Key is bounded
 * by its column (item 12: 503 before).
 */
class RefundInputRouteTest extends SharedPlatformRouteTestBase {

    @Autowired
    PaymentRegistry registry;

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = {"", " ", "\n\t ", "{}}", "{\"amount\":-1,\"amount\":1000}", "[]", "null", "{\"amount\": 1000} x"})
    void aBodyThatIsNotExactlyOneJsonObjectIsRefusedAndRefundsNothing(String body) {
        Payment payment = succeededPayment();

        Response response = refund(payment.id(), body, "refund-" + UUID.randomUUID());

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(refundRows(payment.id())).isZero();
    }

    @Test
    void anEmptyObjectStillRefundsWhatIsLeft() {
        Payment payment = succeededPayment();
        BillingPlatformStub.server().stubFor(post(urlPathEqualTo("/payments/" + payment.providerPaymentId() + "/refunds"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"re_" + UUID.randomUUID() + "\",\"status\":\"PENDING\"}")));

        Response response = refund(payment.id(), "{}", "refund-" + UUID.randomUUID());

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(jdbc.queryForObject("SELECT amount FROM refunds WHERE payment_id = ?", Long.class, payment.id())).isEqualTo(5000);
        await().atMost(Duration.ofSeconds(30)).until(() -> BillingPlatformStub.count(
                postRequestedFor(urlPathEqualTo("/payments/" + payment.providerPaymentId() + "/refunds"))) == 1);
    }

    @Test
    void anIdempotencyKeyOver255CharactersIs400FieldTooLongNot503() {
        Payment payment = succeededPayment();

        Response response = refund(payment.id(), "{\"amount\": 1000}", "k".repeat(256));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("FIELD_TOO_LONG");
        assertThat(refundRows(payment.id())).isZero();
    }

    private Payment succeededPayment() {
        return registry.register(new NewPayment("billing", "pay_" + UUID.randomUUID(), PaymentStatus.SUCCEEDED,
                "user-" + UUID.randomUUID(), "order-" + UUID.randomUUID(), 5000, "EUR", "key-" + UUID.randomUUID(), null));
    }

    private Response refund(String paymentId, String body, String idempotencyKey) {
        return hub.post("/api/payments/" + paymentId + "/refunds", body,
                "Authorization", "Bearer " + HubClient.TEST_API_KEY, "Content-Type", "application/json",
                "Idempotency-Key", idempotencyKey);
    }

    private int refundRows(String paymentId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM refunds WHERE payment_id = ?", Integer.class, paymentId);
    }
}
