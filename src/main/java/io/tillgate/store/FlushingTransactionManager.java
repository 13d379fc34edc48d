package io.tillgate.store;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import javax.sql.DataSource;

/** Spring's JDBC transaction manager, with each commit on disk before the code after it runs: {@link DurableCommits}. */
public class FlushingTransactionManager extends JdbcTransactionManager {
    private final transient DurableCommits durable;

    public FlushingTransactionManager(DataSource dataSource, DurableCommits durable) {
        super(dataSource);
        this.durable = durable;
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        super.doCommit(status);
        if (!status.isReadOnly()) { // a read-only transaction (a simulation's) wrote nothing: no write of the file to wait for
            durable.flush();
        }
    }
}
