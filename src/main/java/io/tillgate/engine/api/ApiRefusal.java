package io.tillgate.engine.api;

/**
 * A request the engine's API refuses before the engine sees it: no valid key (401), a body that is not JSON (415).
 * HTTP statuses belong here, at the edge; the engine's own refusals are {@link io.tillgate.engine.EngineException}s.
 */
final class ApiRefusal extends RuntimeException {
    private final int status;
    private final String title;

    private ApiRefusal(int status, String title, String details) {
        super(details);
        this.status = status;
        this.title = title;
    }

    static ApiRefusal unauthorized(String details) {
        return new ApiRefusal(401, "unauthorized", details);
    }

    static ApiRefusal unsupportedMediaType(String details) {
        return new ApiRefusal(415, "unsupported media type", details);
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }
}
