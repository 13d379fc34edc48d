package io.tillgate.store;

/** What the idempotency store says of a request_id. */
public sealed interface RequestClaim {

    /** Never seen (or seen longer ago than the retention): queue it under this job id. */
    record Fresh(String jobId) implements RequestClaim {
    }

    /** Seen with the same content and already processed: answer as before, queue nothing. */
    record Accepted(String jobId) implements RequestClaim {
    }

    /**
     * Seen with the same content, not processed yet: queued and waiting, or lost to a crash before the broker
     * had it. Queue it again under the same job id: the worker processes a job id once.
     */
    record Unconfirmed(String jobId) implements RequestClaim {
    }

    /** Seen with different content. */
    record Conflict() implements RequestClaim {
    }
}
