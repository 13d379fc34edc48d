package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@code mappings/stores.yaml}: which engine application each POS store's transactions run in. */
public record StoreMappings(Map<String, Long> applications) {
    public static final StoreMappings NONE = new StoreMappings(Map.of());

    public Optional<Long> applicationOf(String storeId) {
        Long app = applications.get(storeId);
        return Optional.ofNullable(app != null ? app : applications.get("*"));
    }

    public static StoreMappings read(JsonNode root) {
        Map<String, Long> applications = new HashMap<>();
        JsonNode stores = root.get("stores");
        if (stores != null) {
            stores.fields().forEachRemaining(e -> {
                JsonNode app = e.getValue().get("application");
                if (app == null || !app.canConvertToLong()) {
                    throw new IllegalArgumentException("store '" + e.getKey() + "' needs a numeric application");
                }
                applications.put(e.getKey(), app.asLong());
            });
        }
        return new StoreMappings(Map.copyOf(applications));
    }
}
