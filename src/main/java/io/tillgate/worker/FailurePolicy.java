package io.tillgate.worker;

import io.tillgate.broker.BrokerProperties;
import io.tillgate.store.DatabaseOutage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;

/**
 * Decides whether a request that failed goes to the dead-letter queue now: at once when it can never
 * succeed, after {@code max-attempts} for other failures, and never while the database is unreachable
 * (the message waits in the queue, retried every {@code max-redelivery-delay}, and processing resumes by
 * itself when the database is back).
 */
@Component
public class FailurePolicy {
    private final int maxAttempts;

    public FailurePolicy(BrokerProperties broker) {
        this.maxAttempts = broker.maxAttempts();
    }

    public boolean deadLetter(RuntimeException failure, int attempt) {
        Throwable cause = cause(failure);
        if (cause instanceof PoisonMessageException) {
            return true;
        }
        if (DatabaseOutage.causedBy(cause) || DatabaseOutage.causedBy(failure)) {
            return false;
        }
        return attempt >= maxAttempts;
    }

    /** As the dead letter states it: the failure's class and message. */
    static String reason(RuntimeException failure) {
        Throwable cause = cause(failure);
        return cause.getClass().getName() + ": " + cause.getMessage();
    }

    /** A savepoint that could not be rolled back (the database ended the transaction) hides what failed. */
    private static Throwable cause(RuntimeException failure) {
        return failure instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                ? rollback.getApplicationException() : failure;
    }
}
