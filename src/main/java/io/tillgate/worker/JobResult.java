package io.tillgate.worker;

import io.tillgate.fulfil.SessionEvent;
import io.tillgate.translate.Operation;

import java.util.List;

/** What became of one queued request in a batch; the consumer commits or returns the batch by these. */
public sealed interface JobResult {

    /**
     * Processed: its work is in the batch's database transaction, and its events go out in the batch's JMS
     * transaction.
     */
    record Applied(Operation operation, List<SessionEvent> events) implements JobResult {
        public Applied {
            events = List.copyOf(events);
        }
    }

    /**
     * A redelivery of a job whose work had committed: nothing to do but publish its events again, which the
     * JMS transaction that consumed it may have rolled back (the broker drops those it has).
     */
    record AlreadyProcessed(List<SessionEvent> events) implements JobResult {
        public AlreadyProcessed {
            events = List.copyOf(events);
        }
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
