package io.tillgate.engine.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a query string as they stand in it, in order, repeats and empty values included. Read from the
 * query string itself, not {@code getParameterNames()}, which would read a form-encoded body.
 */
public final class QueryNames {
    private QueryNames() {
    }

    /** One {@code name=value} of a query: its decoded name, and whether it has a value. */
    public record Pair(String name, boolean hasValue) {
    }

    public static List<Pair> of(String query) {
        List<Pair> pairs = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String raw = equals < 0 ? pair : pair.substring(0, equals);
            String name;
            try {
                name = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) { // a stray '%': the name as it stands
                name = raw;
            }
            pairs.add(new Pair(name, equals >= 0 && equals < pair.length() - 1));
        }
        return pairs;
    }
}
