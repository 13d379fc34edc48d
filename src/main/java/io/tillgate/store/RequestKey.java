package io.tillgate.store;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Idempotency is per credential and POS client: two tills may reuse each other's request ids. */
public record RequestKey(String credential, String clientId, String requestId) {

    /**
     * The job id of this request with this content: the same on every resend, on every instance and after a
     * restart, so a request queued twice (a resend while the first still waits, a retry after a crash) is one
     * job, and the worker processes a job once. Other content under the same key is another job.
     */
    public String jobIdFor(String fingerprint) {
        String name = credential + '\u0000' + clientId + '\u0000' + requestId + '\u0000' + fingerprint;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
