package io.tillgate.engine.session;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** One unit of a cart item: position in the cart and sub-position within the item's quantity. */
public record Unit(int position, int subPosition, CartItem item) {

    public BigDecimal price() {
        return item.unitPrice(subPosition);
    }

    /** Cart items flattened into units, in position then sub-position order. */
    public static List<Unit> flatten(List<CartItem> cart) {
        List<Unit> units = new ArrayList<>();
        for (int p = 0; p < cart.size(); p++) {
            for (int s = 0; s < cart.get(p).quantity(); s++) {
                units.add(new Unit(p, s, cart.get(p)));
            }
        }
        return units;
    }
}
