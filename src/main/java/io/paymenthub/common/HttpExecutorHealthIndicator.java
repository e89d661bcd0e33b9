package io.paymenthub.common;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Readiness of the HTTP endpoints: platform-http runs every exchange on this pool, so when all its threads are
 * busy and its queue is full, new requests are refused with 503 and a load balancer should send them elsewhere.
 */
public class HttpExecutorHealthIndicator implements HealthIndicator {

    private final Executor executor;

    public HttpExecutorHealthIndicator(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Health health() {
        if (!(executor instanceof ThreadPoolTaskExecutor bounded)) {
            // virtual threads (spring.threads.virtual.enabled): no pool to run out of
            return Health.up().build();
        }
        ThreadPoolExecutor pool = bounded.getThreadPoolExecutor();
        int active = pool.getActiveCount();
        int queued = pool.getQueue().size();
        int free = pool.getQueue().remainingCapacity();
        Health.Builder health = active >= pool.getMaximumPoolSize() && free == 0 ? Health.outOfService() : Health.up();
        return health.withDetail("active", active)
                .withDetail("maxThreads", pool.getMaximumPoolSize())
                .withDetail("queued", queued)
                .withDetail("queueCapacity", queued + free)
                .build();
    }
}
