package io.tillgate.ingress;

import io.tillgate.store.RequestKey;

/**
 * A request that passed every check, on its way to the queue: its key and content hash, whether the door's
 * claim on the key is this request's own ({@code fresh}: released if the broker refuses it), and its job.
 */
public record Admission(RequestKey key, String fingerprint, boolean fresh, String storeId, String transactionId, String jobId) {
}
