package io.tillgate.ingress;

import io.tillgate.store.RequestKey;

/** A request that passed every check and holds an idempotency claim, on its way to the queue. */
public record Admission(RequestKey key, String storeId, String transactionId, String jobId) {
}
