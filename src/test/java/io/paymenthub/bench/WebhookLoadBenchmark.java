package io.paymenthub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.paymenthub.support.WebhookSigner;

/**
 * Throughput of POST /webhooks/billing against a running hub: each request is a new, correctly signed
 * event, so every one goes the whole way (verify, record, persistent broker hand-off, commit).
 * Not a test: run it by hand, see README "Benchmark". Bounded in requests and time.
 *
 * <pre>args: baseUrl secret connections seconds [warmupSeconds]</pre>
 */
public final class WebhookLoadBenchmark {

    private WebhookLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        WebhookSigner signer = new WebhookSigner(args[1]);
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        if (!URI.create(baseUrl).getHost().matches("127\\.0\\.0\\.1|localhost|\\[::1]")) {
            throw new IllegalArgumentException("The benchmark only targets a hub on this machine (loopback)");
        }
        run(baseUrl, signer, connections, warmup, false);
        run(baseUrl, signer, connections, seconds, true);
    }

    private static void run(String baseUrl, WebhookSigner signer, int connections, int seconds, boolean report)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(baseUrl + "/webhooks/billing");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int maxSamples = 5_000_000;
        long[] latencies = new long[maxSamples];
        AtomicInteger samples = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicLong sequence = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline && samples.get() < maxSamples) {
                    long n = sequence.incrementAndGet();
                    String body = "{\"eventId\":\"bench-" + run + "-" + n + "\",\"eventType\":\"payment.pending\","
                            + "\"data\":{\"paymentId\":\"bench-pay-" + run + "-" + n + "\",\"amount\":5000}}";
                    WebhookSigner.SignedWebhook signed = signer.sign(body, Instant.now());
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .header("webhook-id", signed.id())
                            .header("webhook-timestamp", signed.timestamp())
                            .header("webhook-signature", signed.signature())
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    int slot = samples.getAndIncrement();
                    if (slot < maxSamples) {
                        latencies[slot] = System.nanoTime() - t0;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (!report) {
            return;
        }
        int count = Math.min(samples.get(), maxSamples);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        System.out.printf("webhooks: %d requests in %.1f s with %d connections = %.0f req/s; errors %d; "
                        + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                count, elapsed, connections, count / elapsed, errors.get(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
