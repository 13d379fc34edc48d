package io.tillgate.engine;

/**
 * A request the engine cannot carry out, by kind: what it refers to does not exist, the session's state forbids
 * it, a field is invalid, or the session is busy with another request. The API edge decides what each means in
 * HTTP ({@code engine.api.EngineErrors}); the worker records it as a rejection.
 */
public abstract sealed class EngineException extends RuntimeException {
    private final String pointer;

    private EngineException(String details, String pointer) {
        super(details);
        this.pointer = pointer;
    }

    public static NotFound notFound(String what) {
        return new NotFound(what);
    }

    public static Conflict conflict(String details) {
        return new Conflict(details, "/customerSession/state");
    }

    /** A conflict with the state of what {@code pointer} names (null: the resource in the path). */
    public static Conflict conflict(String details, String pointer) {
        return new Conflict(details, pointer);
    }

    public static Invalid invalid(String pointer, String details) {
        return new Invalid(pointer, null, details);
    }

    /** A query or path parameter the engine cannot take, by its name. */
    public static Invalid invalidParameter(String parameter, String details) {
        return new Invalid(null, parameter, details);
    }

    public static Busy busy(String details) {
        return new Busy(details);
    }

    /** Talon.One's title of the error, as its API writes it. */
    public abstract String title();

    /** The JSON pointer of the field at fault, or null. */
    public String pointer() {
        return pointer;
    }

    /** A session, campaign, coupon, application or program that does not exist. */
    public static final class NotFound extends EngineException {
        NotFound(String what) {
            super(what, null);
        }

        @Override
        public String title() {
            return "not found";
        }
    }

    /** A transition the session's state forbids (closing a cancelled session, returning from an open one). */
    public static final class Conflict extends EngineException {
        Conflict(String details, String pointer) {
            super(details, pointer);
        }

        @Override
        public String title() {
            return "conflict";
        }
    }

    /** A field of the request that the engine cannot take. */
    public static final class Invalid extends EngineException {
        private final String parameter;

        Invalid(String pointer, String parameter, String details) {
            super(details, pointer);
            this.parameter = parameter;
        }

        /** The query or path parameter at fault, or null. */
        public String parameter() {
            return parameter;
        }

        @Override
        public String title() {
            return "invalid request";
        }
    }

    /** Another request holds the session: the same request may succeed when retried. */
    public static final class Busy extends EngineException {
        Busy(String details) {
            super(details, null);
        }

        @Override
        public String title() {
            return "session busy";
        }
    }
}
