package io.paymenthub.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.paymenthub.support.HubProcess;
import jakarta.jms.JMSException;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.flywaydb.core.Flyway;
import org.h2.tools.Server;

/**
 * Database and broker of the child hubs of a fault test, as in {@code WebhookCrashRecoveryIT}:
 * {@code HUB_IT_DATASOURCE_URL} (PostgreSQL, a fresh schema of this run) and {@code HUB_IT_BROKER_URL}
 * (queues of this run) when set. Otherwise, for one hub, the zero-setup defaults in the run's data folder
 * (H2 file and embedded KahaDB broker, which die with the process); for several hubs, which must share
 * them, an H2 TCP server and a persistent broker in this JVM, which outlive a killed hub.
 */
final class ChildHubStores implements AutoCloseable {

    private static final String H2_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0";

    private final Path dataDir;
    private final String runId;
    private final String externalDatasourceUrl;
    private final String externalBrokerUrl;
    private final String schema;
    private final String jdbcUrl;         // for the hubs
    private final String checkJdbcUrl;    // for this JVM
    private final String user;
    private final String password;
    private final String brokerUrl;       // null: each hub's embedded broker
    private Server h2Server;
    private BrokerService broker;

    private ChildHubStores(String runId, Path dataDir, boolean shared) throws Exception {
        this.runId = runId;
        this.dataDir = dataDir;
        this.externalDatasourceUrl = blankToNull(System.getenv("HUB_IT_DATASOURCE_URL"));
        this.externalBrokerUrl = blankToNull(System.getenv("HUB_IT_BROKER_URL"));
        if ("true".equalsIgnoreCase(System.getenv("HUB_IT_REQUIRE_EXTERNAL"))
                && (externalDatasourceUrl == null || externalBrokerUrl == null)) {
            throw new IllegalStateException("HUB_IT_REQUIRE_EXTERNAL is set but HUB_IT_DATASOURCE_URL or HUB_IT_BROKER_URL is not");
        }
        if (externalDatasourceUrl != null) {
            if (!externalDatasourceUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("The fault tests support PostgreSQL as external database, not " + externalDatasourceUrl);
            }
            schema = "hub_it_fault_" + runId;
            jdbcUrl = externalDatasourceUrl + (externalDatasourceUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            checkJdbcUrl = jdbcUrl;
            user = envOr("HUB_IT_DATASOURCE_USERNAME", "postgres");
            password = envOr("HUB_IT_DATASOURCE_PASSWORD", "");
        } else if (shared) {
            schema = null;
            int port = HubProcess.freePort();
            h2Server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dataDir.toString(), "-ifNotExists").start();
            // no compaction at close (H2 2.3 trips an internal assert there under -ea, which failsafe switches on)
            jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + port + "/hub" + H2_OPTIONS + ";MAX_COMPACT_TIME=0";
            checkJdbcUrl = jdbcUrl;
            user = "sa";
            password = "";
        } else {
            schema = null;
            jdbcUrl = null;  // application.yml's H2 file under hub.data-dir
            // no compaction when this JVM closes it (H2 2.3's compaction at close trips an assert under -ea)
            checkJdbcUrl = "jdbc:h2:file:" + dataDir.resolve("hub") + H2_OPTIONS + ";MAX_COMPACT_TIME=0";
            user = "sa";
            password = "";
        }
        if (externalBrokerUrl != null) {
            brokerUrl = externalBrokerUrl;
        } else if (shared) {
            int port = HubProcess.freePort();
            broker = new BrokerService();
            broker.setBrokerName("fault-" + runId);
            broker.setUseJmx(false);
            broker.setPersistent(true);
            broker.setUseShutdownHook(false);
            broker.setAdvisorySupport(false);
            broker.setDataDirectoryFile(dataDir.resolve("broker").toFile());
            KahaDBPersistenceAdapter store = new KahaDBPersistenceAdapter();
            store.setDirectory(dataDir.resolve("broker/kahadb").toFile());
            broker.setPersistenceAdapter(store);
            broker.addConnector("tcp://127.0.0.1:" + port);
            broker.start();
            broker.waitUntilStarted();
            brokerUrl = "tcp://127.0.0.1:" + port;
        } else {
            brokerUrl = null;
        }
    }

    /** @param shared true when several hubs use them at once */
    static ChildHubStores open(String runId, Path dataDir, boolean shared) throws Exception {
        Files.createDirectories(dataDir);
        return new ChildHubStores(runId, dataDir, shared);
    }

    String describe() {
        return (schema != null ? externalDatasourceUrl + " schema " + schema : jdbcUrl != null ? jdbcUrl : "H2 file " + dataDir.resolve("hub"))
                + ", broker " + (brokerUrl != null ? brokerUrl : "embedded KahaDB in " + dataDir.resolve("activemq"));
    }

    /** The hub's arguments for these stores (data folder, database, broker and queues of this run). */
    List<String> hubArguments() {
        List<String> args = new ArrayList<>(List.of("--hub.data-dir=" + dataDir));
        if (jdbcUrl != null) {
            args.add("--spring.datasource.url=" + jdbcUrl);
            args.add("--spring.datasource.username=" + user);
            args.add("--spring.datasource.password=" + password);
            if (schema != null) {
                args.add("--spring.flyway.schemas=" + schema);
                // several hubs on a PostgreSQL that other runs share (max_connections 100 by default)
                args.add("--spring.datasource.hikari.maximum-pool-size=8");
            }
        }
        if (brokerUrl != null) {
            args.add("--spring.activemq.broker-url=" + brokerUrl);
        }
        if (externalBrokerUrl != null) {
            // queues of this run only: a shared CI broker may hold other runs' messages
            args.add("--hub.webhooks.queue=" + webhookQueue());
            args.add("--hub.queues.payment-requests=payments.requests.fault-" + runId);
            args.add("--hub.queues.refund-requests=refunds.requests.fault-" + runId);
        }
        return args;
    }

    /** The broker the hubs share, for a test's own clients; null when each hub has its embedded one. */
    String brokerUrl() {
        return brokerUrl;
    }

    String webhookQueue() {
        return externalBrokerUrl != null ? "webhooks.events.fault-" + runId : "webhooks.events";
    }

    /** Creates the schema before the hubs start (e.g. to store fixtures); the hubs' Flyway then finds it current. */
    void migrate() {
        Flyway.configure().dataSource(checkJdbcUrl, user, password)
                .schemas(schema == null ? new String[0] : new String[] {schema})
                .locations("classpath:db/migration").load().migrate();
    }

    /** A connection from this JVM; with a single hub on the H2 file only while that hub is not running. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(checkJdbcUrl, user, password);
    }

    @Override
    public void close() {
        if (broker != null) {
            try {
                broker.stop();
                broker.waitUntilStopped();
            } catch (Exception e) {
                System.out.println("[fault-it] could not stop the broker: " + e);
            }
        }
        if (h2Server != null) {
            h2Server.stop();
        }
    }

    /** Drops this run's schema and queues and deletes its data folder: only after a passing run (else kept for a look). */
    void cleanUp() {
        close();
        if (schema != null) {
            try (Connection db = DriverManager.getConnection(externalDatasourceUrl, user, password);
                 Statement drop = db.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            } catch (SQLException e) {
                System.out.println("[fault-it] could not drop schema " + schema + ": " + e);
            }
        }
        if (externalBrokerUrl != null) {
            try {
                ActiveMQConnection connection = (ActiveMQConnection) new ActiveMQConnectionFactory(externalBrokerUrl).createConnection();
                try {
                    for (String name : List.of(webhookQueue(), "DLQ." + webhookQueue(), "payments.requests.fault-" + runId,
                            "DLQ.payments.requests.fault-" + runId, "refunds.requests.fault-" + runId)) {
                        connection.destroyDestination(new ActiveMQQueue(name));
                    }
                } finally {
                    connection.close();
                }
            } catch (JMSException e) {
                System.out.println("[fault-it] could not remove the queues of run " + runId + ": " + e);
            }
        }
        if (Files.exists(dataDir)) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.out.println("[fault-it] could not delete " + dataDir + ": " + e);
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
