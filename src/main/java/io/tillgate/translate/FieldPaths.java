package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The mappings' field paths: names separated by dots, {@code []} walking every element of an array
 * ({@code payments[].user_id}). One walk for every mapping file that names fields.
 */
final class FieldPaths {
    private FieldPaths() {
    }

    /** A value found, and where: {@code payments[1].user_id} (null where the walk was not asked to spell it). */
    record Located(String field, JsonNode node) {
    }

    /** The non-null values at a path. */
    static List<JsonNode> values(JsonNode node, String path) {
        return walk(node, null, path).stream().map(Located::node).toList();
    }

    /**
     * The non-null values at a path below a node, with their fields spelled from {@code at}; with {@code at} null, not
     * spelled (the sale's hot path reads most paths, and needs no names).
     */
    static List<Located> walk(JsonNode node, String at, String path) {
        List<Located> current = List.of(new Located(at, node));
        for (String step : path.split("\\.")) {
            boolean each = step.endsWith("[]");
            String name = each ? step.substring(0, step.length() - 2) : step;
            List<Located> next = new ArrayList<>();
            for (Located l : current) {
                JsonNode child = l.node().get(name);
                if (child == null || child.isNull()) {
                    continue;
                }
                String field = l.field() == null ? null : l.field().isEmpty() ? name : l.field() + "." + name;
                if (each && child.isArray()) {
                    for (int i = 0; i < child.size(); i++) {
                        if (!child.get(i).isNull()) {
                            next.add(new Located(field == null ? null : field + "[" + i + "]", child.get(i)));
                        }
                    }
                } else if (!each) {
                    next.add(new Located(field, child));
                }
            }
            current = next;
        }
        return current;
    }
}
