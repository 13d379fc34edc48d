package io.tillgate.store;

/** What recording a request's key said, in the transaction that processes the request. */
public sealed interface RequestRecording {

    /** The key is this job's now: process it. */
    record First() implements RequestRecording {
    }

    /** The key is this job's already (a redelivery, or the same request queued twice): it may be done. */
    record Repeat() implements RequestRecording {
    }

    /** The key belongs to other content, received within the retention: this request is refused. */
    record Conflict(String jobId) implements RequestRecording {
    }
}
