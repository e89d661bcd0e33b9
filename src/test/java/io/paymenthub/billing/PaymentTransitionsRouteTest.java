package io.paymenthub.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.paymenthub.billing.PaymentFlows.WAIT;
import static io.paymenthub.billing.PaymentFlows.apiGet;
import static io.paymenthub.billing.PaymentFlows.create;
import static io.paymenthub.billing.PaymentFlows.createFor;
import static io.paymenthub.billing.PaymentFlows.json;
import static io.paymenthub.billing.PaymentFlows.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import io.paymenthub.support.TopicRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every path that changes a payment's status goes through one entry (PaymentTransitions), so they agree: the
 * payments.events type is the new status's ({@code payment.succeeded}, {@code payment.failed}, ...) whoever made the
 * change, and every SUCCEEDED and FAILED is counted, by provider. Before the one entry, a create answered SUCCEEDED
 * was published as {@code payment.created} and not counted, and a verify that found FAILED was not counted.
 */
class PaymentTransitionsRouteTest extends SharedPlatformRouteTestBase {

    TopicRecorder topic;

    @BeforeEach
    void subscribe() throws Exception {
        topic = new TopicRecorder(connectionFactory, "payments.events");
    }

    @AfterEach
    void unsubscribe() throws Exception {
        topic.close();
    }

    @Test
    void aCreateAnsweredSucceededIsPublishedAsPaymentSucceededAndCounted() {
        String key = newKey("succeeded-at-once");
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment("pay_" + key, "SUCCEEDED"))));
        double before = counter("billing_payments_success_total", "provider", "billing");

        Response created = create(hub, key);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("status").asText()).isEqualTo("SUCCEEDED");
        String id = created.json().path("id").asText();
        await().atMost(WAIT).until(() -> !topic.forPayment(id).isEmpty());
        List<JsonNode> events = topic.forPayment(id);
        assertThat(events.get(0).path("eventType").asText()).isEqualTo("payment.succeeded");
        assertThat(events.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(counter("billing_payments_success_total", "provider", "billing")).isEqualTo(before + 1);
    }

    @Test
    void aVerifyThatFindsFailedIsPublishedAsPaymentFailedAndCountedAsAFailure() {
        String key = newKey("failed-on-verify");
        String providerPaymentId = "pay_" + key;
        platform.stubFor(createFor(key).willReturn(json(201, BillingPlatformStub.platformPayment(providerPaymentId, "PENDING"))));
        platform.stubFor(get(urlPathEqualTo("/payments/" + providerPaymentId))
                .willReturn(json(200, BillingPlatformStub.platformPayment(providerPaymentId, "FAILED"))));
        String id = create(hub, key).json().path("id").asText();
        double before = counter("billing_payments_failure_total", "provider", "billing");

        Response verified = apiGet(hub, "/api/payments/" + id + "?verify=true");

        assertThat(verified.json().path("status").asText()).isEqualTo("FAILED");
        await().atMost(WAIT).until(() -> topic.forPayment(id).size() >= 2);
        assertThat(topic.forPayment(id).get(1).path("eventType").asText()).isEqualTo("payment.failed");
        assertThat(topic.forPayment(id).get(0).path("eventType").asText()).as("CREATED -> PROVIDER_PENDING")
                .isEqualTo("payment.pending");
        assertThat(counter("billing_payments_failure_total", "provider", "billing")).isEqualTo(before + 1);
    }

    /** The sum of a counter's series that carry {@code label="value"}. */
    private double counter(String name, String label, String value) {
        Response scrape = hub.get("/actuator/prometheus");
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*" + label + "=\"" + Pattern.quote(value) + "\"[^}]*} (\\S+)$")
                .matcher(scrape.body());
        double sum = 0;
        while (line.find()) {
            sum += Double.parseDouble(line.group(1));
        }
        return sum;
    }
}
