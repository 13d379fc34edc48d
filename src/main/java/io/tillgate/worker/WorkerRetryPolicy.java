package io.tillgate.worker;

import java.time.Duration;
import io.tillgate.broker.BrokerProperties;
import io.tillgate.store.DatabaseOutage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;

/**
 * The worker route's retry policy: a request that failed goes to the dead-letter queue at once when it can never
 * succeed, after {@code max-attempts} for other failures, and never while the database is unreachable (the
 * message waits in the queue, retried every {@code max-redelivery-delay}, and processing resumes by itself when
 * the database is back). A batch that goes back waits {@code redelivery-delay}, doubled with each attempt of the
 * request that failed, up to {@code max-redelivery-delay}.
 */
@Component("workerRetryPolicy")
public class WorkerRetryPolicy implements RetryPolicy {
    private final int maxAttempts;
    private final Duration delay;
    private final Duration maxDelay;

    public WorkerRetryPolicy(BrokerProperties broker) {
        this.maxAttempts = broker.maxAttempts();
        this.delay = broker.redeliveryDelay();
        this.maxDelay = broker.maxRedeliveryDelay();
    }

    @Override
    public Duration backoff(int attempt) {
        Duration wait = delay;
        for (int i = 1; i < attempt && wait.compareTo(maxDelay) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
    }

    @Override
    public boolean deadLetter(RuntimeException failure, int attempt) {
        Throwable cause = cause(failure);
        if (cause instanceof PoisonMessageException) {
            return true;
        }
        if (DatabaseOutage.causedBy(failure)) {
            return false;
        }
        return attempt >= maxAttempts;
    }

    /** As the dead letter states it: the failure's class and message. */
    @Override
    public String reason(RuntimeException failure) {
        Throwable cause = cause(failure);
        return cause.getClass().getName() + ": " + cause.getMessage();
    }

    /** A savepoint that could not be rolled back (the database ended the transaction) hides what failed. */
    private static Throwable cause(RuntimeException failure) {
        return failure instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                ? rollback.getApplicationException() : failure;
    }
}
