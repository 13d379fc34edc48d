package io.tillgate.pos;

/** The envelope of {@code POST /api/2.0/send_transaction}, after validation. */
public record SendTransaction(String storeId, String clientId, String requestId, String culture,
                              PosTransaction transaction) {
}
