package io.tillgate.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Committed work on disk before anyone is told it is done, with one write of an embedded H2 database for
 * all the commits that waited for one at the same time (group commit). H2 by itself either writes the
 * file on every commit ({@code WRITE_DELAY=0}: one full store of the changed pages per commit, a fifth of
 * the gateway's CPU under load) or up to {@code WRITE_DELAY} ms later (a killed process loses what it had
 * confirmed). tillgate runs H2 with a write delay and calls {@link #flush()} after each commit that must
 * survive a crash: the claim of a POS request before its answer, every Spring-managed transaction (see
 * {@link FlushingTransactionManager}) before what follows it. Other databases keep their own durability:
 * there it does nothing.
 * <p>
 * A store writes every changed page and the path from each to its map's root, and under load most of that
 * is the same upper pages again and again. So a store starts no sooner than {@code tillgate.store.flush-pause}
 * after the last one ended, and takes every commit that came in the meantime: under load in bench/e2e.sh a
 * pause of 10 ms halved the stores (about 50 a second, 12 commits each) and took 0–13% off the gateway's
 * CPU per event (7% on average over six interleaved pairs). A commit with no store in the last pause, as
 * on an idle gateway, waits for nothing.
 */
@Component
public class DurableCommits {
    private final DataSource dataSource;
    private final boolean embeddedH2;
    private final AtomicLong tickets = new AtomicLong();
    private long flushedUpTo; // the last ticket whose commit a store covered; guarded by this
    private long lastStoreEnded; // System.nanoTime(); guarded by this
    private final long pauseNanos;
    private volatile MVStore store;
    private final Timer flushes;
    private final Counter flushedCommits;

    public DurableCommits(DataSource dataSource, MeterRegistry meters,
                          @Value("${tillgate.store.flush-pause}") Duration pause) {
        this.dataSource = dataSource;
        this.pauseNanos = pause.toNanos();
        this.lastStoreEnded = System.nanoTime() - pauseNanos;
        // flushed commits / flushes says how well the group commit groups: the file is written once for that many commits
        this.flushes = Timer.builder("tillgate.store.flushes").description("writes of the H2 file for commits that waited for one")
                .register(meters);
        this.flushedCommits = Counter.builder("tillgate.store.flushed.commits").description("commits confirmed on disk, by these writes or earlier ones")
                .register(meters);
        try (Connection c = dataSource.getConnection()) {
            this.embeddedH2 = c.isWrapperFor(JdbcConnection.class)
                    && c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /**
     * Returns once what the calling thread has committed is in the database file. A thread that finds a store
     * under way waits for it, then for the rest of the pause, and then stores once for itself and every thread
     * that queued behind it in the meantime.
     */
    public void flush() {
        if (!embeddedH2) {
            return;
        }
        long ticket = tickets.incrementAndGet(); // taken after the caller's commit
        synchronized (this) {
            if (flushedUpTo >= ticket) {
                return; // a store that began after our commit has finished
            }
            // holding the monitor: the commits that come in the meantime queue behind it, for this store
            for (long left; (left = lastStoreEnded + pauseNanos - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted(); ) {
                LockSupport.parkNanos(left);
            }
            long upTo = tickets.get();
            MVStore current = store();
            // commit() waits for a store H2 itself may have under way and writes nothing when nothing changed (an
            // idle outbox poll): only a real write is timed, and only then does the pause begin
            boolean changed = current.hasUnsavedChanges();
            long began = System.nanoTime();
            current.commit();
            if (changed) {
                lastStoreEnded = System.nanoTime();
                flushes.record(lastStoreEnded - began, TimeUnit.NANOSECONDS);
            }
            flushedCommits.increment(upTo - flushedUpTo);
            flushedUpTo = upTo;
        }
    }

    private MVStore store() {
        MVStore current = store;
        if (current == null || current.isClosed()) { // the database was closed and opened again
            try (Connection c = dataSource.getConnection()) {
                Session session = c.unwrap(JdbcConnection.class).getSession();
                current = ((SessionLocal) session).getDatabase().getStore().getMvStore();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach the H2 store to flush it", e);
            }
            store = current;
        }
        return current;
    }
}
