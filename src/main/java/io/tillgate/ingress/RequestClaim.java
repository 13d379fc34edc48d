package io.tillgate.ingress;

/** What the door makes of a request_id, from the database and from its memory of what it queued. */
public sealed interface RequestClaim {

    /** Never seen (or seen longer ago than the retention): queue it under this job id. */
    record Fresh(String jobId) implements RequestClaim {
    }

    /** Seen with the same content and already processed: answer as before, queue nothing. */
    record Processed(String jobId) implements RequestClaim {
    }

    /**
     * Seen with the same content, not processed yet: waiting in the queue, or lost before the broker had it.
     * Queue it again under the same job id: the worker processes a job once.
     */
    record Waiting(String jobId) implements RequestClaim {
    }

    /** Seen with different content. */
    record Conflict() implements RequestClaim {
    }
}
