package io.paymenthub.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.webhook.StandardWebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Delivers the sandbox's webhooks to the hub as a real platform would: a JSON event (contract
 * section 2) signed with Standard Webhooks, POSTed to the hub's {@code /webhooks/billing}, tried again
 * a bounded number of times while the hub does not answer 2xx. Runs on a small scheduler of its own,
 * stopped with the application context before the web server goes away. The sandbox Cheqpay delivers
 * its own events through {@link #post} too, so both platforms share one scheduler and one retry rule.
 */
public class SandboxWebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SandboxWebhookSender.class);

    static final int MAX_ATTEMPTS = 3;
    /** Pause before the 2nd and 3rd attempt. */
    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3));
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final StandardWebhookSignature signature;
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<URI> target;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor scheduler;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger delivered = new AtomicInteger();
    private volatile boolean running;

    /**
     * @param signature signs with its first key, the billing webhook secret the hub accepts
     * @param target    the hub's webhook URL, asked at each delivery (the port is known late)
     */
    public SandboxWebhookSender(StandardWebhookSignature signature, ObjectMapper json, Clock clock, Supplier<URI> target) {
        this.signature = signature;
        this.json = json;
        this.clock = clock;
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(4, task -> {
            Thread thread = new Thread(task, "sandbox-webhooks-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code step} after {@code delay}, on the sender's scheduler. */
    public void later(Duration delay, Runnable step) {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("Sandbox webhook step failed: {}", e.toString());
            }
        }, Math.max(delay.toMillis(), 0), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends one event now, {@code copies} times with the same id (the copies at the same moment, as a
     * platform that retries too eagerly would).
     *
     * @return the event id
     */
    public String send(String eventType, Map<String, Object> data, int copies) {
        String eventId = "evt_" + HexFormat.of().formatHex(randomBytes());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("eventType", eventType);
        event.put("createdAt", clock.instant().toString());
        event.put("data", data);
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a webhook body", e);
        }
        for (int copy = 0; copy < copies; copy++) {
            // signed at each attempt: the hub checks the timestamp against its tolerance
            later(Duration.ZERO, () -> post(eventId, eventType, target.get(), () -> {
                long timestamp = clock.instant().getEpochSecond();
                return Map.of("webhook-id", eventId, "webhook-timestamp", Long.toString(timestamp),
                        "webhook-signature", signature.sign(eventId, timestamp, body));
            }, body));
        }
        return eventId;
    }

    /** How many deliveries the hub acknowledged with 2xx (for tests). */
    public int deliveredCount() {
        return delivered.get();
    }

    /**
     * POSTs a JSON webhook now, on the calling thread, and tries it again later (on the scheduler) while the
     * receiver does not answer 2xx, at most {@link #MAX_ATTEMPTS} times in all.
     *
     * @param headers the signature headers, made again for each attempt
     */
    public void post(String eventId, String eventType, URI url, Supplier<Map<String, String>> headers, byte[] body) {
        deliver(eventId, eventType, url, headers, body, 1);
    }

    private void deliver(String eventId, String eventType, URI url, Supplier<Map<String, String>> headers, byte[] body,
                         int attempt) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.get().forEach(builder::header);
        HttpRequest request = builder.build();
        String problem;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                log.debug("Sandbox webhook {} ({}) delivered: {}", eventId, eventType, response.statusCode());
                return;
            }
            problem = "status " + response.statusCode();
        } catch (IOException e) {
            problem = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            // the context is closing: an in-memory sandbox's pending webhooks end with it
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt < MAX_ATTEMPTS && !scheduler.isShutdown()) {
            log.info("Sandbox webhook {} ({}) attempt {} failed ({}); trying again", eventId, eventType, attempt, problem);
            later(RETRY_DELAYS.get(attempt - 1), () -> deliver(eventId, eventType, url, headers, body, attempt + 1));
        } else {
            log.warn("Sandbox webhook {} ({}) not delivered after {} attempts ({})", eventId, eventType, attempt, problem);
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Sandbox webhook sender did not stop within 5s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server, so no delivery races the hub's own shutdown. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
