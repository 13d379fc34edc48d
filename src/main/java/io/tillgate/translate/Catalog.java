package io.tillgate.translate;

import java.util.Map;

/** The item catalog of {@code mappings/catalog.yaml}. An item it does not know keeps its item_id as SKU. */
public record Catalog(Map<String, CatalogEntry> entries) {
    public static final Catalog EMPTY = new Catalog(Map.of());

    public Catalog {
        entries = Map.copyOf(entries);
    }

    public CatalogEntry lookup(String itemId) {
        CatalogEntry entry = entries.get(itemId);
        return entry != null ? entry : new CatalogEntry(itemId, null, null, null);
    }
}
