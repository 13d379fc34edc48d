package io.tillgate.pos;

import com.fasterxml.jackson.databind.JsonNode;

/** The request of one of the till's offer calls, after validation. */
public sealed interface OfferRequest {
    String storeId();

    String clientId();

    String requestId();

    /** How the till names the offer to check. */
    enum LookupType { TTLCode, UserOfferId }

    /**
     * {@code POST /api/2.0/lock} and {@code /redeem}: the offer, and the check to evaluate it on as
     * {@code send_transaction} would map it ({@code transactionNode} is its JSON, for the session mapping).
     */
    record Check(String storeId, String clientId, String requestId, String culture, String lookupCode,
                 LookupType lookupType, PosTransaction transaction, JsonNode transactionNode) implements OfferRequest {
    }

    /**
     * {@code POST /api/2.0/unlock} and {@code /reinstate}: the offer, the employee who asked (kept for the record) and,
     * optionally, the one transaction of the store to release it for (null: any of the store's).
     */
    record Release(String storeId, String clientId, String requestId, String culture, long userOfferId,
                   String employeeId, String transactionId) implements OfferRequest {
    }
}
