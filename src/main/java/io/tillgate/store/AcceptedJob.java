package io.tillgate.store;

import java.time.Instant;

/** A request the door accepted, as its claim holds it: whose it is, what it is about, when it came. */
public record AcceptedJob(String jobId, String credential, String clientId, String requestId, String storeId,
                          String transactionId, Instant receivedAt) {
}
