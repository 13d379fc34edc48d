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
 * referral codes its close created; {@code event}: the built-in event the operation was (Talon.One's
 * {@code talon_session_*}).
 */
public record SessionOutcome(CustomerSession session, List<Effect> effects, List<CouponView> createdCoupons,
                             List<Evaluation.RuleFailure> failures, List<Long> triggeredCampaigns, List<CouponView> coupons,
                             List<TillDiscounts.Compared> tillDiscounts, List<ReferralView> createdReferrals, String event) {

    /** Talon.One's built-in events of a session: what each operation was. */
    public static final String CREATED = "talon_session_created";
    public static final String UPDATED = "talon_session_updated";
    public static final String CLOSED = "talon_session_closed";
    public static final String CANCELLED = "talon_session_cancelled";
    public static final String REVOKED = "talon_session_revoked";
    public static final String PARTIALLY_RETURNED = "talon_session_partially_returned";
    public static final String REOPENED = "talon_session_reopened";

    public SessionOutcome(CustomerSession session, List<Effect> effects, List<CouponView> createdCoupons,
                          List<Evaluation.RuleFailure> failures, List<Long> triggeredCampaigns, List<CouponView> coupons,
                          List<TillDiscounts.Compared> tillDiscounts, List<ReferralView> createdReferrals) {
        this(session, effects, createdCoupons, failures, triggeredCampaigns, coupons, tillDiscounts, createdReferrals, null);
    }

    /** The outcome as the built-in event it was ({@code talon_session_closed}, …). */
    public SessionOutcome as(String eventType) {
        return new SessionOutcome(session, effects, createdCoupons, failures, triggeredCampaigns, coupons, tillDiscounts,
                createdReferrals, eventType);
    }

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
