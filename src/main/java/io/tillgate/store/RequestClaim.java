package io.tillgate.store;

/** What the idempotency store says of a request_id. */
public sealed interface RequestClaim {

    /** Never seen (or seen longer ago than the retention): queue it under this job id. */
    record Fresh(String jobId) implements RequestClaim {
    }

    /** Seen with the same content and already queued: answer as before, queue nothing. */
    record Accepted(String jobId) implements RequestClaim {
    }

    /** Seen with the same content but not confirmed queued (a crash or broker failure in between): queue again. */
    record Unconfirmed(String jobId) implements RequestClaim {
    }

    /** Seen with different content. */
    record Conflict() implements RequestClaim {
    }
}
