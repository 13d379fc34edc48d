package io.tillgate.store;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.io.UncheckedIOException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {

    @Test
    void anUnreachableDatabaseIsNotTheMessagesFault() {
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("no connection",
                new CannotGetJdbcConnectionException("pool exhausted", new SQLTransientConnectionException("timeout"))))).isTrue();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("wrapped", new SQLTransientConnectionException("x")))).isTrue();
    }

    @Test
    void anOutageHiddenBehindARollbackThatFailedIsStillAnOutage() {
        TransactionSystemException rollback = new TransactionSystemException("could not roll back the savepoint");
        rollback.initApplicationException(new CannotGetJdbcConnectionException("the database went away"));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
        TransactionSystemException other = new TransactionSystemException("could not roll back the savepoint");
        other.initApplicationException(new DataIntegrityViolationException("duplicate"));
        assertThat(DatabaseOutage.causedBy(other)).isFalse();
    }

    @Test
    void otherFailuresCountTowardsTheDeadLetterQueue() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new UncheckedIOException(new java.io.IOException("corrupt")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new io.tillgate.worker.PoisonMessageException("not JSON"))).isFalse();
    }
}
