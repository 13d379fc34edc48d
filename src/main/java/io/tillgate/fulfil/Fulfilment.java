package io.tillgate.fulfil;

import io.tillgate.engine.lifecycle.TillDiscounts;
import io.tillgate.engine.session.Effect;
import io.tillgate.pos.FieldError;
import io.tillgate.engine.session.SessionState;

import java.util.List;

/**
 * What the engine did for a plan: the session operations performed, in order, and one step per session event; where
 * the till's discounts count, how each campaign's discount compared with the till's, and what of the till's discounts
 * did not add up.
 */
public record Fulfilment(List<SessionOperation> operations, List<Step> steps, List<TillDiscounts.Compared> compared,
                         List<FieldError> warnings) {
    public static final Fulfilment NOTHING = new Fulfilment(List.of(), List.of());

    public Fulfilment(List<SessionOperation> operations, List<Step> steps) {
        this(operations, steps, List.of(), List.of());
    }

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
