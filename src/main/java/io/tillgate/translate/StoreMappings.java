package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mappings/stores.yaml}: which engine application each POS store's transactions run in, and whose discounts
 * count there ({@code discounts: engine}, the default, or {@code pos}).
 */
public record StoreMappings(Map<String, Long> applications, Map<String, DiscountsMode> discounts) {
    public static final StoreMappings NONE = new StoreMappings(Map.of(), Map.of());

    public Optional<Long> applicationOf(String storeId) {
        Long app = applications.get(storeId);
        return Optional.ofNullable(app != null ? app : applications.get("*"));
    }

    /** The store's own entry's mode, else the {@code "*"} entry's, else the engine's. */
    public DiscountsMode discountsOf(String storeId) {
        DiscountsMode mode = applications.containsKey(storeId) ? discounts.get(storeId) : discounts.get("*");
        return mode == null ? DiscountsMode.ENGINE : mode;
    }

    public static StoreMappings read(JsonNode root) {
        Map<String, Long> applications = new HashMap<>();
        Map<String, DiscountsMode> discounts = new HashMap<>();
        JsonNode stores = root.get("stores");
        if (stores != null) {
            stores.fields().forEachRemaining(e -> {
                JsonNode app = e.getValue().get("application");
                if (app == null || !app.canConvertToLong()) {
                    throw new IllegalArgumentException("store '" + e.getKey() + "' needs a numeric application");
                }
                applications.put(e.getKey(), app.asLong());
                JsonNode mode = e.getValue().get("discounts");
                if (mode != null && !mode.isNull()) {
                    switch (mode.asText()) {
                        case "engine" -> discounts.put(e.getKey(), DiscountsMode.ENGINE);
                        case "pos" -> discounts.put(e.getKey(), DiscountsMode.POS);
                        default -> throw new IllegalArgumentException("store '" + e.getKey()
                                + "': discounts is engine or pos, not '" + mode.asText() + "'");
                    }
                }
            });
        }
        return new StoreMappings(Map.copyOf(applications), Map.copyOf(discounts));
    }
}
