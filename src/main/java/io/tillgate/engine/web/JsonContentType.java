package io.tillgate.engine.web;

import java.util.Locale;

/** The one Content-Type a JSON API of tillgate reads: {@code application/json}, with no charset or UTF-8's. */
public final class JsonContentType {
    private JsonContentType() {
    }

    /** Why a Content-Type is refused, or null when it is {@code application/json} in UTF-8. */
    public static String refusal(String contentType) {
        if (contentType == null) {
            return "Content-Type must be application/json, not absent";
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return "Content-Type must be application/json, not " + printable(contentType);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !parameter.replace("\"", "").equals("charset=utf-8")) {
                return "the body must be UTF-8, not " + printable(parts[i].trim());
            }
        }
        return null;
    }

    /** A client's value as it may be echoed in an error: shortened, without control characters. */
    public static String printable(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
