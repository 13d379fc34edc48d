package io.tillgate.engine.lifecycle;

import io.tillgate.engine.campaign.Budget;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.effects.PerItemDiscount;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.BudgetScope;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.GivenDiscounts;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.Props;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a till's discounts count instead of the engine's (a store with {@code discounts: pos}): an evaluation made to
 * say what the customer got. An offer the till applied is redeemed if the coupon itself is good (its campaign's
 * conditions, which see the prices the till's discounts left, do not veto what the till already gave), and its
 * campaign's discount is what the till gave: its grant holds the till's amount and shares over units, its discount
 * budget is charged with that amount, and its effects are one {@code setDiscountPerItem} per unit share. A discount
 * the engine found but the till did not give is neither granted, charged nor published. Each campaign's comparison
 * is kept for the outcome.
 */
public final class TillDiscounts {
    private static final Set<String> DISCOUNT_EFFECTS = Set.of("setDiscount", "setDiscountPerItem");
    private static final String BY_CONDITION = "CouponRejectedByCondition";

    private TillDiscounts() {
    }

    /**
     * A campaign's discount as the engine found it and as the till gave it: {@code given} null when the till gave
     * none (the engine's was not applied). For an offer the till gave, {@code engine} is the discount the engine
     * answered the till's lock or redeem with, on the check as it was then, or null when there was none: at the
     * close the engine sees the prices the till's discounts left, the offer's own included, and its figure there is
     * not the offer's.
     */
    public record Compared(long campaignId, String name, BigDecimal engine, BigDecimal given, String code) {
    }

    record Applied(Evaluation evaluation, List<Compared> compared) {
    }

    static Applied apply(Evaluation evaluation, GivenDiscounts given, Map<String, CouponView> coupons,
                         Function<Long, Optional<Campaign>> campaigns, BudgetScope scope) {
        Set<String> accepted = new HashSet<>();
        evaluation.effects().stream().filter(e -> e.effectType().equals("acceptCoupon"))
                .forEach(e -> accepted.add(((Props.Coupon) e.props()).value()));
        Set<String> vetoed = new HashSet<>(); // given offers only their campaign's conditions refused
        evaluation.effects().stream().filter(e -> e.props() instanceof Props.RejectCoupon r
                        && BY_CONDITION.equals(r.rejectionReason()) && given.byCode().containsKey(r.value()))
                .forEach(e -> vetoed.add(((Props.RejectCoupon) e.props()).value()));
        Map<Long, String> codeOf = new LinkedHashMap<>(); // the campaign of each offer the till gave that is redeemed
        given.byCode().forEach((code, discount) -> {
            CouponView coupon = coupons.get(code);
            if (coupon != null && (accepted.contains(code) || vetoed.contains(code))) {
                codeOf.putIfAbsent(coupon.campaignId(), code);
            }
        });
        Map<Long, BigDecimal> engine = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        List<Grant> grants = new ArrayList<>();
        Set<Long> granted = new HashSet<>();
        for (Grant grant : evaluation.grants()) {
            if (!(grant instanceof Grant.Discount d)) {
                grants.add(grant);
                continue;
            }
            long campaign = d.origin().campaignId();
            engine.merge(campaign, d.value(), BigDecimal::add);
            names.putIfAbsent(campaign, d.name());
            String code = codeOf.get(campaign);
            if (code != null && granted.add(campaign)) { // a campaign's rules' discounts are the one the till gave
                GivenDiscounts.Given till = given.byCode().get(code);
                List<Charge> charges = d.charges().stream().map(c -> c.key().action() == BudgetAction.setDiscount
                        ? new Charge(c.key(), till.amount()) : c).toList();
                grants.add(new Grant.Discount(d.origin(), d.name(), false, till.amount(), till.shares(), charges, false));
            }
        }
        List<Effect> effects = new ArrayList<>();
        Set<Long> published = new HashSet<>();
        TillsOwn tills = new TillsOwn(given, campaigns, scope, names, granted, published, grants, effects);
        for (Effect e : evaluation.effects()) {
            if (e.props() instanceof Props.RejectCoupon r && vetoed.contains(r.value()) && codeOf.containsValue(r.value())) {
                // what the till gave stands: the offer is redeemed, with the discount it gave
                Effect.Origin origin = origin(e);
                tills.grant(origin, r.value());
                effects.add(Effect.of(origin, "acceptCoupon", Props.coupon(r.value())));
                grants.add(new Grant.CouponRedemption(origin, coupons.get(r.value()).id(), r.value(), charges(
                        campaigns.apply(e.campaignId()).orElse(null), scope, r.value(), BudgetAction.redeemCoupon,
                        BigDecimal.ONE), false, true));
            } else if (e.props() instanceof Props.Coupon c && e.effectType().equals("acceptCoupon")
                    && !granted.contains(e.campaignId()) && c.value().equals(codeOf.get(e.campaignId()))) {
                // an offer whose campaign found no discount of its own on the net prices: the till's is granted
                tills.grant(origin(e), c.value());
                effects.add(e);
            } else if (!DISCOUNT_EFFECTS.contains(e.effectType())) {
                effects.add(e);
            } else if (granted.contains(e.campaignId()) && published.add(e.campaignId())) {
                GivenDiscounts.Given till = given.byCode().get(codeOf.get(e.campaignId()));
                Effect.Origin origin = origin(e);
                till.shares().forEach(share -> effects.add(PerItemDiscount.of(origin, names.get(e.campaignId()), share)));
            }
        }
        List<Compared> compared = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        engine.forEach((campaign, amount) -> {
            seen.add(campaign);
            String code = granted.contains(campaign) ? codeOf.get(campaign) : null;
            compared.add(code == null ? new Compared(campaign, names.get(campaign), amount, null, null)
                    : new Compared(campaign, names.get(campaign), coupons.get(code).answered(),
                    given.byCode().get(code).amount(), code));
        });
        codeOf.forEach((campaign, code) -> { // offers whose campaign found no discount of its own on the net prices
            if (!seen.contains(campaign)) {
                compared.add(new Compared(campaign, names.get(campaign), coupons.get(code).answered(),
                        given.byCode().get(code).amount(), code));
            }
        });
        return new Applied(new Evaluation(List.copyOf(effects), List.copyOf(grants), evaluation.failures()), List.copyOf(compared));
    }

    /** Where an effect comes from, as its campaign's discounts and coupon effects say it: no failed condition. */
    private static Effect.Origin origin(Effect e) {
        return new Effect.Origin(e.campaignId(), e.ruleIndex(), e.ruleName(), e.triggeredByCoupon(), null);
    }

    /** Grants a campaign whose rules granted no discount of their own what the till gave, with the effects that say so. */
    private record TillsOwn(GivenDiscounts given, Function<Long, Optional<Campaign>> campaigns, BudgetScope scope,
                            Map<Long, String> names, Set<Long> granted, Set<Long> published, List<Grant> grants,
                            List<Effect> effects) {
        void grant(Effect.Origin origin, String code) {
            long campaignId = origin.campaignId();
            Campaign campaign = campaigns.apply(campaignId).orElse(null);
            GivenDiscounts.Given till = given.byCode().get(code);
            String name = till.name() != null ? till.name() : campaign == null ? code : campaign.name();
            names.putIfAbsent(campaignId, name);
            if (!granted.add(campaignId)) {
                return;
            }
            published.add(campaignId);
            grants.add(new Grant.Discount(origin, name, false, till.amount(), till.shares(),
                    charges(campaign, scope, code, BudgetAction.setDiscount, till.amount()), false));
            till.shares().forEach(share -> effects.add(PerItemDiscount.of(origin, name, share)));
        }
    }

    /** What a grant of the campaign charges its budgets of this action; a discount is also one discount effect. */
    private static List<Charge> charges(Campaign campaign, BudgetScope scope, String code, BudgetAction action, BigDecimal amount) {
        if (campaign == null) {
            return List.of();
        }
        List<Charge> charges = new ArrayList<>();
        for (Budget budget : campaign.budgets()) {
            BigDecimal charged = budget.action() == action ? amount
                    : action == BudgetAction.setDiscount && budget.action() == BudgetAction.setDiscountEffect ? BigDecimal.ONE : null;
            for (BudgetKey key : charged == null ? List.<BudgetKey>of() : budget.keys(campaign.id(), scope, code)) {
                charges.add(new Charge(key, charged));
            }
        }
        return List.copyOf(charges);
    }
}
