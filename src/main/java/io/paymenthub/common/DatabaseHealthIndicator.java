package io.paymenthub.common;

import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code db} health check of the readiness probe (replaces Spring Boot's, which validates without a time
 * limit): a connection from the pool (at most {@code spring.datasource.hikari.connection-timeout}) that the driver
 * confirms valid within {@code hub.database.health-timeout}. So readiness reports DOWN within seconds of a database
 * outage, and UP again as soon as the database answers.
 */
@Component("dbHealthIndicator")
public class DatabaseHealthIndicator extends AbstractHealthIndicator {

    private final DataSource dataSource;
    private final int timeoutSeconds;

    public DatabaseHealthIndicator(DataSource dataSource, @Value("${hub.database.health-timeout:1s}") Duration timeout) {
        super("Database health check failed");
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(timeoutSeconds)) {
                builder.up().withDetail("database", connection.getMetaData().getDatabaseProductName());
            } else {
                builder.down().withDetail("reason", "no answer within " + timeoutSeconds + " s");
            }
        }
    }
}
