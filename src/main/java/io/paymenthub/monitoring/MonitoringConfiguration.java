package io.paymenthub.monitoring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.common.DependencyStates;
import io.paymenthub.common.SqlDialect;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The alert monitor's parts, split by where their facts live. Cluster-wide facts (payment outcomes in the database,
 * dead letters on the broker) are the same for every instance: one instance at a time evaluates them, under a
 * ShedLock lock in the database ({@link ClusterAlerts}), with states every instance shares. Per-instance facts (this
 * instance's webhook 5xx answers, the platforms' refusals of its credentials) are in its own meters: each instance
 * evaluates them for itself without a lock, because a database outage, which makes the webhook endpoint answer 503,
 * must still raise that alert, and no database lock can be taken then ({@link InstanceAlerts}).
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {

    /** ShedLock's lock table {@code shedlock} (migration V7), with the database's clock, so instances' clocks may differ. */
    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }

    @Bean
    LockingTaskExecutor lockingTaskExecutor(LockProvider lockProvider) {
        return new DefaultLockingTaskExecutor(lockProvider);
    }

    @Bean
    AlertGauges alertGauges(MeterRegistry registry, List<AlertCondition> conditions) {
        return new AlertGauges(registry, conditions.stream().map(AlertCondition::alert).toList());
    }

    @Bean
    AlertEvaluator alertEvaluator(AlertGauges gauges, DependencyStates dependencies, MonitoringProperties properties) {
        return new AlertEvaluator(gauges, dependencies, instanceName(properties));
    }

    @Bean
    SharedAlertStates sharedAlertStates(JdbcTemplate jdbc, SqlDialect dialect, ObjectMapper json, Clock clock) {
        return new SharedAlertStates(jdbc, dialect, json, clock);
    }

    @Bean
    ClusterAlerts clusterAlerts(LockingTaskExecutor locks, SharedAlertStates states, AlertEvaluator evaluator,
                                AlertGauges gauges, PaymentSuccessRateCondition successRate,
                                PaymentFailureSpikeCondition failureSpike, DeadLetterGrowthCondition deadLetters,
                                MonitoringProperties properties, Clock clock) {
        if (properties.effectiveLockAtLeastFor().compareTo(properties.getInterval()) >= 0) {
            throw new IllegalStateException("hub.monitoring.lock-at-least-for (" + properties.effectiveLockAtLeastFor()
                    + ") must be shorter than hub.monitoring.interval (" + properties.getInterval()
                    + "), or no instance could evaluate at every interval");
        }
        return new ClusterAlerts(locks, states, evaluator, gauges, List.of(successRate, failureSpike, deadLetters),
                properties.effectiveLockAtLeastFor(), properties.effectiveLockAtMostFor(), clock);
    }

    @Bean
    InstanceAlerts instanceAlerts(AlertEvaluator evaluator, WebhookEndpointErrorsCondition webhookErrors,
                                  PlatformAuthenticationFailuresCondition authFailures, Clock clock) {
        return new InstanceAlerts(new LocalAlertStates(), evaluator, List.of(webhookErrors, authFailures), clock);
    }

    @Bean
    AlertAnnouncements alertAnnouncements(ObjectMapper json, ClusterAlerts cluster, InstanceAlerts instance) {
        return new AlertAnnouncements(json, cluster, instance);
    }

    static String instanceName(MonitoringProperties properties) {
        if (properties.getInstance() != null && !properties.getInstance().isBlank()) {
            return properties.getInstance();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
