package io.tillgate.engine.sql;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What H2 and PostgreSQL 14 do differently: insert a row unless its key exists, without failing (a failed
 * statement aborts a PostgreSQL transaction), and read rows locked until the transaction ends.
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

    public static int insertIgnore(JdbcClient jdbc, String sql, Object... params) {
        try {
            return jdbc.sql(sql).params(params).update();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return 0; // H2: the key exists, or a concurrent transaction inserted it first
        }
    }

    /**
     * The read of the row {@code where} matches, plain or locked until the transaction ends: {@code select} (without
     * its WHERE) and {@code where} as on {@code table}; {@code column} is one no index covers. PostgreSQL locks with
     * {@code SELECT … FOR UPDATE}. H2 never caches a statement with FOR UPDATE and parses and plans it on every
     * execution; there the row is locked by an UPDATE that sets the column to itself (it takes the row lock
     * FOR UPDATE takes, and H2 writes either as a new version of the row), then read by the plain SELECT. Both
     * are cached, and when the UPDATE matches nothing (a first sale's new rows) the SELECT is skipped: about 5%
     * less CPU per event in bench/e2e.sh.
     */
    public KeyedRead keyedRead(String select, String table, String column, String where) {
        String read = select + " WHERE " + where;
        return postgres ? new KeyedRead(read, null, read + " FOR UPDATE")
                : new KeyedRead(read, "UPDATE " + table + " SET " + column + " = " + column + " WHERE " + where, read);
    }

    /** See {@link #keyedRead}. {@code lock} is null where {@code lockedRead} locks by itself. */
    public record KeyedRead(String read, String lock, String lockedRead) {

        /** The row the key matches, with {@code locked} held until the transaction ends; empty when none matched. */
        public <T> Optional<T> find(JdbcClient jdbc, RowMapper<T> rows, boolean locked, Object... params) {
            if (!locked) {
                return jdbc.sql(read).params(params).query(rows).optional();
            }
            if (lock != null && jdbc.sql(lock).params(params).update() == 0) {
                return Optional.empty();
            }
            return jdbc.sql(lockedRead).params(params).query(rows).optional();
        }

        /** Locks the matching row until the transaction ends, without reading it; true when there was one. */
        public boolean lock(JdbcClient jdbc, Object... params) {
            return lock != null ? jdbc.sql(lock).params(params).update() > 0
                    : !jdbc.sql(lockedRead).params(params).query((rs, n) -> Boolean.TRUE).list().isEmpty();
        }
    }
}
