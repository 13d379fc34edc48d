package io.tillgate.errors;

import io.tillgate.engine.api.EngineReplies;
import io.tillgate.ingress.PosReplies;
import io.tillgate.engine.json.Json;

import java.util.Locale;

/**
 * An error answered outside every controller (an unknown path, a wrong method, a path the web server cannot
 * read), in the format of the API the path belongs to: a POS client, an engine client and an operator each
 * read their own, and none of them reads an HTML page.
 */
public final class ErrorBodies {
    private ErrorBodies() {
    }

    /** The JSON body for {@code status} on {@code path} (raw or decoded; only its first segment matters). */
    public static String of(String path, int status, String message) {
        String reason = reason(status);
        String text = message == null || message.isBlank() ? reason : message;
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT).replaceAll(";[^/]*", ""); // /api;x/… is /api/…
        if (p.startsWith("/api/")) {
            return PosReplies.error(code(status), null, text);
        }
        if (p.startsWith("/v1/") || p.startsWith("/v2/")) {
            return EngineReplies.error(reason, text);
        }
        return Json.MAPPER.createObjectNode().put("status", status).put("error", text).toString();
    }

    /** The POS API's error code for a status that no door of it answers itself. */
    private static String code(int status) {
        return switch (status) {
            case 400 -> "malformed_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "not_ready";
            default -> status >= 500 ? "internal_error" : "request_refused";
        };
    }

    private static String reason(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "error " + status : known.getReasonPhrase().toLowerCase(Locale.ROOT);
    }
}
