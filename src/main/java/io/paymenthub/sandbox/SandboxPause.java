package io.paymenthub.sandbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Deliberate slowness (the {@code sandbox:slow} scenario) that is always bounded and ends as soon as
 * the hub shuts down, so a sleeping request never holds up the graceful shutdown.
 */
public class SandboxPause implements SmartLifecycle {

    /** No pause is longer than this, whatever is configured. */
    static final Duration MAX = Duration.ofMinutes(10);

    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile boolean running;

    /** Waits for {@code duration} (at most {@link #MAX}), or less when the hub stops. */
    public void pause(Duration duration) {
        long millis = Math.min(Math.max(duration.toMillis(), 0), MAX.toMillis());
        try {
            shutdown.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        shutdown.countDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown, which waits for requests in progress. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
