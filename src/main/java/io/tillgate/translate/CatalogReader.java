package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** {@code mappings/catalog.yaml}: {@code items: {"<item_id>": {sku, name, category, attributes}}}. */
public final class CatalogReader {
    private CatalogReader() {
    }

    public static Catalog read(JsonNode root) {
        JsonNode items = root.get("items");
        Map<String, CatalogEntry> entries = new HashMap<>();
        if (items != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                entries.put(e.getKey(), new CatalogEntry(text(v, "sku", e.getKey()), text(v, "name", null),
                        text(v, "category", null), v.get("attributes")));
            }
        }
        return new Catalog(entries);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
