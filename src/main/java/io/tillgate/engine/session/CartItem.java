package io.tillgate.engine.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * A cart item of a customer session, as Talon.One's CartItem (price at the currency's scale). {@code unitPrices}: each
 * unit's own price where they differ (a till's discount spread over a line's units leaves some a cent apart); null
 * when every unit costs {@code price}. {@code additionalCosts}: the additional costs of each of its units (a gift wrap
 * per unit), empty for none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartItem(String name, String sku, int quantity, int returnedQuantity, BigDecimal price, String category,
                       JsonNode attributes, List<BigDecimal> unitPrices,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AdditionalCost> additionalCosts) {

    public CartItem {
        unitPrices = unitPrices == null ? null : List.copyOf(unitPrices);
        additionalCosts = additionalCosts == null ? List.of() : List.copyOf(additionalCosts);
    }

    public CartItem(String name, String sku, int quantity, int returnedQuantity, BigDecimal price, String category,
                    JsonNode attributes, List<BigDecimal> unitPrices) {
        this(name, sku, quantity, returnedQuantity, price, category, attributes, unitPrices, List.of());
    }

    public CartItem(String name, String sku, int quantity, int returnedQuantity, BigDecimal price, String category,
                    JsonNode attributes) {
        this(name, sku, quantity, returnedQuantity, price, category, attributes, null);
    }

    /** The item with these additional costs per unit. */
    public CartItem withAdditionalCosts(List<AdditionalCost> costs) {
        return new CartItem(name, sku, quantity, returnedQuantity, price, category, attributes, unitPrices, costs);
    }

    /** Its units' additional costs: each cost's price times the quantity. */
    public BigDecimal additionalCostTotal() {
        return additionalCosts.stream().map(c -> c.price().multiply(BigDecimal.valueOf(quantity))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal unitPrice(int subPosition) {
        return unitPrices == null ? price : unitPrices.get(subPosition);
    }

    /** What all its units cost. */
    public BigDecimal total() {
        return unitPrices == null ? price.multiply(BigDecimal.valueOf(quantity))
                : unitPrices.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public int remainingQuantity() {
        return quantity - returnedQuantity;
    }

    public CartItem withReturned(int units) {
        return new CartItem(name, sku, quantity, returnedQuantity + units, price, category, attributes, unitPrices, additionalCosts);
    }
}
