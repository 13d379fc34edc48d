package io.tillgate.operators;

import io.tillgate.engine.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The operator surfaces' refusals from a filter, {@code {"status": 403, "error": "…"}}, as Jolokia's own read. */
final class OperatorReplies {
    private OperatorReplies() {
    }

    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(Json.MAPPER.createObjectNode().put("status", status).put("error", message)
                .toString().getBytes(StandardCharsets.UTF_8));
    }
}
