package io.tillgate.engine.lifecycle;

import io.tillgate.engine.EngineException;
import io.tillgate.engine.session.SessionState;

/**
 * Talon.One's session state machine: which state a session may move to by an update, and which sessions take a
 * return or a reopen. Each check throws a {@link EngineException.Conflict} that says what is allowed instead.
 */
final class Transitions {
    private Transitions() {
    }

    /** An update from {@code from} (null: the session does not exist yet) to {@code to}. */
    static void update(SessionState from, SessionState to) {
        boolean allowed = from == null ? to == SessionState.OPEN || to == SessionState.CLOSED
                : switch (from) {
                    case OPEN -> true;
                    case CLOSED, PARTIALLY_RETURNED -> to == SessionState.CANCELLED;
                    case CANCELLED -> false;
                };
        if (!allowed) {
            throw EngineException.conflict(from == null
                    ? "a new session is created open or closed, not " + to.wireName()
                    : "a " + from.wireName() + " session cannot become " + to.wireName()
                    + (from == SessionState.CLOSED ? " (use returns, reopen, or cancel)" : ""));
        }
    }

    static void returnFrom(SessionState state) {
        if (state != SessionState.CLOSED && state != SessionState.PARTIALLY_RETURNED) {
            throw EngineException.conflict("only closed or partially returned sessions take returns; this one is " + state.wireName());
        }
    }

    static void reopenFrom(SessionState state) {
        if (state != SessionState.CLOSED) {
            throw EngineException.conflict("only closed sessions can be reopened; this one is " + state.wireName());
        }
    }
}
