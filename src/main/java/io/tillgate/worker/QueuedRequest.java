package io.tillgate.worker;

/**
 * A POS request as the worker takes it from the queue: its job id and the client's credential (message
 * properties set at the door), the request body, and which delivery of the message this is (1 the first).
 * The body is null when the message carried no text.
 */
public record QueuedRequest(String jobId, String credential, String body, int attempt) {
}
