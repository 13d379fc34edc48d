package io.tillgate.engine;

/** An engine request that cannot be carried out, with the HTTP status and the pointer of the field at fault. */
public class EngineException extends RuntimeException {
    private final int status;
    private final String title;
    private final String pointer;

    public EngineException(int status, String title, String details, String pointer) {
        super(details);
        this.status = status;
        this.title = title;
        this.pointer = pointer;
    }

    public static EngineException notFound(String what) {
        return new EngineException(404, "not found", what, null);
    }

    public static EngineException conflict(String details) {
        return new EngineException(409, "conflict", details, "/customerSession/state");
    }

    public static EngineException invalid(String pointer, String details) {
        return new EngineException(400, "invalid request", details, pointer);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String pointer() {
        return pointer;
    }
}
