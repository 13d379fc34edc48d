package io.tillgate.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.translate.StoredSession;

/** A stored original: the request_payload as last accepted, and its session. */
public record TransactionRecord(String storeId, String transactionId, String sessionId, JsonNode original,
                                StoredSession session) {

    /**
     * The customer session of a POS transaction is named after the store and the transaction; unambiguous since
     * no store id contains the separator (the door refuses one that does).
     */
    public static String sessionIdOf(String storeId, String transactionId) {
        return storeId + SendTransactionReader.SESSION_SEPARATOR + transactionId;
    }
}
