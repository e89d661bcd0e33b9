package io.paymenthub.support;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Where a Spring test context finds its database and broker.
 * <ul>
 *   <li>With {@code HUB_IT_DATASOURCE_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}) the tests use
 *       that database, each context in a schema of its own ({@link #EXTERNAL_SCHEMA}_<context>), so runs and
 *       contexts never see each other's rows or migrations; with {@code HUB_IT_BROKER_URL} (e.g.
 *       {@code tcp://127.0.0.1:61616}) the standalone broker, with queues of each context's own.</li>
 *   <li>Without them (a fresh machine), each context gets its own in-memory H2 and its own embedded broker.</li>
 * </ul>
 * {@code HUB_IT_REQUIRE_EXTERNAL=true} (set by .ci/run) makes the fallback an error instead.
 */
public final class HubTestEnvironment {

    /** Prefix of this JVM's PostgreSQL schemas: each test context gets {@code <prefix>_<context>}. */
    public static final String EXTERNAL_SCHEMA = "hub_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private HubTestEnvironment() {
    }

    public static String externalDatasourceUrl() {
        return System.getenv("HUB_IT_DATASOURCE_URL");
    }

    public static String externalBrokerUrl() {
        return System.getenv("HUB_IT_BROKER_URL");
    }

    public static boolean usesPostgres() {
        return externalDatasourceUrl() != null && externalDatasourceUrl().startsWith("jdbc:postgresql:");
    }

    public static void register(DynamicPropertyRegistry registry) {
        String contextId = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        boolean required = "true".equalsIgnoreCase(System.getenv("HUB_IT_REQUIRE_EXTERNAL"));
        if (required && (externalDatasourceUrl() == null || externalBrokerUrl() == null)) {
            throw new IllegalStateException("HUB_IT_REQUIRE_EXTERNAL is set but HUB_IT_DATASOURCE_URL or HUB_IT_BROKER_URL is not");
        }
        registry.add("hub.data-dir", () -> "target/test-data/" + contextId);
        // each context's embedded broker stays behind vm://: they cannot all listen on the door's fixed ports
        // (EmbeddedBrokerDoorRouteTest opens it on free ones)
        registry.add("hub.embedded-broker.listen", () -> "false");
        // a queue of this context's own: on a shared broker no other cached context takes its events
        registry.add("hub.webhooks.queue", () -> "webhooks.events.test-" + contextId);
        registry.add("hub.queues.payment-requests", () -> "payments.requests.test-" + contextId);
        registry.add("hub.queues.refund-requests", () -> "refunds.requests.test-" + contextId);
        if (externalDatasourceUrl() != null) {
            // a schema of each context's own: contexts are separate deployments, whose timers (queued-payment
            // retries, outbox relay) must not take each other's rows
            String schema = EXTERNAL_SCHEMA + "_" + contextId;
            registry.add("spring.datasource.url", () -> withSchema(externalDatasourceUrl(), schema));
            registry.add("spring.datasource.username", () -> envOr("HUB_IT_DATASOURCE_USERNAME", "postgres"));
            registry.add("spring.datasource.password", () -> envOr("HUB_IT_DATASOURCE_PASSWORD", ""));
            registry.add("spring.flyway.schemas", () -> schema);
            // many cached test contexts share one PostgreSQL (max_connections 100 by default)
            registry.add("spring.datasource.hikari.maximum-pool-size", () -> "5");
            registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        } else {
            registry.add("spring.datasource.url", () -> "jdbc:h2:mem:hub-" + contextId
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
        }
        if (externalBrokerUrl() != null) {
            registry.add("spring.activemq.broker-url", HubTestEnvironment::externalBrokerUrl);
        } else {
            registry.add("hub.embedded-broker.name", () -> "test-" + contextId);
        }
    }

    /** The JDBC URL of the external database with this JVM's schema selected. */
    public static String withSchema(String url, String schema) {
        if (url.startsWith("jdbc:postgresql:")) {
            return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        return url;
    }

    /** {@code jdbc:mariadb://host:3306/} + name, keeping any {@code ?options}. */
    public static String withDatabase(String serverUrl, String database) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String options = query < 0 ? "" : serverUrl.substring(query);
        int hosts = base.indexOf("//");
        int slash = base.indexOf('/', hosts < 0 ? 0 : hosts + 2);
        String server = slash < 0 ? base : base.substring(0, slash);
        return server + "/" + database + options;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
