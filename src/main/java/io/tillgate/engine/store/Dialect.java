package io.tillgate.engine.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The one statement H2 and PostgreSQL 14 spell differently: insert a row unless its key exists, without
 * failing (a failed statement aborts a PostgreSQL transaction).
 */
@Component
public class Dialect {
    private final boolean postgres;

    public Dialect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's product name", e);
        }
    }

    /**
     * {@code INSERT INTO table (columns) VALUES (?, …)} that does nothing when the {@code key} columns match a row.
     * H2 has no such statement without a derived table ({@code MERGE … USING (VALUES …)}), and parsing one
     * empties the statement cache of every connection; there it is a plain insert whose duplicate key
     * {@link #insertIgnore(JdbcClient, String, Object...)} ignores (a failed statement leaves an H2
     * transaction usable).
     */
    public String insertIgnore(String table, String[] columns, String[] key) {
        String cols = String.join(", ", columns);
        String marks = IntStream.range(0, columns.length).mapToObj(i -> "?").collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")";
        return postgres ? insert + " ON CONFLICT (" + String.join(", ", key) + ") DO NOTHING" : insert;
    }

    static int insertIgnore(JdbcClient jdbc, String sql, Object... params) {
        try {
            return jdbc.sql(sql).params(params).update();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return 0; // H2: the key exists, or a concurrent transaction inserted it first
        }
    }
}
