package io.paymenthub.common;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * The one statement form that differs between the supported databases: an insert that does
 * nothing when the key exists. It is a single round trip and never raises a duplicate-key error,
 * which on PostgreSQL would abort the surrounding transaction.
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
}
