package io.tillgate.engine.campaign;

import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.BudgetScope;

import java.math.BigDecimal;

/**
 * A compiled limit. A campaign-wide budget has one counter; a per-Profile, per-Store, per-Coupon, per-Identifier or
 * per-Referral one
 * has a counter per key; one with a period has a counter per period besides.
 */
public record Budget(BudgetAction action, BigDecimal limit, BudgetEntity entity, BudgetPeriod period) {

    /**
     * The counter this budget of campaign {@code campaignId} uses for a session in {@code scope} with the coupon
     * {@code couponCode}; null when it does not apply (a per-profile budget without a profile, a per-store one
     * without a store, a per-coupon one without a coupon). The one place a counter's key is spelt: the entity
     * ({@code ""}, {@code profile:ann}, {@code store:s1}, {@code coupon:C-1}, {@code referral:R-1}), after the period and an {@code @}
     * when the budget has one ({@code daily:2026-03-01@store:s1}). The period comes first, in a form with no
     * {@code @}: ids may hold any character, and so no store or customer can name another's counter.
     */
    public BudgetKey key(long campaignId, BudgetScope scope, String couponCode) {
        String entityKey = switch (entity) {
            case Campaign -> "";
            case Profile -> scope.profileId() == null ? null : "profile:" + scope.profileId();
            case Store -> scope.storeId() == null ? null : "store:" + scope.storeId();
            case Coupon -> couponCode == null ? null : "coupon:" + couponCode;
            case Identifier -> null; // one a session identifier: see keys
            case Referral -> scope.referral() == null || scope.referral().campaignId() != campaignId ? null
                    : "referral:" + scope.referral().code();
        };
        return entityKey == null ? null : keyed(campaignId, scope, entityKey);
    }

    /**
     * The counters this budget uses for a session: {@link #key}'s, or for a per-Identifier budget one for each of the
     * session's custom identifiers ({@code identifier:203.0.113.7}), each of which must have room.
     */
    public java.util.List<BudgetKey> keys(long campaignId, BudgetScope scope, String couponCode) {
        if (entity == BudgetEntity.Identifier) {
            return scope.identifiers().stream().map(i -> keyed(campaignId, scope, "identifier:" + i)).toList();
        }
        BudgetKey key = key(campaignId, scope, couponCode);
        return key == null ? java.util.List.of() : java.util.List.of(key);
    }

    private BudgetKey keyed(long campaignId, BudgetScope scope, String entityKey) {
        return new BudgetKey(campaignId, action, period == BudgetPeriod.overall ? entityKey
                : period.label(scope.at(), scope.zone()) + "@" + entityKey);
    }

    /** Whether a counter of this key is one of this budget's (of the same campaign and action): its period, its entity. */
    public boolean counts(String entityKey) {
        java.util.regex.Matcher periodic = BudgetPeriod.KEY_PREFIX.matcher(entityKey);
        boolean hasPeriod = periodic.lookingAt();
        if (hasPeriod != (period != BudgetPeriod.overall) || (hasPeriod && !periodic.group(1).equals(period.name()))) {
            return false;
        }
        String entityPart = hasPeriod ? entityKey.substring(periodic.end()) : entityKey;
        return switch (entity) {
            case Campaign -> entityPart.isEmpty();
            case Profile -> entityPart.startsWith("profile:");
            case Store -> entityPart.startsWith("store:");
            case Coupon -> entityPart.startsWith("coupon:");
            case Identifier -> entityPart.startsWith("identifier:");
            case Referral -> entityPart.startsWith("referral:");
        };
    }
}
