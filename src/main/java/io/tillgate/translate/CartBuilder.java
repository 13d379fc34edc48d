package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.PosItem;
import io.tillgate.pos.PosTransaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a transaction's lines into a session cart: voids are netted against the lines they name, lines
 * netted to nothing disappear, add-ons stay items of their own tied to their parent, and every line is
 * mapped through the catalog. Positions follow the POS's line order.
 */
public final class CartBuilder {
    private CartBuilder() {
    }

    public static List<CartLine> cart(PosTransaction transaction, Catalog catalog) {
        Map<String, Integer> net = new LinkedHashMap<>();
        Map<String, PosItem> lines = new LinkedHashMap<>();
        for (PosItem item : transaction.items()) {
            if (item.isVoid()) {
                continue;
            }
            lines.put(item.lineId(), item);
            net.merge(item.lineId(), item.quantity(), Integer::sum);
        }
        for (PosItem item : transaction.items()) {
            if (item.isVoid()) {
                net.merge(item.modifiesLineId(), item.quantity(), Integer::sum);
            }
        }
        List<CartLine> cart = new ArrayList<>();
        for (PosItem line : lines.values()) {
            int quantity = net.get(line.lineId());
            if (quantity <= 0) {
                continue;
            }
            CatalogEntry entry = catalog.lookup(line.itemId());
            cart.add(new CartLine(cart.size(), line.lineId(), entry.sku(), entry.name(), entry.category(),
                    io.tillgate.json.PlainDecimals.normalized(line.unitPrice()), quantity, 0, line.isAddOn() ? line.modifiesLineId() : null,
                    attributes(entry.attributes(), line.customData())));
        }
        return List.copyOf(cart);
    }

    /** The catalog's attributes, overlaid by the line's own {@code custom_data} when it is an object. */
    private static JsonNode attributes(JsonNode catalog, JsonNode customData) {
        boolean hasCustom = customData != null && customData.isObject() && !customData.isEmpty();
        if (!hasCustom) {
            return catalog;
        }
        ObjectNode merged = catalog != null && catalog.isObject() ? ((ObjectNode) catalog).deepCopy()
                : Json.MAPPER.createObjectNode();
        merged.setAll((ObjectNode) customData);
        return merged;
    }
}
