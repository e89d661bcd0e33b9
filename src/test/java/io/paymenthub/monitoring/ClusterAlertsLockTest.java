package io.paymenthub.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.common.DependencyStates;
import io.paymenthub.common.SqlDialect;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two hub instances on one database, each with its own ShedLock provider (as two processes have), built as
 * MonitoringConfiguration builds them: within one interval only one of them evaluates the cluster-wide alerts, and
 * the one that evaluates next does not announce again what the other announced. On H2 always; on PostgreSQL and
 * MariaDB when {@code HUB_IT_DATASOURCE_URL} / {@code HUB_IT_MARIADB_URL} name them (ShedLock's SQL differs by database).
 */
class ClusterAlertsLockTest {

    private static final Duration INTERVAL_LOCK = Duration.ofSeconds(2);

    @Test
    void twoInstancesEvaluatingAtTheSameMomentEvaluateOnceOnH2() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            twoInstancesEvaluatingAtTheSameMomentEvaluateOnce(database);
        }
    }

    @Test
    void theNextIntervalsInstanceDoesNotAnnounceAgainOnH2() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.h2()) {
            theSecondInstanceSkipsTheIntervalAndTheNextOneDoesNotAnnounceAgain(database);
        }
    }

    /** The route's error policy reports it as what it is: the database is away (once, by DependencyStates). */
    @Test
    void whileTheDatabaseIsAwayTheLockCannotBeTakenAndTheFailureIsADatabaseOutage() {
        MigratedDatabase database = MigratedDatabase.h2();
        CountingCondition condition = new CountingCondition();
        ClusterAlerts instance = instance(database, condition);
        database.close();

        assertThatThrownBy(instance::evaluate)
                .satisfies(failure -> assertThat(DependencyStates.of(failure)).isEqualTo(DependencyStates.Dependency.DATABASE));
        assertThat(condition.reads.get()).isZero();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_DATASOURCE_URL", matches = "jdbc:postgresql:.*")
    void twoInstancesEvaluatingAtTheSameMomentEvaluateOnceOnPostgresql() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.postgresql()) {
            twoInstancesEvaluatingAtTheSameMomentEvaluateOnce(database);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_DATASOURCE_URL", matches = "jdbc:postgresql:.*")
    void theNextIntervalsInstanceDoesNotAnnounceAgainOnPostgresql() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.postgresql()) {
            theSecondInstanceSkipsTheIntervalAndTheNextOneDoesNotAnnounceAgain(database);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_MARIADB_URL", matches = "jdbc:(mariadb|mysql):.*")
    void twoInstancesEvaluatingAtTheSameMomentEvaluateOnceOnMariadb() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.mariadb()) {
            twoInstancesEvaluatingAtTheSameMomentEvaluateOnce(database);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_MARIADB_URL", matches = "jdbc:(mariadb|mysql):.*")
    void theNextIntervalsInstanceDoesNotAnnounceAgainOnMariadb() throws Exception {
        try (MigratedDatabase database = MigratedDatabase.mariadb()) {
            theSecondInstanceSkipsTheIntervalAndTheNextOneDoesNotAnnounceAgain(database);
        }
    }

    private void twoInstancesEvaluatingAtTheSameMomentEvaluateOnce(MigratedDatabase database) throws Exception {
        CountingCondition firstCondition = new CountingCondition();
        CountingCondition secondCondition = new CountingCondition();
        // each evaluation takes a while, so that the two overlap
        firstCondition.slow();
        secondCondition.slow();
        ClusterAlerts first = instance(database, firstCondition);
        ClusterAlerts second = instance(database, secondCondition);
        CountDownLatch start = new CountDownLatch(1);

        CompletableFuture<List<AlertNotice>> a = CompletableFuture.supplyAsync(() -> evaluateAfter(start, first));
        CompletableFuture<List<AlertNotice>> b = CompletableFuture.supplyAsync(() -> evaluateAfter(start, second));
        start.countDown();
        List<AlertNotice> fromFirst = a.get(20, TimeUnit.SECONDS);
        List<AlertNotice> fromSecond = b.get(20, TimeUnit.SECONDS);

        assertThat(firstCondition.reads.get() + secondCondition.reads.get()).as("evaluations of the locked part").isEqualTo(1);
        assertThat(fromFirst.size() + fromSecond.size()).as("firings announced").isEqualTo(1);
    }

    private void theSecondInstanceSkipsTheIntervalAndTheNextOneDoesNotAnnounceAgain(MigratedDatabase database) {
        CountingCondition firstCondition = new CountingCondition();
        CountingCondition secondCondition = new CountingCondition();
        ClusterAlerts first = instance(database, firstCondition);
        ClusterAlerts second = instance(database, secondCondition);

        List<AlertNotice> fired = first.evaluate();
        assertThat(fired).singleElement().satisfies(notice -> assertThat(notice.state()).isEqualTo("firing"));
        first.announced(fired.get(0));

        // the other instance's timer fires in the same interval: the lock is still taken
        assertThat(second.evaluate()).isEmpty();
        assertThat(secondCondition.reads.get()).isZero();

        // the next interval: the other instance takes the lock, sees the shared state, and stays silent
        List<List<AlertNotice>> announced = new java.util.ArrayList<>();
        await().atMost(INTERVAL_LOCK.multipliedBy(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            announced.add(second.evaluate());
            return secondCondition.reads.get() == 1;
        });
        assertThat(announced).allSatisfy(notices -> assertThat(notices).isEmpty());

        // and when the condition ends, it is the one that announces the clearing
        secondCondition.quiet();
        await().atMost(INTERVAL_LOCK.multipliedBy(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<AlertNotice> notices = second.evaluate();
            return notices.size() == 1 && notices.get(0).state().equals("cleared");
        });
        assertThat(firstCondition.reads.get()).isEqualTo(1);
    }

    private static List<AlertNotice> evaluateAfter(CountDownLatch start, ClusterAlerts instance) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return instance.evaluate();
    }

    /** One hub instance's cluster-wide part: its own lock provider, as MonitoringConfiguration makes it. */
    private static ClusterAlerts instance(MigratedDatabase database, CountingCondition condition) {
        SqlDialect dialect;
        try {
            dialect = new SqlDialect(database.dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource);
        AlertGauges gauges = new AlertGauges(new SimpleMeterRegistry(), List.of(CountingCondition.ALERT));
        return new ClusterAlerts(
                new DefaultLockingTaskExecutor(new MonitoringConfiguration().lockProvider(database.dataSource)),
                new SharedAlertStates(jdbc, dialect, new ObjectMapper(), Clock.systemUTC()),
                new AlertEvaluator(gauges, mock(DependencyStates.class), "hub-test"), gauges, List.of(condition),
                INTERVAL_LOCK, INTERVAL_LOCK, Clock.systemUTC());
    }

    /** A condition that fires (until told otherwise) and counts how often it was read. */
    private static final class CountingCondition implements AlertCondition {
        static final String ALERT = "LockedTestAlert";
        final AtomicInteger reads = new AtomicInteger();
        private final AtomicBoolean firing = new AtomicBoolean(true);
        private volatile boolean slow;

        void slow() {
            slow = true;
        }

        void quiet() {
            firing.set(false);
        }

        @Override
        public String alert() {
            return ALERT;
        }

        @Override
        public String severity() {
            return "warning";
        }

        @Override
        public String whatToCheck() {
            return "nothing, it is a test";
        }

        @Override
        public AlertReading read(Instant now, Map<String, Long> memory) {
            reads.incrementAndGet();
            if (slow) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new AlertReading(firing.get(), 1, 1, Duration.ofMinutes(5), "a test condition", Map.of());
        }
    }
}
