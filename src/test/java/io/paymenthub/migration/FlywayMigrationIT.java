package io.paymenthub.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import io.paymenthub.payment.PaymentStatus;
import io.paymenthub.webhook.EventEffect;
import io.paymenthub.webhook.WebhookEvent;
import io.paymenthub.webhook.WebhookInboxEntry;
import io.paymenthub.webhook.WebhookInboxTable;
import java.time.Instant;

import io.paymenthub.common.SqlDialect;
import io.paymenthub.support.HubTestEnvironment;

/**
 * The Flyway migrations ({@code classpath:db/migration}) on every database the hub supports, without a Spring
 * context: always on an in-memory H2 in PostgreSQL mode; on PostgreSQL when {@code HUB_IT_DATASOURCE_URL} is set
 * (in a fresh schema {@code hub_it_mig_<random>}); on MariaDB when {@code HUB_IT_MARIADB_URL} is set (in a fresh
 * database {@code hub_it_mig_<random>}). Both are dropped afterwards.
 */
class FlywayMigrationIT {

    static final List<String> TABLES = List.of("webhook_events", "webhook_inbox", "payments", "payment_events", "outbox_messages",
            "shedlock", "hub_alert_states");

    static final String INSERT_WEBHOOK_EVENT =
            "INSERT INTO webhook_events (provider, event_id, event_type, payment_id, processed_at) VALUES (?,?,?,?,?)";

    @Test
    void migratesH2InPostgresqlMode() throws Exception {
        String url = "jdbc:h2:mem:mig-" + randomSuffix()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        // this connection keeps the in-memory database alive while Flyway opens and closes its own
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            migrate(Flyway.configure().dataSource(url, "sa", ""));
            assertMigrated(connection, new DriverManagerDataSource(url, "sa", ""),
                    INSERT_WEBHOOK_EVENT + " ON CONFLICT DO NOTHING");
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_DATASOURCE_URL", matches = "jdbc:postgresql:.*")
    void migratesPostgresqlInAFreshSchema() throws Exception {
        String url = System.getenv("HUB_IT_DATASOURCE_URL");
        String user = envOr("HUB_IT_DATASOURCE_USERNAME", "postgres");
        String password = envOr("HUB_IT_DATASOURCE_PASSWORD", "");
        String schema = "hub_it_mig_" + randomSuffix();
        try {
            // Flyway creates the schema it is given
            migrate(Flyway.configure().dataSource(url, user, password).schemas(schema));
            String schemaUrl = HubTestEnvironment.withSchema(url, schema);
            try (Connection connection = DriverManager.getConnection(schemaUrl, user, password)) {
                assertThat(connection.getSchema()).isEqualTo(schema);
                assertMigrated(connection, new DriverManagerDataSource(schemaUrl, user, password),
                        INSERT_WEBHOOK_EVENT + " ON CONFLICT DO NOTHING");
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "HUB_IT_MARIADB_URL", matches = "jdbc:(mariadb|mysql):.*")
    void migratesMariadbInAFreshDatabase() throws Exception {
        String serverUrl = System.getenv("HUB_IT_MARIADB_URL");
        String user = envOr("HUB_IT_MARIADB_USERNAME", "root");
        String password = envOr("HUB_IT_MARIADB_PASSWORD", "");
        String database = "hub_it_mig_" + randomSuffix();
        String url = HubTestEnvironment.withDatabase(serverUrl, database);
        try (Connection server = DriverManager.getConnection(serverUrl, user, password);
             Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        try {
            migrate(Flyway.configure().dataSource(url, user, password));
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                assertThat(connection.getCatalog()).isEqualTo(database);
                assertMigrated(connection, new DriverManagerDataSource(url, user, password),
                        "INSERT IGNORE INTO webhook_events (provider, event_id, event_type, payment_id, processed_at)"
                                + " VALUES (?,?,?,?,?)");
            }
        } finally {
            try (Connection server = DriverManager.getConnection(serverUrl, user, password);
                 Statement statement = server.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private static void migrate(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        Flyway flyway = configuration.locations("classpath:db/migration").load();
        MigrateResult result = flyway.migrate();
        assertThat(result.success).as("Flyway migrate succeeded").isTrue();
        assertThat(result.migrationsExecuted).as("migrations executed on a fresh database").isPositive();
        assertThat(flyway.info().pending()).as("pending migrations after migrate").isEmpty();
    }

    /**
     * The tables exist, a duplicate (provider, event_id) violates webhook_events' primary key, and the hub's
     * insert-if-absent form (the expected statement, which {@link SqlDialect} must produce for this database)
     * inserts once and then does nothing.
     */
    private static void assertMigrated(Connection connection, DataSource dataSource, String expectedInsertIfAbsent)
            throws SQLException {
        assertThat(tableNames(connection)).containsAll(TABLES);
        for (String table : TABLES) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).as("rows in fresh %s", table).isZero();
            }
        }

        // a plain INSERT of the same (provider, event_id) twice violates the primary key
        assertThat(insert(connection, INSERT_WEBHOOK_EVENT, "billing", "evt_plain")).isEqualTo(1);
        assertThatThrownBy(() -> insert(connection, INSERT_WEBHOOK_EVENT, "billing", "evt_plain"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                        .as("SQLState of a duplicate key (class 23, integrity constraint violation)")
                        .startsWith("23"));
        // the same event id of another provider is another event
        assertThat(insert(connection, INSERT_WEBHOOK_EVENT, "other", "evt_plain")).isEqualTo(1);

        // insert-if-absent: once 1 row, then 0 rows and no error
        assertThat(new SqlDialect(dataSource).insertIfAbsent(INSERT_WEBHOOK_EVENT))
                .as("the hub's insert-if-absent statement for this database")
                .isEqualTo(expectedInsertIfAbsent);
        assertThat(insert(connection, expectedInsertIfAbsent, "billing", "evt_once")).isEqualTo(1);
        assertThat(insert(connection, expectedInsertIfAbsent, "billing", "evt_once")).isZero();
        // also for a key that a plain INSERT stored
        assertThat(insert(connection, expectedInsertIfAbsent, "billing", "evt_plain")).isZero();

        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM webhook_events")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(3);
        }
        assertInboxStatements(dataSource);
    }

    /**
     * The webhook endpoint's group commit on this database and its driver: one batch tells each event new or seen
     * (a copy later in the same batch, a key recorded before), only the new go into the inbox, and the relay's take
     * returns them oldest first and removes them with its commit.
     */
    private static void assertInboxStatements(DataSource dataSource) throws SQLException {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        WebhookInboxTable table = new WebhookInboxTable(jdbc, new SqlDialect(dataSource));
        java.util.function.LongSupplier waiting = () -> jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox", Long.class);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        List<WebhookInboxEntry> batch = List.of(entry("evt_a", now), entry("evt_b", now.plusMillis(1)),
                entry("evt_a", now.plusMillis(2)), entry("evt_once", now.plusMillis(3)));

        boolean[] fresh;
        try {
            fresh = transaction.execute(status -> table.recordNew(batch));
        } catch (WebhookInboxTable.UpdateCountsUnknownException rolledBack) {
            // MariaDB Connector/J sends batched inserts as one bulk statement without counts: as WebhookInboxWriter
            // does, the rolled-back batch is written again, now row by row
            assertThat(waiting.getAsLong()).as("nothing kept of the rolled-back batch").isZero();
            fresh = transaction.execute(status -> table.recordNew(batch));
        }

        assertThat(fresh).containsExactly(true, true, false, false);
        assertThat(waiting.getAsLong()).isEqualTo(2);
        List<WebhookInboxEntry> taken = transaction.execute(status -> table.takeOldest(10));
        assertThat(taken).extracting(entry -> entry.event().eventId()).containsExactly("evt_a", "evt_b");
        assertThat(taken.get(0).event().effect()).isEqualTo(EventEffect.status(PaymentStatus.SUCCEEDED));
        assertThat(taken.get(0).event().amount()).isEqualTo(5000L);
        assertThat(taken.get(1).event().amount()).isNull();
        assertThat(waiting.getAsLong()).isZero();
        List<WebhookInboxEntry> none = transaction.execute(status -> table.takeOldest(10));
        assertThat(none).isEmpty();
    }

    private static WebhookInboxEntry entry(String eventId, Instant receivedAt) {
        return new WebhookInboxEntry("billing", new WebhookEvent(eventId, "payment.succeeded", receivedAt, "pay_1",
                eventId.equals("evt_b") ? null : 5000L, EventEffect.status(PaymentStatus.SUCCEEDED)), receivedAt);
    }

    private static int insert(Connection connection, String sql, String provider, String eventId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, provider);
            insert.setString(2, eventId);
            insert.setString(3, "payment.succeeded");
            insert.setString(4, "pay_" + eventId);
            insert.setTimestamp(5, Timestamp.from(Instant.parse("2026-01-02T03:04:05.123456Z")));
            return insert.executeUpdate();
        }
    }

    private static Set<String> tableNames(Connection connection) throws SQLException {
        Set<String> names = new HashSet<>();
        DatabaseMetaData metaData = connection.getMetaData();
        try (ResultSet tables = metaData.getTables(connection.getCatalog(), connection.getSchema(), "%",
                new String[] {"TABLE", "BASE TABLE"})) {
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
