package io.tillgate.engine.campaign;

import dev.cel.runtime.CelEvaluationException;

/**
 * A compiled effect of a rule: what it does when its rule applies (or fails, for failure effects). Each effect
 * type is one class in {@code io.tillgate.engine.effects}, which compiles it from its campaign fields and holds
 * this record of what it needs.
 */
public interface EffectSpec {

    /**
     * Applies the effect through {@code rule}, which keeps what it adds until the whole rule applies. Returns why
     * the rule must fail instead (a budget too small, points the customer does not have), or null.
     */
    String apply(RuleScope rule) throws CelEvaluationException;

    /** The loyalty program whose points the effect adds or spends: its settings are read before evaluation. */
    default java.util.OptionalLong loyaltyProgram() {
        return java.util.OptionalLong.empty();
    }

    /** The audience the effect names: its name is read before evaluation, and it must exist when the campaign is stored. */
    default java.util.OptionalLong audience() {
        return java.util.OptionalLong.empty();
    }

    /** The giveaway pool the effect awards from: its free codes are read (and locked) before evaluation. */
    default java.util.OptionalLong giveawayPool() {
        return java.util.OptionalLong.empty();
    }

    /** The additional cost the effect discounts: it must be one the application's sessions may carry when the campaign is stored. */
    default java.util.Optional<String> additionalCost() {
        return java.util.Optional.empty();
    }

    /** Whether the additional cost it discounts is the items' (else the session's). */
    default boolean perItem() {
        return false;
    }

    /** Whether the effect spends the customer's points: their balance is read before evaluation. */
    default boolean spendsPoints() {
        return false;
    }
}
