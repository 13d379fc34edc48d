package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the engine's API refuses before the engine sees it: no valid key (401), a body that is not JSON (415),
 * whether the door ({@link EngineDoor}) or a controller finds it.
 * HTTP statuses belong here, at the edge; the engine's own refusals are {@link io.tillgate.engine.EngineException}s.
 */
public final class ApiRefusal extends RuntimeException {
    private final int status;
    private final String title;

    private ApiRefusal(int status, String title, String details) {
        super(details);
        this.status = status;
        this.title = title;
    }

    public static ApiRefusal integrationKeyRequired() {
        return new ApiRefusal(401, "unauthorized", "an Integration API key is required: Authorization: ApiKey-v1 <key>");
    }

    public static ApiRefusal managementKeyRequired() {
        return new ApiRefusal(401, "unauthorized", "a Management API key is required: Authorization: ManagementKey-v1 <key>");
    }

    /** Refuses (401) a call without the Management API key. */
    public static void requireManagementKey(io.tillgate.engine.Applications applications, String auth) {
        if (!applications.isManagementKey(auth)) {
            throw managementKeyRequired();
        }
    }

    /** The engine cannot take this work now, though the request is good: the same request later may succeed. */
    public static ApiRefusal unavailable(String details) {
        return new ApiRefusal(503, "service unavailable", details);
    }

    static ApiRefusal unsupportedMediaType(String details) {
        return new ApiRefusal(415, "unsupported media type", details);
    }

    int status() {
        return status;
    }

    /** Talon.One's error body; a 401 carries its {@code StatusCode} as Talon.One's does. */
    ObjectNode body() {
        ObjectNode body = Views.error(getMessage(), title, getMessage(), null);
        if (status == 401) {
            body.put("StatusCode", 401);
        }
        return body;
    }
}
