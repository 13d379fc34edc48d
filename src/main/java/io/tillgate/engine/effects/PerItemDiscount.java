package io.tillgate.engine.effects;

import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.UnitShare;

/** The {@code setDiscountPerItem} effect of one unit's share of a discount, for discounts made outside a rule. */
public final class PerItemDiscount {
    private PerItemDiscount() {
    }

    public static Effect of(Effect.Origin origin, String name, UnitShare share) {
        return Effect.of(origin, UnitDiscounts.EFFECT,
                new UnitDiscounts.Props(name, share.amount(), share.position(), share.subPosition(), null, null));
    }
}
