package io.tillgate.fulfil;

import io.tillgate.engine.evaluate.Effect;
import io.tillgate.engine.session.SessionState;

import java.util.List;

/**
 * What the engine did for a plan: the operations performed ({@code "update closed"}, {@code "return"},
 * {@code "reopen, update closed"} …, null when the plan needs none) and one step per session event.
 */
public record Fulfilment(String operation, List<Step> steps) {
    public static final Fulfilment NOTHING = new Fulfilment(null, List.of());

    /** A session event: its type ({@code session.closed} …), the state it left, and its effects. */
    public record Step(String eventType, SessionState state, List<Effect> effects) {
    }

    public List<Effect> effects() {
        return steps.stream().flatMap(s -> s.effects().stream()).toList();
    }
}
