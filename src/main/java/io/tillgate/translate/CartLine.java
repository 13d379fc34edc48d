package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * A cart item of a customer session: one POS line after voids are netted, mapped through the catalog.
 * {@code position} is its index in the session's cart; {@code returnedQuantity} counts the units already
 * returned; an add-on names its parent line in {@code parentLineId}. The price is the till's unit price in
 * plain decimals ({@link io.tillgate.json.PlainDecimals}).
 */
public record CartLine(int position, String lineId, String sku, String name, String category,
                       @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = io.tillgate.json.PlainDecimals.class) BigDecimal price,
                       int quantity, int returnedQuantity, String parentLineId, JsonNode attributes) {

    public int remainingQuantity() {
        return quantity - returnedQuantity;
    }

    CartLine withReturned(int units) {
        return new CartLine(position, lineId, sku, name, category, price, quantity, returnedQuantity + units,
                parentLineId, attributes);
    }
}
