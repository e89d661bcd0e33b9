package io.paymenthub.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.paymenthub.support.BillingPlatformStub;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.SharedPlatformRouteTestBase;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;

/**
 * The metric names of the shipped Grafana dashboard and Prometheus rules against what the hub really exports: a whole
 * hub (against the stand-in platform) goes through the flows that make its metrics (a succeeded payment, a declined
 * one, a duplicate and a rejected webhook, a token refresh, a login the platform refuses, a dead letter), then every
 * metric name the queries use must be in its {@code /actuator/prometheus}, and every label they filter or group by
 * on at least one series of the query's metrics. A failure lists what is missing, each with the queries that use it.
 */
class MonitoringQueriesRouteTest extends SharedPlatformRouteTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long a test scrapes again for a name that is not there yet. */
    private static final Duration SCRAPE_WAIT = Duration.ofSeconds(15);
    /** Labels a query may use that no series of the hub carries: Prometheus adds them when it scrapes. */
    private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job");

    /** Set by the first test of the class: JUnit makes a test instance per test. */
    private static boolean flowsDone;

    @Value("${hub.queues.payment-requests}")
    String paymentRequests;

    /**
     * Once for the class, before its first test. Not a {@code @BeforeAll}: a static one has no port yet, and with one
     * test instance per class (for an instance {@code @BeforeAll}) the hub's routes answered 404 (the Camel test
     * listener had not started them).
     */
    @BeforeEach
    void runTheFlowsOnce() throws Exception {
        if (flowsDone) {
            return;
        }
        EXPECTED_GROWTH.keySet().forEach(series -> BEFORE.put(series, sum(series)));
        aPaymentSucceedsByItsWebhookWhichComesTwice();
        aPaymentIsDeclined();
        aWebhookWithAWrongSignatureIsRejected();
        theTokenIsRefreshedWhenThePlatformNoLongerTakesIt();
        thePlatformRefusesTheHubsLogin();
        aMessageThatIsNoPaymentIsDeadLettered();
        flowsDone = true;
    }

    /** Each flow's metric, as {@code name|label=value,label=value}, and the series the flows must have moved. */
    private static final Map<String, String> EXPECTED_GROWTH = Map.of(
            "billing_payments_success_total|provider=billing", "the succeeded payment",
            "billing_payments_failure_total|provider=billing,reason=DECLINED", "the declined payment",
            "billing_webhooks_received_total|provider=billing,outcome=duplicate", "the webhook delivered twice",
            "billing_webhooks_received_total|provider=billing,outcome=rejected", "the webhook with a wrong signature",
            "billing_token_refresh_total|provider=billing", "the token refresh",
            "hub_platform_auth_failures_total|provider=billing", "the refused login");
    private static final Map<String, Double> BEFORE = new HashMap<>();

    @Test
    void eachFlowMovesItsOwnSeriesUpAndTheDeadLetterShowsInTheDeadLetterDepth() {
        EXPECTED_GROWTH.forEach((series, flow) ->
                assertThat(sum(series)).as("%s after %s", series, flow).isGreaterThanOrEqualTo(BEFORE.get(series) + 1));
        // the depth is sampled from the broker every hub.monitoring.queue-depth-interval
        String deadLetters = "hub_dead_letter_depth|queue=" + paymentRequests;
        await().atMost(Duration.ofSeconds(30)).until(() -> sum(deadLetters) >= 1);
    }

    /** The sum of the samples of {@code name|label=value,...}: every series of the name that has those labels. */
    private double sum(String series) {
        String[] parts = series.split("\\|", 2);
        List<String> wanted = parts.length < 2 ? List.of()
                : Arrays.stream(parts[1].split(",")).map(pair -> pair.replaceFirst("=(.*)", "=\"$1\"")).toList();
        double total = 0;
        for (String line : hub.get("/actuator/prometheus").body().split("\n")) {
            if (!line.startsWith(parts[0] + "{")) {
                continue;
            }
            String labels = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
            if (wanted.stream().allMatch(pair -> ("," + labels + ",").contains("," + pair + ","))) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() {
        Map<String, String> queries = MonitoringFiles.dashboardExpressions();

        assertThat(missingMetrics(queries, scrapeUntil(scrape -> missingMetrics(queries, scrape).isEmpty())))
                .as("metrics not in /actuator/prometheus, each with the dashboard queries that use it").isEmpty();
    }

    @Test
    void everyMetricTheAlertRulesUseIsExported() {
        Map<String, String> queries = MonitoringFiles.ruleExpressions();

        assertThat(missingMetrics(queries, scrapeUntil(scrape -> missingMetrics(queries, scrape).isEmpty())))
                .as("metrics not in /actuator/prometheus, each with the alert rules that use it").isEmpty();
    }

    @Test
    void everyLabelTheDashboardFiltersOrGroupsByIsOnTheMetricsOfItsQuery() {
        Map<String, String> queries = MonitoringFiles.dashboardExpressions();

        assertThat(missingLabels(queries, scrapeUntil(scrape -> missingLabels(queries, scrape).isEmpty())))
                .as("labels that no series of the query's metrics carries, each with the dashboard queries that use it")
                .isEmpty();
    }

    @Test
    void everyLabelTheAlertRulesFilterOrGroupByIsOnTheMetricsOfTheirExpression() {
        Map<String, String> queries = MonitoringFiles.ruleExpressions();

        assertThat(missingLabels(queries, scrapeUntil(scrape -> missingLabels(queries, scrape).isEmpty())))
                .as("labels that no series of the expression's metrics carries, each with the alert rules that use it")
                .isEmpty();
    }

    // --- the comparisons ------------------------------------------------------------------------------------------

    /**
     * Scrapes until {@code done} holds or {@link #SCRAPE_WAIT} has passed, and returns the last scrape: the timer of
     * an HTTP answer is registered only when the request's observation ends, which for some answers is a few
     * seconds after the client got them.
     */
    private PrometheusScrape scrapeUntil(Predicate<PrometheusScrape> done) {
        long deadline = System.nanoTime() + SCRAPE_WAIT.toNanos();
        while (true) {
            Response metrics = hub.get("/actuator/prometheus");
            assertThat(metrics.status()).isEqualTo(200);
            PrometheusScrape scrape = PrometheusScrape.parse(metrics.body());
            if (done.test(scrape) || System.nanoTime() > deadline) {
                return scrape;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return scrape;
            }
        }
    }

    /** @return each metric the queries use that the scrape lacks, with the queries that use it */
    private static Map<String, List<String>> missingMetrics(Map<String, String> queries, PrometheusScrape scrape) {
        assertThat(queries).as("queries found").isNotEmpty();
        Map<String, List<String>> missing = new TreeMap<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            Set<String> metrics = PromQlNames.of(query.getValue()).metrics();
            assertThat(metrics).as("metrics of %s: %s", query.getKey(), query.getValue()).isNotEmpty();
            for (String metric : metrics) {
                if (!scrape.has(metric)) {
                    missing.computeIfAbsent(metric, name -> new ArrayList<>()).add(query.getKey());
                }
            }
        }
        return missing;
    }

    /**
     * @return each label a query filters or groups by that none of the exported series of its metrics carries, with
     *         the queries that use it (a query none of whose metrics is exported is left to {@link #missingMetrics})
     */
    private static Map<String, List<String>> missingLabels(Map<String, String> queries, PrometheusScrape scrape) {
        Map<String, List<String>> missing = new TreeMap<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            PromQlNames.Names names = PromQlNames.of(query.getValue());
            Set<String> exported = new TreeSet<>();
            names.metrics().stream().filter(scrape::has).forEach(metric -> exported.addAll(scrape.labelsOf(metric)));
            if (exported.isEmpty()) {
                continue;
            }
            for (String label : names.labels()) {
                if (!SCRAPE_LABELS.contains(label) && !exported.contains(label)) {
                    missing.computeIfAbsent(label + " (on none of " + new TreeSet<>(names.metrics()) + ")",
                            key -> new ArrayList<>()).add(query.getKey());
                }
            }
        }
        return missing;
    }

    // --- the flows ------------------------------------------------------------------------------------------------

    private void aPaymentSucceedsByItsWebhookWhichComesTwice() {
        String key = newKey("monitoring-success");
        String providerPaymentId = "pay_" + key;
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment(providerPaymentId, "PENDING"));
        Response created = create(key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();

        String webhook = webhook("evt_" + key, "payment.succeeded", providerPaymentId, "SUCCEEDED");
        assertThat(hub.sendWebhook(webhook).json().path("duplicate").asBoolean()).isFalse();
        awaitStatus(id, "SUCCEEDED");
        assertThat(hub.sendWebhook(webhook).json().path("duplicate").asBoolean()).isTrue();
    }

    private void aPaymentIsDeclined() {
        String key = newKey("monitoring-declined");
        BillingPlatformStub.createAnswers(key, 402, "{\"code\":\"DECLINED\",\"message\":\"Card declined\"}");

        Response declined = create(key);

        assertThat(declined.status()).as(declined.body()).isEqualTo(402);
        assertThat(declined.json().path("failureCode").asText()).isEqualTo("DECLINED");
    }

    private void aWebhookWithAWrongSignatureIsRejected() {
        HubClient impostor = new HubClient(port, "whsec_" + java.util.Base64.getEncoder().encodeToString("not-the-secret".getBytes()));

        Response rejected = impostor.sendWebhook(webhook("evt_" + UUID.randomUUID(), "payment.succeeded", "pay_x", "SUCCEEDED"));

        assertThat(rejected.status()).isEqualTo(401);
    }

    private void theTokenIsRefreshedWhenThePlatformNoLongerTakesIt() {
        String key = newKey("monitoring-token");
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        StubMapping expired = platform.stubFor(once("token-expired-" + key, createFor(key),
                json(401, "{\"code\":\"UNAUTHORIZED\"}")));
        int loginsBefore = BillingPlatformStub.logins();
        try {
            Response created = create(key);

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(BillingPlatformStub.logins()).isGreaterThan(loginsBefore);
        } finally {
            platform.removeStub(expired);
        }
    }

    /**
     * The token is rejected and the next login is refused (once; logins after it succeed again): the payment waits
     * as QUEUED and its retry, later, goes through.
     */
    private void thePlatformRefusesTheHubsLogin() {
        String key = newKey("monitoring-login-refused");
        BillingPlatformStub.createAnswers(key, 201, BillingPlatformStub.platformPayment("pay_" + key, "PENDING"));
        String scenario = "login-refused-" + key;
        StubMapping expired = platform.stubFor(once("token-expired-" + key, createFor(key), json(401, "{\"code\":\"UNAUTHORIZED\"}")));
        StubMapping refused = platform.stubFor(once(scenario, post(urlEqualTo("/auth/login")),
                json(401, "{\"code\":\"INVALID_CREDENTIALS\",\"message\":\"Invalid tenant credentials\"}")));
        try {
            create(key);

            // whichever call logged in next (this payment's, or a retry of another test's queued payment), it was refused
            await().atMost(WAIT).until(() -> platform.getAllScenarios().getScenarios().stream()
                    .anyMatch(s -> s.getName().equals(scenario) && !s.getState().equals(Scenario.STARTED)));
        } finally {
            platform.removeStub(expired);
            platform.removeStub(refused);
        }
    }

    private void aMessageThatIsNoPaymentIsDeadLettered() {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        String marker = UUID.randomUUID().toString();
        jms.send(paymentRequests, session -> {
            TextMessage text = session.createTextMessage("{not a payment");
            text.setStringProperty("testMarker", marker);
            return text;
        });
        String selector = "testMarker = '" + marker + "'";
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(
                jms.browseSelected("DLQ." + paymentRequests, selector, (session, browser) -> browser.getEnumeration().hasMoreElements())));
    }

    // --- requests and stubs ---------------------------------------------------------------------------------------

    private static String newKey(String purpose) {
        return purpose + "-" + UUID.randomUUID();
    }

    private Response create(String key) {
        String body = "{\"userId\":\"user-1\",\"orderId\":\"order-" + key + "\",\"amount\":5000,\"currency\":\"EUR\","
                + "\"description\":\"Order\",\"returnUrl\":\"https://shop.example/return\"}";
        return hub.post("/api/payments", body, "Authorization", "Bearer " + HubClient.TEST_API_KEY,
                "Content-Type", "application/json", "Idempotency-Key", key);
    }

    private static String webhook(String eventId, String eventType, String providerPaymentId, String status) {
        return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"" + eventType + "\",\"createdAt\":\"2026-11-20T10:00:00Z\","
                + "\"data\":{\"paymentId\":\"" + providerPaymentId + "\",\"userId\":\"user-1\",\"amount\":5000,"
                + "\"currency\":\"EUR\",\"status\":\"" + status + "\"}}";
    }

    private void awaitStatus(String id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> hub.getPayment(id).json().path("status").asText(), status::equals);
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder createFor(String key) {
        return post(urlPathEqualTo("/payments")).withHeader("Idempotency-Key", equalTo(key));
    }

    /** A stub that answers the first matching call only; later calls fall through to the other stubs. */
    private static com.github.tomakehurst.wiremock.client.MappingBuilder once(
            String scenario, com.github.tomakehurst.wiremock.client.MappingBuilder call, ResponseDefinitionBuilder answer) {
        return call.inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered").willReturn(answer);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
