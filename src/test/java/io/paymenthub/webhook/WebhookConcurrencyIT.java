package io.paymenthub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.ConnectionFactory;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.PaymentRegistry;
import io.paymenthub.payment.PaymentRegistry.NewPayment;
import io.paymenthub.payment.PaymentRepository;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.HubRouteTestBase;
import io.paymenthub.support.HubClient.Response;
import io.paymenthub.support.TopicRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The seed's webhook load test as a correctness test (not timed): 50 concurrent senders deliver
 * 1,000 events plus 20 % duplicates, shuffled so that copies race their originals. Every event is a
 * refund of 1 unit, which the state machine accepts in any order, so each payment's refunded amount
 * counts exactly how many distinct events were applied to it: a lost event makes it smaller, an event
 * applied twice makes it larger.
 */
class WebhookConcurrencyIT extends HubRouteTestBase {

    private static final int SENDERS = 50;
    private static final int EVENTS = 1000;
    private static final int DUPLICATES = EVENTS / 5;
    private static final int PAYMENTS = 10;

    @Autowired
    PaymentRegistry registry;
    @Autowired
    PaymentRepository payments;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void appliesEveryEventExactlyOnceUnderConcurrentDuplicateDelivery() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Payment> targets = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            targets.add(registry.register(new NewPayment("billing", "load-" + run + "-" + i, PaymentStatus.SUCCEEDED,
                    "user-" + i, "order-" + run + "-" + i, 1_000_000, "EUR", null, null)));
        }
        List<String> deliveries = new ArrayList<>();
        for (int n = 0; n < EVENTS; n++) {
            deliveries.add("{\"eventId\":\"load-" + run + "-evt-" + n + "\",\"eventType\":\"refund.succeeded\",\"createdAt\":\""
                    + Instant.now() + "\",\"data\":{\"paymentId\":\"load-" + run + "-" + (n % PAYMENTS) + "\",\"amount\":1}}");
        }
        Random random = new Random(42);
        for (int d = 0; d < DUPLICATES; d++) {
            deliveries.add(deliveries.get(random.nextInt(EVENTS)));
        }
        Collections.shuffle(deliveries, random);

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        try (TopicRecorder topic = new TopicRecorder(connectionFactory, "payments.events")) {
            ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>(deliveries);
            HubClient hub = new HubClient(port);
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            for (int s = 0; s < SENDERS; s++) {
                senders.submit(() -> {
                    for (String body = pending.poll(); body != null; body = pending.poll()) {
                        Response response = hub.sendWebhook(body);
                        // a 503 (e.g. every database connection busy in the cold start's burst) records nothing, so
                        // the platform retries it (contract section 2): so does this sender, a bounded number of times
                        for (int retry = 0; response.status() == 503 && retry < 10; retry++) {
                            sleep(200L * (retry + 1));
                            response = hub.sendWebhook(body);
                        }
                        String outcome = response.status() != 200 ? "status " + response.status()
                                : response.json().path("duplicate").asBoolean() ? "duplicate" : "accepted";
                        outcomes.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
            senders.shutdown();
            assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

            assertThat(outcomes.keySet()).containsExactlyInAnyOrder("accepted", "duplicate");
            assertThat(outcomes.get("accepted").get()).isEqualTo(EVENTS);
            assertThat(outcomes.get("duplicate").get()).isEqualTo(DUPLICATES);

            await().atMost(Duration.ofMinutes(2)).until(() -> totalRefunded(targets) >= EVENTS);
            // stays there: nothing arrives late and is applied a second time
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> totalRefunded(targets) == EVENTS);
            for (Payment target : targets) {
                Payment after = payments.findById(target.id()).orElseThrow();
                assertThat(after.refundedAmount()).as(target.providerPaymentId()).isEqualTo(EVENTS / PAYMENTS);
                assertThat(after.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
            }
            assertThat(count("SELECT COUNT(*) FROM webhook_events WHERE event_id LIKE ?", "load-" + run + "-evt-%")).isEqualTo(EVENTS);
            assertThat(count("SELECT COUNT(*) FROM payment_events WHERE event_id LIKE ? AND applied_at IS NOT NULL",
                    "load-" + run + "-evt-%")).isEqualTo(EVENTS);
            // one status change per payment (SUCCEEDED -> PARTIALLY_REFUNDED), published once each
            await().atMost(Duration.ofSeconds(20)).until(() -> targets.stream().allMatch(t -> topic.forPayment(t.id()).size() == 1));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long totalRefunded(List<Payment> targets) {
        return targets.stream().mapToLong(t -> payments.findById(t.id()).orElseThrow().refundedAmount()).sum();
    }

    private int count(String sql, String pattern) {
        return jdbc.queryForObject(sql, Integer.class, pattern);
    }
}
