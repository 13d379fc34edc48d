package io.tillgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.translate.StoredSession;

/** A stored original: the request_payload as last accepted, and its session. */
public record TransactionRecord(String storeId, String transactionId, String sessionId, JsonNode original,
                                StoredSession session) {

    /** The customer session of a POS transaction is named after the store and the transaction. */
    public static String sessionIdOf(String storeId, String transactionId) {
        return storeId + ":" + transactionId;
    }
}
