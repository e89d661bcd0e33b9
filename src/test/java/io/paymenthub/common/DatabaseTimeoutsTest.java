package io.paymenthub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class DatabaseTimeoutsTest {

    private final DatabaseTimeouts timeouts = new DatabaseTimeouts(Duration.ofSeconds(10), Duration.ofMillis(2500));

    @Test
    void postgresqlGetsItsTimeoutsInSeconds() {
        Properties properties = new Properties();
        timeouts.apply("jdbc:postgresql://db:5432/hub", properties);
        assertThat(properties).containsEntry("socketTimeout", "10").containsEntry("connectTimeout", "3");
    }

    @Test
    void mariadbGetsItsTimeoutsInMilliseconds() {
        Properties properties = new Properties();
        timeouts.apply("jdbc:mariadb://db:3306/hub", properties);
        assertThat(properties).containsEntry("socketTimeout", "10000").containsEntry("connectTimeout", "2500");
    }

    @Test
    void h2GetsNothingItWouldRefuse() {
        Properties properties = new Properties();
        timeouts.apply("jdbc:h2:mem:hub;MODE=PostgreSQL", properties);
        assertThat(properties).isEmpty();
    }

    @Test
    void aTimeoutTheOperatorSetWins() {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "30");
        timeouts.apply("jdbc:postgresql://db:5432/hub?socketTimeout=60", properties);
        assertThat(properties).containsOnlyKeys("connectTimeout").containsEntry("connectTimeout", "30");
    }
}
