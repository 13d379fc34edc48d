package io.tillgate.engine.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/** A cart item of a customer session, as Talon.One's CartItem (price at the currency's scale). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartItem(String name, String sku, int quantity, int returnedQuantity, BigDecimal price, String category,
                       JsonNode attributes) {

    public int remainingQuantity() {
        return quantity - returnedQuantity;
    }

    public CartItem withReturned(int units) {
        return new CartItem(name, sku, quantity, returnedQuantity + units, price, category, attributes);
    }
}
