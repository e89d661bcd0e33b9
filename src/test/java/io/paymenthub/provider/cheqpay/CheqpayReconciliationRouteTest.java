package io.paymenthub.provider.cheqpay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.card;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.newOrderId;
import static io.paymenthub.provider.cheqpay.CheqpayPaymentRouteTest.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.JsonHttp;
import io.paymenthub.support.JsonHttp.Answer;
import io.paymenthub.support.TestClock;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * A lost answer, against a WireMock Cheqpay: the connection drops while Cheqpay creates a card payment's order, so the
 * hub answers 503 and keeps the payment CREATED without its Cheqpay id (and, holding no card data, never submits it
 * again); reconciliation looks the order up by its externalId, learns that Cheqpay charged it, and the payment is
 * SUCCEEDED with Cheqpay's id and a history entry of source reconciliation — the order was created once.
 */
@DirtiesContext
class CheqpayReconciliationRouteTest extends HubRouteTestBase {

    private static final WireMockServer CHEQPAY = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    private static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    static {
        CHEQPAY.start();
    }

    @DynamicPropertySource
    static void cheqpay(DynamicPropertyRegistry registry) {
        registry.add("hub.providers.cheqpay.base-url", () -> "http://127.0.0.1:" + CHEQPAY.port());
        registry.add("hub.providers.cheqpay.api-key", () -> "sk_test_key");
        registry.add("hub.providers.cheqpay.merchant-id", () -> "merchant-1");
        registry.add("hub.providers.cheqpay.webhook-secrets", () -> "cheqpay-test-secret");
        registry.add("hub.retry.initial-delay", () -> "10ms");
    }

    @TestBean(name = "clock", methodName = "testClock")
    Clock clock;

    static Clock testClock() {
        return CLOCK;
    }

    @AfterAll
    static void stop() {
        CHEQPAY.stop();
    }

    @Autowired
    ProducerTemplate producer;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCardPaymentWhoseCreateAnswerWasLostIsFoundByItsKeyAndSucceeds() throws Exception {
        CHEQPAY.stubFor(get(urlPathMatching("/pos/customers/.*"))
                .willReturn(okJson("{\"id\":\"cus_1\",\"externalId\":\"user-123\",\"firstName\":\"María\",\"email\":\"a@b.c\"}")));
        CHEQPAY.stubFor(post(urlPathEqualTo("/pos/v2/payment-orders"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String orderId = newOrderId();
        Answer answer = new JsonHttp(port).call("POST", "/api/payments",
                json.writeValueAsString(payment(orderId, 10_000, card(CheqpayPaymentRouteTest.VISA, "123"))),
                "Authorization", "Bearer " + HubClient.TEST_API_KEY);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
        String id = new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                .queryForObject("SELECT id FROM payments WHERE order_id = ?", String.class, orderId);
        int creates = CHEQPAY.countRequestsMatching(postRequestedFor(urlPathEqualTo("/pos/v2/payment-orders")).build()).getCount();
        // Cheqpay did create it: the answer is what the connection lost
        CHEQPAY.stubFor(get(urlPathEqualTo("/pos/v2/payment-orders/order_" + orderId)).willReturn(okJson(
                "{\"id\":\"po_lost_1\",\"externalId\":\"order_" + orderId + "\",\"status\":\"COMPLETED\",\"amount\":10000,"
                        + "\"currency\":\"MXN\"}")));

        CLOCK.advance(Duration.ofMinutes(11));
        producer.requestBody("direct:reconcileDuePayments", "");

        JsonNode reconciled = json.readTree(new HubClient(port).getPayment(id).body());
        assertThat(reconciled.path("status").asText()).as(reconciled.toString()).isEqualTo("SUCCEEDED");
        assertThat(reconciled.path("providerPaymentId").asText()).isEqualTo("po_lost_1");
        assertThat(reconciled.path("history")).singleElement()
                .satisfies(entry -> assertThat(entry.path("source").asText()).isEqualTo("reconciliation"));
        assertThat(CHEQPAY.countRequestsMatching(postRequestedFor(urlPathEqualTo("/pos/v2/payment-orders")).build()).getCount())
                .as("looked up, never created again").isEqualTo(creates);
    }

    @Autowired
    javax.sql.DataSource dataSource;
}
