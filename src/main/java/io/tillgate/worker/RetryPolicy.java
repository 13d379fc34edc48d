package io.tillgate.worker;

import java.time.Duration;

/**
 * What {@code queue-batches} does with a message whose processing failed, named by the route
 * ({@code retryPolicy=#bean}): move it to the dead-letter queue now, or return its batch to the queue after a
 * delay. The route's step reads the same policy from the exchange ({@link QueueBatchEndpoint#RETRY_POLICY}) to
 * decide per message.
 */
public interface RetryPolicy {

    /** Whether the message goes to the dead-letter queue after this failure on its {@code attempt}-th delivery. */
    boolean deadLetter(RuntimeException failure, int attempt);

    /** How long a batch whose message failed on its {@code attempt}-th delivery waits before it goes back. */
    Duration backoff(int attempt);

    /** The failure as a dead letter states it. */
    String reason(RuntimeException failure);
}
