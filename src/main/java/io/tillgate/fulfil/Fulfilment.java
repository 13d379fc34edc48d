package io.tillgate.fulfil;

import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.SessionState;

import java.util.List;

/** What the engine did for a plan: the session operations performed, in order, and one step per session event. */
public record Fulfilment(List<SessionOperation> operations, List<Step> steps) {
    public static final Fulfilment NOTHING = new Fulfilment(List.of(), List.of());

    /** The operations as stored with the outcome and shown: {@code "reopen, update closed"}; null when none. */
    public String describe() {
        return operations.isEmpty() ? null
                : String.join(", ", operations.stream().map(SessionOperation::wireName).toList());
    }

    /** A session event: its type ({@code session.closed} …), the state it left, and its effects. */
    public record Step(String eventType, SessionState state, List<Effect> effects) {
    }

    public List<Effect> effects() {
        return steps.stream().flatMap(s -> s.effects().stream()).toList();
    }
}
