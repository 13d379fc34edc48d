package io.tillgate.store;

/** Idempotency is per credential and POS client: two tills may reuse each other's request ids. */
public record RequestKey(String credential, String clientId, String requestId) {
}
