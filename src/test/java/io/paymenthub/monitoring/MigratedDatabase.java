package io.paymenthub.monitoring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.paymenthub.support.HubTestEnvironment;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh database with the hub's Flyway migrations and no Spring context: an in-memory H2 in PostgreSQL mode (the
 * embedded default), a fresh schema of {@code HUB_IT_DATASOURCE_URL}'s PostgreSQL, or a fresh database of
 * {@code HUB_IT_MARIADB_URL}'s MariaDB; the last two are dropped on {@link #close()}. Public for the other features'
 * tests of their SQL (io.paymenthub.webhook.WebhookEventRetentionTest).
 */
public final class MigratedDatabase implements AutoCloseable {

    public final DataSource dataSource;
    private final Runnable drop;

    private MigratedDatabase(DataSource dataSource, Runnable drop) {
        this.dataSource = dataSource;
        this.drop = drop;
    }

    public static MigratedDatabase h2() {
        String url = "jdbc:h2:mem:monitoring-" + suffix() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        return new MigratedDatabase(new DriverManagerDataSource(url, "sa", ""), () -> execute(url, "sa", "", "SHUTDOWN"));
    }

    public static MigratedDatabase postgresql() {
        String url = System.getenv("HUB_IT_DATASOURCE_URL");
        String user = envOr("HUB_IT_DATASOURCE_USERNAME", "postgres");
        String password = envOr("HUB_IT_DATASOURCE_PASSWORD", "");
        String schema = "hub_it_mon_" + suffix();
        Flyway.configure().dataSource(url, user, password).schemas(schema).locations("classpath:db/migration").load().migrate();
        return new MigratedDatabase(new DriverManagerDataSource(HubTestEnvironment.withSchema(url, schema), user, password),
                () -> execute(url, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
    }

    public static MigratedDatabase mariadb() {
        String serverUrl = System.getenv("HUB_IT_MARIADB_URL");
        String user = envOr("HUB_IT_MARIADB_USERNAME", "root");
        String password = envOr("HUB_IT_MARIADB_PASSWORD", "");
        String database = "hub_it_mon_" + suffix();
        execute(serverUrl, user, password, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        String url = HubTestEnvironment.withDatabase(serverUrl, database);
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        return new MigratedDatabase(new DriverManagerDataSource(url, user, password),
                () -> execute(serverUrl, user, password, "DROP DATABASE IF EXISTS " + database));
    }

    @Override
    public void close() {
        drop.run();
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
