package io.tillgate.pos;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * A line of a transaction. A line with {@code modifiesLineId} and a negative quantity voids units of the
 * line it names; with a positive quantity it is an add-on of that line.
 */
public record PosItem(String lineId, String itemId, int quantity, BigDecimal unitPrice, BigDecimal subtotal,
                      String modifiesLineId, JsonNode customData) {

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isVoid() {
        return modifiesLineId != null && quantity < 0;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAddOn() {
        return modifiesLineId != null && quantity > 0;
    }
}
