package io.tillgate.engine.campaign;

import com.fasterxml.jackson.databind.JsonNode;

/** A compiled effect of a rule: what the rule grants when its condition holds (or fails, for failure effects). */
public sealed interface EffectSpec {

    /** A discount on the session total. */
    record SetDiscount(String name, Expression value) implements EffectSpec {
    }

    /** A discount on each flattened unit that {@code items} selects (all units when null); {@code value} per unit. */
    record SetDiscountPerItem(String name, Expression items, Expression value) implements EffectSpec {
    }

    /** {@code total} spread over the selected units in proportion to their prices. */
    record SetDiscountPerItemProRata(String name, Expression items, Expression total) implements EffectSpec {
    }

    record AddFreeItem(String sku, String name) implements EffectSpec {
    }

    /** A new coupon whose code follows {@code pattern} ({@code #} is a random digit), for {@code recipient}. */
    record CreateCoupon(String pattern, Expression recipient, int usageLimit) implements EffectSpec {
    }

    /** Points for the session (or, with {@code items}, for each selected unit, {@code value} per unit). */
    record AddLoyaltyPoints(long programId, String name, Expression value, Expression items) implements EffectSpec {
    }

    record DeductLoyaltyPoints(long programId, String name, Expression value) implements EffectSpec {
    }

    record ShowNotification(String notificationType, String title, String body) implements EffectSpec {
    }

    record CustomEffect(long effectId, String name, JsonNode payload) implements EffectSpec {
    }
}
