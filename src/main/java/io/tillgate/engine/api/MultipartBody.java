package io.tillgate.engine.api;

import io.tillgate.engine.EngineException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One part of a {@code multipart/form-data} body, read from the body the door has bounded and buffered (the only
 * multipart request tillgate takes is a giveaway import: Spring's multipart parsing is off).
 */
final class MultipartBody {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"?)([^\";]{1,70})\\1");
    private static final Pattern NAME = Pattern.compile("(?i)content-disposition:[^\\r\\n]*;\\s*name=\"([^\"]*)\"");

    private MultipartBody() {
    }

    /** The content of the part named {@code name}; a 400 naming it when the body has none. */
    static String part(String contentType, String body, String name) {
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw ApiRefusal.unsupportedMediaType("Content-Type must be multipart/form-data with the CSV file as " + name);
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find() || body == null) {
            throw EngineException.invalid("/" + name, "the multipart body has no boundary or no parts");
        }
        // a delimiter is a line of its own: the boundary inside a part's content does not end it
        String delimiter = "\r\n--" + boundary.group(2);
        String[] parts = ("\r\n" + body).split(Pattern.quote(delimiter), -1);
        for (String part : parts) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            Matcher named = NAME.matcher(part.substring(0, headersEnd));
            if (named.find() && named.group(1).equals(name)) {
                String content = part.substring(headersEnd + 4);
                return content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
            }
        }
        throw EngineException.invalid("/" + name, "the multipart body has no part named " + name);
    }
}
