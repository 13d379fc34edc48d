package io.tillgate.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;

public final class Bodies {
    private Bodies() {
    }

    /**
     * A text field of a body: 1 to {@code max} characters of text (no control or formatting characters, no unpaired
     * surrogate), required or absent; a 400 naming the field otherwise.
     */
    public static String text(JsonNode json, String field, boolean required, int max) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw EngineException.invalid("/" + field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > max
                || !ProfileIds.wellFormed(value.textValue())
                || value.textValue().chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw EngineException.invalid("/" + field, field + " is a text of 1 to " + max + " characters");
        }
        return value.textValue();
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
