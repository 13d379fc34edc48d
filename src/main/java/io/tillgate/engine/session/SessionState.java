package io.tillgate.engine.session;

/** The customer-session states of Talon.One's session model, as the wire spells them. */
public enum SessionState {
    OPEN("open"), CLOSED("closed"), PARTIALLY_RETURNED("partially_returned"), CANCELLED("cancelled");

    private final String wireName;

    SessionState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SessionState fromWire(String name) {
        for (SessionState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown session state " + name);
    }
}
