package io.paymenthub.common;

import java.time.Duration;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * A query on a connection whose database went away (a network cut, a frozen server) waits for the TCP stack,
 * minutes, without a socket timeout: every request that had borrowed a connection hangs, and so do the pool and
 * the readiness probe behind them. This gives the driver a socket timeout ({@code hub.database.socket-timeout})
 * and a connect timeout ({@code hub.database.connect-timeout}), each in the property name and unit its driver
 * expects (PostgreSQL: seconds, MariaDB/MySQL: milliseconds; H2 runs in the process and has none, and refuses
 * properties it does not know). A value set in the JDBC URL or in
 * {@code spring.datasource.hikari.data-source-properties} wins.
 */
@Component
public class DatabaseTimeouts implements BeanPostProcessor {

    private final Duration socketTimeout;
    private final Duration connectTimeout;

    public DatabaseTimeouts(@Value("${hub.database.socket-timeout:10s}") Duration socketTimeout,
                            @Value("${hub.database.connect-timeout:5s}") Duration connectTimeout) {
        this.socketTimeout = socketTimeout;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            apply(dataSource.getJdbcUrl(), dataSource.getDataSourceProperties());
        }
        return bean;
    }

    void apply(String jdbcUrl, Properties properties) {
        String url = jdbcUrl.toLowerCase();
        if (url.startsWith("jdbc:postgresql:")) {
            setUnlessGiven(url, properties, "socketTimeout", seconds(socketTimeout));
            setUnlessGiven(url, properties, "connectTimeout", seconds(connectTimeout));
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            setUnlessGiven(url, properties, "socketTimeout", Long.toString(socketTimeout.toMillis()));
            setUnlessGiven(url, properties, "connectTimeout", Long.toString(connectTimeout.toMillis()));
        }
    }

    private static void setUnlessGiven(String url, Properties properties, String name, String value) {
        if (!url.contains(name.toLowerCase() + "=") && !properties.containsKey(name)) {
            properties.setProperty(name, value);
        }
    }

    /** At least one second: 0 means "no timeout" to the PostgreSQL driver. */
    private static String seconds(Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
