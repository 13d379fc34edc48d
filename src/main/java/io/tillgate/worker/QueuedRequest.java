package io.tillgate.worker;

import java.time.Instant;

/**
 * A POS request as the worker takes it from the queue: its job id, the client's credential, the request's
 * content hash and when the door accepted it (message properties set at the door; null on a message put on
 * the queue by hand), the request body, and which delivery of the message this is (1 the first). The body
 * is null when the message carried no text.
 */
public record QueuedRequest(String jobId, String credential, String fingerprint, Instant receivedAt, String body, int attempt) {

    /** A message without the door's properties: a job id and a body, as an operator might queue one. */
    public QueuedRequest(String jobId, String body, int attempt) {
        this(jobId, null, null, null, body, attempt);
    }
}
