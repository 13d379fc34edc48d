package io.tillgate.engine.campaign;

import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import java.math.BigDecimal;

/** A compiled limit. A campaign-wide budget has one counter; a per-Profile or per-Coupon one has a counter per key. */
public record Budget(BudgetAction action, BigDecimal limit, BudgetEntity entity) {

    /**
     * The counter this budget of campaign {@code campaignId} uses for a session of {@code profileId} with the coupon
     * {@code couponCode}; null when it does not apply (a per-profile budget without a profile, a per-coupon one
     * without a coupon). The one place a counter's key is spelt.
     */
    public BudgetKey key(long campaignId, String profileId, String couponCode) {
        return switch (entity) {
            case Campaign -> new BudgetKey(campaignId, action, "");
            case Profile -> profileId == null ? null : new BudgetKey(campaignId, action, "profile:" + profileId);
            case Coupon -> couponCode == null ? null : new BudgetKey(campaignId, action, "coupon:" + couponCode);
        };
    }
}
