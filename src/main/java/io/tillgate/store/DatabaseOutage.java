package io.tillgate.store;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLTransientException;

/**
 * Tells a failure to reach the database apart from a failure of the work itself. A savepoint or transaction
 * that could not be rolled back (the database ended it) reports that, and holds what failed as its application
 * exception, outside the cause chain: it is looked at too.
 */
public final class DatabaseOutage {
    private DatabaseOutage() {
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && causedBy(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof SQLTransientException || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }
}
