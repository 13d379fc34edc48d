package io.tillgate.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A content hash of a JSON document that ignores what a resend may change without changing meaning:
 * key order, number formatting ({@code 30.1} and {@code 30.10}) and fields that are {@code null}.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(JsonNode node) {
        StringBuilder canonical = new StringBuilder(256);
        append(node, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    sorted.put(field.getKey(), field.getValue());
                }
            }
            out.append('{');
            sorted.forEach((key, value) -> {
                out.append(quote(key)).append(':');
                append(value, out);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode element : node) {
                append(element, out);
                out.append(',');
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(canonical(node.decimalValue()));
        } else if (node.isTextual()) {
            out.append(quote(node.textValue()));
        } else {
            out.append(node.asText());
        }
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * A number as written the same way however the till wrote it (1.50, 1.5, 15E-1). Plainly, as fingerprints
     * have always been made, while its exponent is modest; in scientific notation beyond that, since the plain
     * form of 1E+999999999 is a billion characters (seconds and gigabytes for one request).
     */
    static String canonical(BigDecimal number) {
        if (number.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = number.stripTrailingZeros();
        return Math.abs((long) stripped.scale()) <= PLAIN_DIGITS ? stripped.toPlainString() : stripped.toString();
    }

    private static final int PLAIN_DIGITS = 100;
}
