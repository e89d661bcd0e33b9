package io.paymenthub.common;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * The statement forms that differ between the supported databases: an insert that does nothing when the key exists
 * (a single round trip that never raises a duplicate-key error, which on PostgreSQL would abort the surrounding
 * transaction), and the next value of a sequence.
 */
@Component
public class SqlDialect {

    private final boolean mysqlFamily;

    public SqlDialect(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
            this.mysqlFamily = product.contains("mysql") || product.contains("mariadb");
        }
    }

    /** @param insert a constant {@code INSERT INTO table (cols) VALUES (?, ...)} statement */
    public String insertIfAbsent(String insert) {
        if (!insert.startsWith("INSERT INTO ")) {
            throw new IllegalArgumentException("Expected an INSERT INTO statement");
        }
        return mysqlFamily
                ? "INSERT IGNORE INTO " + insert.substring("INSERT INTO ".length())
                : insert + " ON CONFLICT DO NOTHING";
    }

    /** @param sequence a constant sequence name (from a migration): the SQL expression of its next value */
    public String nextValue(String sequence) {
        if (!sequence.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Expected a sequence name");
        }
        // PostgreSQL and H2 (PostgreSQL mode) take nextval('name'); MariaDB takes NEXTVAL(name)
        return mysqlFamily ? "NEXTVAL(" + sequence + ")" : "nextval('" + sequence + "')";
    }
}
