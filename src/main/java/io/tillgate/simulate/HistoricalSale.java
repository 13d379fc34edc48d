package io.tillgate.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.translate.CartLine;

import java.time.Instant;
import java.util.List;

/**
 * A till's sale as a simulation replays it: the cart as the worker mapped it when the sale closed, with the units
 * returned since ({@link CartLine#returnedQuantity()}), and the customer, coupon codes and attributes its session got
 * from the transaction. {@code closedAt}: the sale's own time (the modified_time of the version that closed it).
 */
public record HistoricalSale(String storeId, String transactionId, String sessionId, Instant closedAt, String profileId,
                             List<String> couponCodes, JsonNode attributes, List<CartLine> cart) {
}
