package io.tillgate.engine.lifecycle;

import io.tillgate.engine.effects.PerItemDiscount;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.GivenDiscounts;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a till's discounts count instead of the engine's (a store with {@code discounts: pos}): an evaluation made to
 * say what the customer got. The discount of a campaign whose offer the till applied, and the engine accepted, is
 * what the till gave: its grant holds the till's amount and shares over units, its discount budget is charged with
 * that amount, and its effects are one {@code setDiscountPerItem} per unit share. A discount the engine found but the
 * till did not give is neither granted, charged nor published. Each campaign's comparison is kept for the outcome.
 */
public final class TillDiscounts {
    private static final Set<String> DISCOUNT_EFFECTS = Set.of("setDiscount", "setDiscountPerItem");

    private TillDiscounts() {
    }

    /**
     * A campaign's discount as the engine found it and as the till gave it: {@code given} null when the till gave
     * none (the engine's was not applied). For an offer the till locked or redeemed, {@code engine} is the discount
     * the engine answered it with, on the check as it was then: at the close the engine sees the prices the till's
     * discounts left, the offer's own included, and its figure there is not the offer's.
     */
    public record Compared(long campaignId, String name, BigDecimal engine, BigDecimal given, String code) {
    }

    record Applied(Evaluation evaluation, List<Compared> compared) {
    }

    static Applied apply(Evaluation evaluation, GivenDiscounts given, Map<String, CouponView> coupons) {
        Set<String> accepted = new HashSet<>();
        evaluation.effects().stream().filter(e -> e.effectType().equals("acceptCoupon"))
                .forEach(e -> accepted.add(((Props.Coupon) e.props()).value()));
        Map<Long, String> codeOf = new LinkedHashMap<>(); // the campaign of each offer the till gave, and the engine took
        given.byCode().forEach((code, discount) -> {
            CouponView coupon = coupons.get(code);
            if (coupon != null && accepted.contains(code)) {
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
        for (Effect e : evaluation.effects()) {
            if (!DISCOUNT_EFFECTS.contains(e.effectType())) {
                effects.add(e);
            } else if (granted.contains(e.campaignId()) && published.add(e.campaignId())) {
                GivenDiscounts.Given till = given.byCode().get(codeOf.get(e.campaignId()));
                Effect.Origin origin = new Effect.Origin(e.campaignId(), e.ruleIndex(), e.ruleName(), e.triggeredByCoupon(), null);
                till.shares().forEach(share -> effects.add(PerItemDiscount.of(origin, names.get(e.campaignId()), share)));
            }
        }
        List<Compared> compared = new ArrayList<>();
        engine.forEach((campaign, amount) -> {
            String code = granted.contains(campaign) ? codeOf.get(campaign) : null;
            BigDecimal answered = code == null ? null : coupons.get(code).answered();
            compared.add(new Compared(campaign, names.get(campaign), answered != null ? answered : amount,
                    code == null ? null : given.byCode().get(code).amount(), code));
        });
        return new Applied(new Evaluation(List.copyOf(effects), List.copyOf(grants), evaluation.failures()), List.copyOf(compared));
    }
}
