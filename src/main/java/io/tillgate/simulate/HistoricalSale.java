package io.tillgate.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.translate.CartLine;

import java.time.Instant;
import java.util.List;

/**
 * A till's sale as a simulation replays it: its stored original (the request_payload as last accepted, which the
 * session mapping reads) and the cart as the worker mapped it when the sale closed, with the units returned since
 * ({@link CartLine#returnedQuantity()}). {@code closedAt}: the sale's own time (the modified_time of the version that
 * closed it).
 */
public record HistoricalSale(String storeId, String transactionId, String sessionId, Instant closedAt, JsonNode original,
                             List<CartLine> cart) {
}
