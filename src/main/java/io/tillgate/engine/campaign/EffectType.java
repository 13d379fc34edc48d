package io.tillgate.engine.campaign;

/** One kind of effect a campaign's rule can have: its name in the rule, and how its fields compile. */
public interface EffectType {

    /** The effect's {@code type} in a rule, as Talon.One's rule builder names it. */
    String name();

    /** The compiled effect; null when its fields have problems, each added through {@code fields}. */
    EffectSpec compile(EffectFields fields);
}
