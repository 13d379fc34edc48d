package io.tillgate.worker;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.io.UncheckedIOException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailurePolicyTest {

    @Test
    void anUnreachableDatabaseIsNotTheMessagesFault() {
        assertThat(FailurePolicy.databaseUnavailable(new CannotCreateTransactionException("no connection",
                new CannotGetJdbcConnectionException("pool exhausted", new SQLTransientConnectionException("timeout"))))).isTrue();
        assertThat(FailurePolicy.databaseUnavailable(new IllegalStateException("wrapped", new SQLTransientConnectionException("x")))).isTrue();
    }

    @Test
    void otherFailuresCountTowardsTheDeadLetterQueue() {
        assertThat(FailurePolicy.databaseUnavailable(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(FailurePolicy.databaseUnavailable(new UncheckedIOException(new java.io.IOException("corrupt")))).isFalse();
        assertThat(FailurePolicy.databaseUnavailable(new PoisonMessageException("not JSON"))).isFalse();
    }
}
