package io.paymenthub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the hub adds to a payment: POST /api/payments against a running hub whose billing platform answers at once
 * ({@link InstantPlatform}), so the time measured is the hub's own (authenticate, validate, claim the idempotency key,
 * store, call the platform, record the answer, answer). Each request has a new Idempotency-Key and orderId, so each
 * is a new payment that goes the whole way. Anything but 201 counts as an error: 200 would be a replay, 202 a payment
 * QUEUED because the platform call failed. Not a test: run it by hand or from bench/run {@code --payments}.
 *
 * <pre>args: baseUrl apiKey concurrency seconds [warmupSeconds]</pre>
 */
public final class PaymentOverheadBenchmark {

    private PaymentOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String apiKey = args[1];
        int concurrency = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        if (!URI.create(baseUrl).getHost().matches("127\\.0\\.0\\.1|localhost|\\[::1]")) {
            throw new IllegalArgumentException("The benchmark only targets a hub on this machine (loopback)");
        }
        run(baseUrl, apiKey, concurrency, warmup, false);
        run(baseUrl, apiKey, concurrency, seconds, true);
    }

    private static void run(String baseUrl, String apiKey, int concurrency, int seconds, boolean report)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(baseUrl + "/api/payments");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int maxSamples = 2_000_000;
        long[] latencies = new long[maxSamples];
        AtomicInteger samples = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicLong sequence = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline && samples.get() < maxSamples) {
                    long n = sequence.incrementAndGet();
                    String order = "bench-" + run + "-" + n;
                    // a thousand users, so a user has several payments as in a shop
                    String user = "bench-user-" + (n % 1000);
                    String body = "{\"userId\":\"" + user + "\",\"orderId\":\"" + order + "\",\"amount\":5000,"
                            + "\"currency\":\"EUR\",\"provider\":\"billing\",\"description\":\"Bench order " + n + "\","
                            + "\"returnUrl\":\"https://shop.example/return\",\"customer\":{\"externalId\":\"" + user
                            + "\",\"email\":\"" + user + "@shop.example\",\"firstName\":\"Bench\",\"lastName\":\"User\"}}";
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Idempotency-Key", order)
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 201) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "HTTP " + response.statusCode() + " "
                                    + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                    int slot = samples.getAndIncrement();
                    if (slot < maxSamples) {
                        latencies[slot] = System.nanoTime() - t0;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (!report) {
            return;
        }
        int count = Math.min(samples.get(), maxSamples);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        String errorText = errors.get() == 0 ? "errors 0" : "errors " + errors.get() + " (first: " + firstError.get() + ")";
        System.out.printf("payments: %d requests in %.1f s with %d clients = %.0f req/s; %s; "
                        + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                count, elapsed, concurrency, count / elapsed, errorText,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
