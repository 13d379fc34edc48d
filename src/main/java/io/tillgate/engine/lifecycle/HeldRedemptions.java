package io.tillgate.engine.lifecycle;

import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CouponHoldStore;
import io.tillgate.engine.store.CouponStore;
import org.springframework.stereotype.Component;

/**
 * Gives back a redemption a session holds: the coupon's use and the redeemCoupon budget charges it took. One place
 * for the till's reinstate and for a session's rollback (void, reopen), so that whichever comes first gives it back
 * and the other finds nothing left to give.
 */
@Component
class HeldRedemptions {
    private final CouponStore coupons;
    private final CouponHoldStore holds;
    private final BudgetStore budgets;
    private final io.tillgate.engine.store.ProfileStore profiles;

    HeldRedemptions(CouponStore coupons, CouponHoldStore holds, BudgetStore budgets, io.tillgate.engine.store.ProfileStore profiles) {
        this.profiles = profiles;
        this.coupons = coupons;
        this.holds = holds;
        this.budgets = budgets;
    }

    /**
     * The caller holds the coupon's row locked. True when the session held a redemption of it, now given back; a
     * per-Profile charge to the profile its customer is now (merged since, the kept one).
     */
    boolean giveBack(long applicationId, long couponId, String sessionId) {
        var hold = holds.find(couponId, sessionId).filter(h -> h.kind() == CouponHoldStore.Kind.REDEMPTION);
        if (hold.isEmpty()) {
            return false;
        }
        coupons.redeem(couponId, -1);
        hold.get().charges().stream().filter(c -> c.key().action() == BudgetAction.redeemCoupon)
                .forEach(c -> {
                    String profile = ProfileCounters.profile(c.key());
                    budgets.add(profile == null ? c.key() : ProfileCounters.of(c.key(), profiles.finalProfile(applicationId, profile)),
                            c.amount().negate());
                });
        holds.release(couponId, sessionId);
        return true;
    }
}
