package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code customer} part of {@code mappings/session.yaml}: where a transaction carries its customer's ids, of
 * which type each is, and how an id of each type names a profile. An id of a {@link Resolution#PROFILE} type is the
 * profile's integration id as it is (the system of record); one of a {@link Resolution#LINKED} type names the profile
 * it was linked to, if any. A source's {@code each} walks elements ({@code payments[]}) whose {@code id} and
 * {@code type} fields are read together; a source without {@code each} is a path, its ids of the untyped type.
 */
public record CustomerIds(List<Source> sources, Map<String, Resolution> types, String untyped) {

    /** What an id type may be as long as: the customer identities keep it in a column of this width. */
    public static final int MAX_TYPE_LENGTH = 64;

    /** How an id of a type names a profile. */
    public enum Resolution {
        /** The id is the profile's integration id. */
        PROFILE,
        /** The id names the profile it is linked to (the customer identities). */
        LINKED;

        static Resolution parse(String type, String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "profile" -> PROFILE;
                case "linked" -> LINKED;
                default -> throw new IllegalArgumentException("customer.types." + type + " is 'profile' or 'linked', not '" + text + "'");
            };
        }
    }

    /** Where ids are: elements walked ({@code each}, may be null) and, in each, the id's field and its type's field. */
    public record Source(String each, String id, String type) {
    }

    /** An id found: where ({@code payments[1].user_id}), its type (null: none known) and the id. */
    public record Found(String field, String type, String value) {
    }

    /** Every id is a profile's integration id; no types. What tillgate did before types, and does without a mapping. */
    public static CustomerIds untypedPaths(List<String> paths) {
        return new CustomerIds(paths.stream().map(p -> new Source(null, p, null)).toList(), Map.of(), null);
    }

    /** How an id of the type names a profile; null for a type the mapping does not know. */
    public Resolution resolutionOf(String type) {
        if (types.isEmpty()) {
            return Resolution.PROFILE;
        }
        return type == null ? null : types.get(type);
    }

    /** The non-blank ids of the transaction, in the sources' order, without surrounding blanks (as the door reads ids). */
    public List<Found> found(JsonNode transaction) {
        List<Found> found = new ArrayList<>();
        for (Source source : sources) {
            if (source.each() == null) {
                for (FieldPaths.Located id : FieldPaths.walk(transaction, "", source.id())) {
                    add(found, id, untyped);
                }
                continue;
            }
            for (FieldPaths.Located element : FieldPaths.walk(transaction, "", source.each())) {
                String type = untyped;
                if (source.type() != null) {
                    List<FieldPaths.Located> types = FieldPaths.walk(element.node(), element.field(), source.type());
                    if (!types.isEmpty() && types.get(0).node().isValueNode() && !types.get(0).node().asText().isBlank()) {
                        type = types.get(0).node().asText().strip();
                    }
                }
                for (FieldPaths.Located id : FieldPaths.walk(element.node(), element.field(), source.id())) {
                    add(found, id, type);
                }
            }
        }
        return found;
    }

    /** Puts {@code replacement} in place of every non-blank id the sources find in the transaction (an erasure). */
    public void replace(JsonNode transaction, String replacement) {
        for (Source source : sources) {
            List<FieldPaths.Located> parents = source.each() == null ? List.of(new FieldPaths.Located("", transaction))
                    : FieldPaths.walk(transaction, "", source.each());
            for (FieldPaths.Located parent : parents) {
                String path = source.id();
                int dot = path.lastIndexOf('.');
                String field = dot < 0 ? path : path.substring(dot + 1);
                List<FieldPaths.Located> holders = dot < 0 ? List.of(parent)
                        : FieldPaths.walk(parent.node(), parent.field(), path.substring(0, dot));
                for (FieldPaths.Located holder : holders) {
                    boolean each = field.endsWith("[]");
                    String name = each ? field.substring(0, field.length() - 2) : field;
                    JsonNode value = holder.node().get(name);
                    if (holder.node() instanceof com.fasterxml.jackson.databind.node.ObjectNode object && value != null) {
                        if (each && value instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
                            for (int i = 0; i < array.size(); i++) {
                                if (array.get(i).isValueNode() && !array.get(i).asText().isBlank()) {
                                    array.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(replacement));
                                }
                            }
                        } else if (!each && value.isValueNode() && !value.asText().isBlank()) {
                            object.put(name, replacement);
                        }
                    }
                }
            }
        }
    }

    private static void add(List<Found> found, FieldPaths.Located id, String type) {
        if (id.node().isValueNode() && !id.node().asText().isBlank()) {
            found.add(new Found(id.field(), type, id.node().asText().strip()));
        }
    }

    /** Reads the {@code customer} object: {@code ids} (sources), {@code types} (type → profile|linked), {@code untyped}. */
    static CustomerIds read(JsonNode customer) {
        if (!customer.isObject()) {
            throw new IllegalArgumentException("customer must be an object with ids, types and untyped");
        }
        List<Source> sources = new ArrayList<>();
        JsonNode ids = customer.path("ids");
        if (!ids.isArray()) {
            throw new IllegalArgumentException("customer.ids must be a list of sources");
        }
        for (int i = 0; i < ids.size(); i++) {
            JsonNode s = ids.get(i);
            if (s.isTextual()) {
                sources.add(new Source(null, s.asText(), null));
            } else if (s.isObject() && s.hasNonNull("id")) {
                sources.add(new Source(s.hasNonNull("each") ? s.get("each").asText() : null, s.get("id").asText(),
                        s.hasNonNull("type") ? s.get("type").asText() : null));
                if (!s.hasNonNull("each") && s.hasNonNull("type")) {
                    throw new IllegalArgumentException("customer.ids[" + i + "]: a type field is read beside its id, in each element of 'each'");
                }
            } else {
                throw new IllegalArgumentException("customer.ids[" + i + "] is a path or {each, id, type}");
            }
        }
        Map<String, Resolution> types = new LinkedHashMap<>();
        JsonNode t = customer.path("types");
        if (!t.isMissingNode() && !t.isNull()) {
            if (!t.isObject()) {
                throw new IllegalArgumentException("customer.types maps id types to 'profile' or 'linked'");
            }
            t.fields().forEachRemaining(e -> {
                if (e.getKey().isBlank() || e.getKey().length() > MAX_TYPE_LENGTH) { // a link keeps its type in 64 characters
                    throw new IllegalArgumentException("customer.types: an id type is 1 to " + MAX_TYPE_LENGTH + " characters");
                }
                types.put(e.getKey(), Resolution.parse(e.getKey(), e.getValue().asText()));
            });
        }
        String untyped = customer.hasNonNull("untyped") ? customer.get("untyped").asText() : null;
        if (untyped != null && !types.containsKey(untyped)) {
            throw new IllegalArgumentException("customer.untyped names '" + untyped + "', which customer.types does not list");
        }
        return new CustomerIds(List.copyOf(sources), Map.copyOf(types), untyped);
    }
}
