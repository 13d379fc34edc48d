package io.tillgate.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;

public final class Bodies {
    private Bodies() {
    }

    public static JsonNode parse(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw ApiRefusal.unsupportedMediaType("Content-Type must be application/json, not "
                    + (contentType == null ? "absent" : contentType));
        }
        if (body == null || body.isBlank()) {
            throw EngineException.invalid("/", "the request body is empty");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (!node.isObject()) {
                throw EngineException.invalid("/", "the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("/", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
