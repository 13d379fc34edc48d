package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

/** How a POS {@code item_id} appears in a session: its SKU, name, category and attributes. */
public record CatalogEntry(String sku, String name, String category, JsonNode attributes) {
}
