package io.tillgate.engine.campaign;

import java.util.List;

public record Rule(int index, String title, Expression condition, List<EffectSpec> effects,
                   List<EffectSpec> failureEffects) {
}
