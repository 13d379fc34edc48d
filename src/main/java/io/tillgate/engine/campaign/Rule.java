package io.tillgate.engine.campaign;

import java.util.List;

public record Rule(int index, String title, Expression condition, List<EffectSpec> effects,
                   List<EffectSpec> failureEffects) {

    /** Its effects and failure effects: what it may do either way. */
    public java.util.stream.Stream<EffectSpec> allEffects() {
        return java.util.stream.Stream.concat(effects.stream(), failureEffects.stream());
    }
}
