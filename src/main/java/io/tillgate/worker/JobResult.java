package io.tillgate.worker;

/** What became of one queued request in a batch; the consumer commits or returns the batch by these. */
public sealed interface JobResult {

    /** Processed: its work is in the batch's database transaction. */
    record Applied(io.tillgate.translate.Operation operation) implements JobResult {
    }

    /** A redelivery of a job whose work had committed: nothing to do. */
    record AlreadyProcessed() implements JobResult {
    }

    /** It can never succeed, or has used up its attempts: it goes to the dead-letter queue with the reason. */
    record DeadLettered(String reason) implements JobResult {
    }

    /**
     * It failed but may succeed later (the database was unreachable, a lock was lost): the batch goes back to
     * the queue from here on, and what was applied before it is found processed when it comes again.
     */
    record Retry(RuntimeException cause) implements JobResult {
    }
}
