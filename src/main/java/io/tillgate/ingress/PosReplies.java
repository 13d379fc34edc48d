package io.tillgate.ingress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.FieldError;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The POS API's response bodies: {@code {"status":"OK","payload":..}} and {@code {"status":"error","errors":[..]}}. */
public final class PosReplies {
    private PosReplies() {
    }

    public static String accepted(String requestId, String transactionId, String jobId) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", "OK");
        body.putObject("payload").put("request_id", requestId).put("transaction_id", transactionId).put("job_id", jobId);
        return body.toString();
    }

    /** A client posting for a store it may not: send_transaction's and the offer calls' 403. */
    public static String forbiddenToPost(String client, String storeId) {
        return error("forbidden_store", "store_id", "client '" + client + "' may not post for store '" + storeId + "'");
    }

    public static String error(String code, String field, String message) {
        return errors(List.of(new FieldError(code, field, message)));
    }

    /** An error answered by a servlet filter, before the request reaches its route. */
    static void write(HttpServletResponse response, int status, String code, String field, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(error(code, field, message).getBytes(StandardCharsets.UTF_8));
    }

    public static String errors(List<FieldError> errors) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", "error");
        ArrayNode list = body.putArray("errors");
        errors.forEach(e -> list.addObject().put("code", e.code()).put("field", e.field()).put("message", e.message()));
        return body.toString();
    }
}
