package io.tillgate.engine.lifecycle;

import io.tillgate.engine.session.CustomerSession;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.ReferralView;
import io.tillgate.engine.evaluate.Evaluation;

import java.util.List;

/**
 * The result of a session operation: the session as it now stands and the effects of this request; {@code tillDiscounts},
 * where a till's discounts count, how each campaign's discount compares with what the till gave; the coupons and
 * referral codes its close created.
 */
public record SessionOutcome(CustomerSession session, List<Effect> effects, List<CouponView> createdCoupons,
                             List<Evaluation.RuleFailure> failures, List<Long> triggeredCampaigns, List<CouponView> coupons,
                             List<TillDiscounts.Compared> tillDiscounts, List<ReferralView> createdReferrals) {

    public SessionOutcome(CustomerSession session, List<Effect> effects, List<CouponView> createdCoupons,
                          List<Evaluation.RuleFailure> failures, List<Long> triggeredCampaigns, List<CouponView> coupons,
                          List<TillDiscounts.Compared> tillDiscounts) {
        this(session, effects, createdCoupons, failures, triggeredCampaigns, coupons, tillDiscounts, List.of());
    }

    public SessionOutcome(CustomerSession session, List<Effect> effects, List<CouponView> createdCoupons,
                          List<Evaluation.RuleFailure> failures, List<Long> triggeredCampaigns, List<CouponView> coupons) {
        this(session, effects, createdCoupons, failures, triggeredCampaigns, coupons, List.of());
    }
}
