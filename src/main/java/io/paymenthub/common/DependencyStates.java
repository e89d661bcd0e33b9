package io.paymenthub.common;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Says once that the database or the broker went down, with the cause and its stack trace, and once that it is back,
 * with how long and how many failures it took; in between each failure is one line at most (the caller's), so an
 * outage does not flood the log. Failures are reported by the places that meet them (the error responder, the outbox
 * relay); while a dependency is down its health check (the readiness probe's {@code db} or {@code jms}) is asked every
 * {@code hub.dependencies.check-interval} whether it is back.
 */
@Component("dependencyStates")
public class DependencyStates implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DependencyStates.class);

    public enum Dependency {
        DATABASE("Database", "db"), BROKER("Broker", "jms");

        private final String label;
        private final String healthContributor;

        Dependency(String label, String healthContributor) {
            this.label = label;
            this.healthContributor = healthContributor;
        }
    }

    private final Map<Dependency, Outage> outages = new EnumMap<>(Dependency.class);
    private final HealthContributorRegistry health;
    private final Duration checkInterval;
    private ScheduledExecutorService checker;

    public DependencyStates(HealthContributorRegistry health,
                            @Value("${hub.dependencies.check-interval:1s}") Duration checkInterval) {
        this.health = health;
        this.checkInterval = checkInterval;
    }

    /** The dependency a failure is about, or null when it is not one of a dependency. */
    public static Dependency of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JmsException || cause instanceof jakarta.jms.JMSException) {
                return Dependency.BROKER;
            }
            if (cause instanceof DataAccessException || cause instanceof TransactionException || cause instanceof SQLException) {
                return Dependency.DATABASE;
            }
        }
        return null;
    }

    /** For a route's catch: reports the exchange's caught exception (nothing when it is not a dependency's). */
    public void failedOn(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        Dependency dependency = of(cause);
        if (dependency != null) {
            failed(dependency, cause);
        } else if (cause != null) {
            log.warn("Failure on {}: {}", exchange.getFromRouteId(), reason(cause));
        }
    }

    public void failed(Dependency dependency, Throwable cause) {
        Outage started = null;
        synchronized (outages) {
            Outage outage = outages.get(dependency);
            if (outage == null) {
                started = new Outage(Instant.now());
                outages.put(dependency, started);
            } else {
                outage.failures.incrementAndGet();
            }
        }
        if (started != null) {
            log.error("{} unavailable: {}", dependency.label, reason(cause), cause);
        } else {
            log.debug("{} still unavailable: {}", dependency.label, reason(cause));
        }
    }

    /** False while a dependency is known to be down: a timer then skips its run instead of failing again. */
    public boolean allUp() {
        synchronized (outages) {
            return outages.isEmpty();
        }
    }

    public boolean isDown(Dependency dependency) {
        synchronized (outages) {
            return outages.containsKey(dependency);
        }
    }

    /** Runs on the checker thread: each dependency that is down and whose health check says UP is back. */
    void checkOutages() {
        for (Dependency dependency : Dependency.values()) {
            Outage outage;
            synchronized (outages) {
                outage = outages.get(dependency);
            }
            if (outage == null || !healthy(dependency)) {
                continue;
            }
            synchronized (outages) {
                outages.remove(dependency);
            }
            log.info("{} is back after {} s ({} failures)", dependency.label,
                    Duration.between(outage.since, Instant.now()).toSeconds(), outage.failures.get());
        }
    }

    private boolean healthy(Dependency dependency) {
        if (!(health.getContributor(dependency.healthContributor) instanceof HealthIndicator indicator)) {
            return true;  // no check for it (e.g. health disabled): trust the next failure to say otherwise
        }
        try {
            return Status.UP.equals(indicator.health().getStatus());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The innermost cause with its message, for a log line. */
    public static String reason(Throwable cause) {
        return FailureReason.of(cause, 300);
    }

    @Override
    public synchronized void start() {
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dependency-check");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, checkInterval.toMillis());
        checker.scheduleWithFixedDelay(() -> {
            try {
                checkOutages();
            } catch (RuntimeException e) {
                log.debug("Dependency check failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checker != null;
    }

    private static final class Outage {
        final Instant since;
        final AtomicLong failures = new AtomicLong(1);

        Outage(Instant since) {
            this.since = since;
        }
    }
}
