package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.store.GiveawayStore;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A giveaway import's CSV as Talon.One describes it: a header naming {@code code} and optionally {@code startdate},
 * {@code enddate} (RFC 3339, any offset: when the code may be awarded) and {@code attributes} (a JSON object), then a
 * line a code; fields may be quoted, a quote in one doubled. Every problem names its line.
 */
final class GiveawayCsv {
    static final int MAX_CODES = 10_000;
    private static final int MAX_CODE = 1000;
    private static final int MAX_ATTRIBUTES = 4000;

    private GiveawayCsv() {
    }

    static List<GiveawayStore.Giveaway> read(String csv) {
        // a spreadsheet's "CSV UTF-8" starts with a byte order mark: it is no part of the first column's name
        List<List<String>> rows = rows(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        if (rows.isEmpty()) {
            throw problem(1, "the file is empty: its first line names the columns (code, startdate, enddate, attributes)");
        }
        List<String> header = rows.get(0).stream().map(h -> h.strip().toLowerCase()).toList();
        for (String column : header) {
            if (!List.of("code", "startdate", "enddate", "attributes").contains(column)) {
                throw problem(1, "'" + column + "' is not a column: code, startdate, enddate, attributes");
            }
        }
        if (new java.util.HashSet<>(header).size() < header.size()) {
            throw problem(1, "a column is named twice");
        }
        if (!header.contains("code")) {
            throw problem(1, "the file has no code column");
        }

        List<GiveawayStore.Giveaway> codes = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            int line = i + 1;
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (row.size() != header.size()) {
                throw problem(line, "has " + row.size() + " fields, the header " + header.size());
            }
            String code = field(row, header, "code");
            if (code == null || code.isBlank() || code.length() > MAX_CODE || code.chars().anyMatch(Character::isISOControl)
                    || !ProfileIds.wellFormed(code)) {
                throw problem(line, "code is 1 to " + MAX_CODE + " characters of text");
            }
            Instant start = time(field(row, header, "startdate"), line, "startdate");
            Instant end = time(field(row, header, "enddate"), line, "enddate");
            if (start != null && end != null && !end.isAfter(start)) {
                throw problem(line, "enddate is after startdate");
            }
            String attributes = field(row, header, "attributes");
            JsonNode parsed;
            try {
                parsed = attributes == null || attributes.isBlank() ? Json.MAPPER.createObjectNode() : Json.parse(attributes);
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed == null || !parsed.isObject() || Json.write(parsed).length() > MAX_ATTRIBUTES) {
                throw problem(line, "attributes is a JSON object of at most " + MAX_ATTRIBUTES + " characters");
            }
            codes.add(new GiveawayStore.Giveaway(0, 0, code, start, end, Json.write(parsed), 0, null, null, null));
            if (codes.size() > MAX_CODES) {
                throw problem(line, "an import has at most " + MAX_CODES + " codes");
            }
        }
        return codes;
    }

    /**
     * A value as a CSV field: quoted when it has to be; one a spreadsheet would run as a formula ({@code =}, {@code +},
     * {@code -}, {@code @} first) is written after a {@code '}, as OWASP advises against CSV injection.
     */
    static String quoted(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String field(List<String> row, List<String> header, String column) {
        int at = header.indexOf(column);
        return at < 0 ? null : row.get(at);
    }

    private static Instant time(String text, int line, String column) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(text.strip()).toInstant();
            if (at.isBefore(Instant.EPOCH) || at.getEpochSecond() > 253402300799L) {
                throw problem(line, column + " is between 1970 and 9999");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw problem(line, column + " '" + text + "' is not an RFC 3339 time (2026-03-01T00:00:00Z)");
        }
    }

    /** The rows of RFC 4180 CSV: quoted fields may hold commas, line breaks and doubled quotes. */
    private static List<List<String>> rows(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw problem(rows.size() + 1, "a quoted field is not closed");
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    private static EngineException problem(int line, String details) {
        return EngineException.invalid("/upFile", "line " + line + ": " + details);
    }
}
