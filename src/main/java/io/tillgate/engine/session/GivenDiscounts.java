package io.tillgate.engine.session;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The discounts a till gave with the offers it applied, by coupon code: what counts instead of the engine's own
 * discounts when a store's discounts are the till's (discounts: pos). Each is its amount and its shares over the
 * units it was given on.
 */
public record GivenDiscounts(Map<String, Given> byCode) {
    public GivenDiscounts {
        byCode = Map.copyOf(byCode);
    }

    public record Given(String name, BigDecimal amount, List<UnitShare> shares) {
        public Given {
            shares = List.copyOf(shares);
        }
    }
}
