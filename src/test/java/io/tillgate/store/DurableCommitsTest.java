package io.tillgate.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An H2 file database with a long write delay, stopped as a killed process would stop it
 * ({@code SHUTDOWN IMMEDIATELY} writes nothing): what was flushed is there when it opens again, what was
 * only committed is not.
 */
class DurableCommitsTest {
    @TempDir
    Path dir;

    private JdbcDataSource database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=3600000");
        return ds;
    }

    private static List<String> names(JdbcDataSource ds) {
        return JdbcClient.create(ds).sql("SELECT name FROM t ORDER BY name").query(String.class).list();
    }

    @Test
    void aCommitThatChangedNothingWritesNothing() throws Exception {
        JdbcDataSource ds = database();
        JdbcClient jdbc = JdbcClient.create(ds);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DurableCommits durable = new DurableCommits(ds, meters, Duration.ZERO);
        try (Connection keepOpen = ds.getConnection()) {
            jdbc.sql("CREATE TABLE t (name VARCHAR(20) PRIMARY KEY)").update();
            TransactionTemplate transactions = new TransactionTemplate(new FlushingTransactionManager(ds, durable));
            transactions.executeWithoutResult(status -> jdbc.sql("INSERT INTO t VALUES ('sale')").update());
            long written = meters.timer("tillgate.store.flushes").count();
            assertThat(written).isEqualTo(1);
            for (int i = 0; i < 10; i++) { // an idle outbox poll: a locking read that finds nothing
                transactions.executeWithoutResult(status -> jdbc.sql("SELECT name FROM t WHERE name = 'none' FOR UPDATE")
                        .query(String.class).list());
            }
            assertThat(meters.timer("tillgate.store.flushes").count()).isEqualTo(written);
            assertThat(meters.counter("tillgate.store.flushed.commits").count()).isEqualTo(11.0); // confirmed, with no write
        }
    }

    @Test
    void aFlushedCommitSurvivesAKillAndAnUnflushedOneDoesNot() throws Exception {
        JdbcDataSource ds = database();
        JdbcClient jdbc = JdbcClient.create(ds);
        DurableCommits durable = new DurableCommits(ds, new SimpleMeterRegistry(), Duration.ZERO);
        try (Connection keepOpen = ds.getConnection()) { // the last connection to close would write everything
            jdbc.sql("CREATE TABLE t (name VARCHAR(20) PRIMARY KEY)").update();
            jdbc.sql("INSERT INTO t VALUES ('claim')").update();
            durable.flush();
            new TransactionTemplate(new FlushingTransactionManager(ds, durable)).executeWithoutResult(status ->
                    jdbc.sql("INSERT INTO t VALUES ('worker')").update());
            jdbc.sql("INSERT INTO t VALUES ('unflushed')").update();
            assertThat(names(ds)).containsExactly("claim", "unflushed", "worker");
            jdbc.sql("SHUTDOWN IMMEDIATELY").update();
        }
        assertThat(names(database())).containsExactly("claim", "worker");
    }

    @Test
    void threadsFlushingAtOnceAllHaveTheirCommitsOnDisk() throws Exception {
        JdbcDataSource ds = database();
        JdbcClient jdbc = JdbcClient.create(ds);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DurableCommits durable = new DurableCommits(ds, meters, Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Connection keepOpen = ds.getConnection()) {
            jdbc.sql("CREATE TABLE t (name VARCHAR(20) PRIMARY KEY)").update();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = String.format("row-%03d", i);
                done.add(pool.submit(() -> {
                    jdbc.sql("INSERT INTO t VALUES (?)").param(name).update();
                    durable.flush();
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            jdbc.sql("SHUTDOWN IMMEDIATELY").update();
        } finally {
            pool.shutdown();
        }
        assertThat(names(database())).hasSize(200).first().isEqualTo("row-000");
        // every commit counted once, by the store that covered it; the stores are as many as it took, at most one each
        assertThat(meters.counter("tillgate.store.flushed.commits").count()).isEqualTo(200.0);
        assertThat((double) meters.timer("tillgate.store.flushes").count()).isBetween(1.0, 200.0);
    }

    @Test
    void commitsThatComeDuringThePauseAfterAStoreShareTheNextOne() throws Exception {
        JdbcDataSource ds = database();
        JdbcClient jdbc = JdbcClient.create(ds);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DurableCommits durable = new DurableCommits(ds, meters, Duration.ofSeconds(3));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Connection keepOpen = ds.getConnection()) {
            jdbc.sql("CREATE TABLE t (name VARCHAR(20) PRIMARY KEY)").update();
            jdbc.sql("INSERT INTO t VALUES ('first')").update();
            durable.flush(); // no store before it: stored at once
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "next-" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    jdbc.sql("INSERT INTO t VALUES (?)").param(name).update();
                    durable.flush();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            jdbc.sql("SHUTDOWN IMMEDIATELY").update();
        } finally {
            pool.shutdown();
        }
        assertThat(names(database())).containsExactly("first", "next-0", "next-1", "next-2", "next-3");
        // the four came within the pause after the first store: one more store took them all
        assertThat(meters.timer("tillgate.store.flushes").count()).isEqualTo(2);
        assertThat(meters.counter("tillgate.store.flushed.commits").count()).isEqualTo(5.0);
    }
}
