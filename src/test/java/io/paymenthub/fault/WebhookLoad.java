package io.paymenthub.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.support.HubClient;
import io.paymenthub.support.WebhookSigner;

/**
 * Signed one-unit refund events for a set of payments, posted concurrently to /webhooks/billing the way a platform
 * does; every answer is kept with its status, whether it was the contract's JSON, and how long it took. An event
 * whose payment's refunded amount grows by exactly one is applied once.
 */
final class WebhookLoad {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final WebhookSigner signer = new WebhookSigner(HubClient.TEST_SECRET);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final List<String> events = new ArrayList<>();
    final List<String> eventIds = new ArrayList<>();
    /** event index -> true once a 200 was received for it */
    final Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
    final AtomicInteger answers = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    final ConcurrentLinkedQueue<String> notJson = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger slowestMillis = new AtomicInteger();

    WebhookLoad(int port, String runId, List<String> providerPaymentIds, int count) {
        this.port = port;
        String createdAt = Instant.now().toString();
        for (int n = 0; n < count; n++) {
            String eventId = "fault-" + runId + "-evt-" + n;
            eventIds.add(eventId);
            events.add("{\"eventId\":\"" + eventId + "\",\"eventType\":\"refund.succeeded\",\"createdAt\":\"" + createdAt
                    + "\",\"data\":{\"paymentId\":\"" + providerPaymentIds.get(n % providerPaymentIds.size())
                    + "\",\"amount\":1}}");
        }
    }

    /** Events expected per provider payment id. */
    static Map<String, Integer> expectedPerPayment(List<String> providerPaymentIds, int count) {
        Map<String, Integer> expected = new ConcurrentHashMap<>();
        for (int n = 0; n < count; n++) {
            expected.merge(providerPaymentIds.get(n % providerPaymentIds.size()), 1, Integer::sum);
        }
        return expected;
    }

    /** Sends every event once from {@code senders} threads; returns without waiting (see {@link #await}). */
    ExecutorService sendAllOnce(int senders) {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        for (int s = 0; s < senders; s++) {
            pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < events.size(); n = next.getAndIncrement()) {
                    send(n);
                }
            });
        }
        pool.shutdown();
        return pool;
    }

    static void await(ExecutorService pool, Duration atMost) throws InterruptedException {
        if (!pool.awaitTermination(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("senders did not finish within " + atMost);
        }
    }

    /** What a platform does: every event without a 200 is sent again, a few times, until it gets one. */
    void resendUnacknowledged(int attempts, Duration pause) throws InterruptedException {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            List<Integer> missing = new ArrayList<>();
            for (int n = 0; n < events.size(); n++) {
                if (!acknowledged.containsKey(n)) {
                    missing.add(n);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int s = 0; s < 8; s++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < missing.size(); i = next.getAndIncrement()) {
                        send(missing.get(i));
                    }
                });
            }
            pool.shutdown();
            await(pool, Duration.ofSeconds(120));
            Thread.sleep(pause.toMillis());
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    int unacknowledgedCount() {
        return events.size() - acknowledged.size();
    }

    Duration slowestAnswer() {
        return Duration.ofMillis(slowestMillis.get());
    }

    private void send(int n) {
        String body = events.get(n);
        WebhookSigner.SignedWebhook signed = signer.sign(body, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/billing"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("webhook-id", signed.id())
                .header("webhook-timestamp", signed.timestamp())
                .header("webhook-signature", signed.signature())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            slowestMillis.accumulateAndGet((int) ((System.nanoTime() - started) / 1_000_000), Math::max);
            answers.incrementAndGet();
            JsonNode json = parse(answer.body());
            if (json == null || !json.isObject()) {
                notJson.add(answer.statusCode() + " " + answer.body());
            } else if (answer.statusCode() == 200) {
                acknowledged.put(n, Boolean.TRUE);
            } else if (!json.hasNonNull("error") || !json.hasNonNull("code")) {
                notJson.add(answer.statusCode() + " " + answer.body());
            } else {
                refusals.incrementAndGet();
            }
        } catch (IOException e) {
            slowestMillis.accumulateAndGet((int) ((System.nanoTime() - started) / 1_000_000), Math::max);
            failures.add(eventIds.get(n) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
