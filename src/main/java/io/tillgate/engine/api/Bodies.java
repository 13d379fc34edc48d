package io.tillgate.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;

public final class Bodies {
    private Bodies() {
    }

    /** A field given twice would be taken once, the other dropped without a word: such a body is refused. */
    private static final com.fasterxml.jackson.databind.ObjectReader STRICT = Json.MAPPER.reader()
            .withFeatures(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The most items a page holds, as Talon.One's list endpoints allow. */
    public static final int MAX_PAGE = 1000;

    /** A page's {@code pageSize} (1 to {@link #MAX_PAGE}) and {@code skip} (0 or more), each refused by name. */
    public static void paging(long pageSize, long skip) {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw EngineException.invalidParameter("pageSize", "pageSize is from 1 to " + MAX_PAGE);
        }
        if (skip < 0) {
            throw EngineException.invalidParameter("skip", "skip is 0 or more");
        }
    }

    /**
     * Refuses a field of {@code node} (at {@code at}, "" for the body) that is not one of {@code allowed}, naming it:
     * "'x' is not a field of {@code of}". No field is taken and ignored.
     */
    public static void onlyFields(JsonNode node, String at, java.util.Set<String> allowed, String of) {
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw EngineException.invalid(io.tillgate.engine.json.JsonPointer.child(at, field), "'" + field + "' is not a field of " + of);
            }
        });
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

    /** A list of application ids, each an application of this deployment, at most {@code max}; empty when absent. */
    public static java.util.List<Long> applicationIds(JsonNode json, String field, io.tillgate.engine.Applications applications, int max) {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        JsonNode list = json.get(field);
        if (list == null || list.isNull()) {
            return ids;
        }
        if (!list.isArray() || list.size() > max) {
            throw EngineException.invalid("/" + field, "a list of at most " + max + " application ids");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode id = list.get(i);
            if (!id.canConvertToLong() || !id.isIntegralNumber() || applications.byId(id.longValue()).isEmpty()) {
                throw EngineException.invalid("/" + field + "/" + i, "application " + id + " does not exist");
            }
            if (!ids.contains(id.longValue())) {
                ids.add(id.longValue());
            }
        }
        return ids;
    }

    /** A time field of a body: an RFC 3339 time from 1970 to 9999, or absent (null); a 400 naming the field otherwise. */
    public static java.time.Instant time(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            java.time.Instant at = java.time.OffsetDateTime.parse(value.asText()).toInstant();
            if (!value.isTextual() || at.isBefore(java.time.Instant.EPOCH) || at.getEpochSecond() > 253402300799L) {
                throw new java.time.format.DateTimeParseException("out of range", value.asText(), 0);
            }
            return at;
        } catch (java.time.format.DateTimeParseException e) {
            throw EngineException.invalid("/" + field, field + " is an RFC 3339 time from 1970 to 9999");
        }
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
            JsonNode node = STRICT.readTree(body);
            if (!node.isObject()) {
                throw EngineException.invalid("/", "the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("/", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
