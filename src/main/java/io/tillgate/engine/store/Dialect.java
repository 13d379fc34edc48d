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

    /** {@code INSERT INTO table (columns) VALUES (?, …)} that does nothing when the {@code key} columns match a row. */
    public String insertIgnore(String table, String[] columns, String[] key) {
        String cols = String.join(", ", columns);
        String marks = IntStream.range(0, columns.length).mapToObj(i -> "?").collect(Collectors.joining(", "));
        if (postgres) {
            return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" + String.join(", ", key) + ") DO NOTHING";
        }
        String on = java.util.Arrays.stream(key).map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        String values = java.util.Arrays.stream(columns).map(c -> "s." + c).collect(Collectors.joining(", "));
        return "MERGE INTO " + table + " t USING (VALUES (" + marks + ")) s (" + cols + ") ON " + on
                + " WHEN NOT MATCHED THEN INSERT (" + cols + ") VALUES (" + values + ")";
    }

    static int insertIgnore(JdbcClient jdbc, String sql, Object... params) {
        try {
            return jdbc.sql(sql).params(params).update();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return 0; // H2: a concurrent transaction inserted the same key first
        }
    }
}
