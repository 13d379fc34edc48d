package io.tillgate.engine.evaluate;

import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.AchievementState;
import io.tillgate.engine.campaign.Budget;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.EvaluationDeadline;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.Rule;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.money.Allocation;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.BudgetScope;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.ReferralView;
import io.tillgate.engine.session.Unit;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.money.Money;

/**
 * The rule engine: a pure function of the session, the candidate campaigns, coupons, budget counters
 * and point balances to effects and grants. Campaigns run in id order; within a campaign, rules in order.
 * A rule either applies all of its effects or none (a budget too small for one of them fails the rule).
 */
public final class Evaluator {
    static final int POINTS_SCALE = BudgetAction.POINTS_SCALE;
    /**
     * How long the CEL of one session's evaluation, and of one rule in it, may take. A rule past its share
     * fails with an error effect; the session goes on with the other rules, as long as time is left.
     */
    static final Duration EVALUATION_BUDGET = Duration.ofSeconds(2);
    static final Duration RULE_BUDGET = Duration.ofMillis(200);

    private Evaluator() {
    }

    public static Evaluation evaluate(EvaluationInput in) {
        return new Run(in).run();
    }

    private static final class Run {
        private final EvaluationInput in;
        private final List<Unit> units;
        private final BigDecimal cartTotal;
        private final CelValues.Struct sessionVar;
        private final CelValues.Struct profileVar;
        private final Object nowVar;
        private CelValues.Struct couponVar = CelValues.coupon(null);
        private CelValues.Struct referralVar = CelValues.referral(null);
        /** The session's referral code, when valid: its campaign's rules see it, and accept or reject it. */
        private ReferralView referral;
        private CelValues.Struct itemVar = CelValues.unit(new Unit(0, 0,
                new io.tillgate.engine.session.CartItem("", "", 0, 0, BigDecimal.ZERO, "", null)), Map.of());
        /** CEL reads the variables straight from these fields: no map and no copy per evaluated expression. */
        private final dev.cel.runtime.CelVariableResolver resolver = this::variable;
        /** The whole evaluation's time; each rule has its share of it, so that one rule cannot take it all. */
        private final EvaluationDeadline deadline = EvaluationDeadline.after(EVALUATION_BUDGET);
        private EvaluationDeadline ruleDeadline = deadline;
        private final List<CelValues.Struct> unitVars;
        /** Index of each cart line's first unit: units are in position, then sub-position order. */
        private final int[] lineStart;
        private final List<Effect> effects = new ArrayList<>();
        private final List<Grant> grants = new ArrayList<>();
        private final List<Evaluation.RuleFailure> failures = new ArrayList<>();
        private final Map<BudgetKey, BigDecimal> spent = new HashMap<>();
        private final BigDecimal[] unitDiscount;
        private BigDecimal unitDiscountTotal = BigDecimal.ZERO;
        /** The discounts given on each of the session's additional costs, in its order. */
        private final BigDecimal[] costDiscount;
        /** The discounts given on the units' additional costs: by cost name, per unit; a cost's array once one is discounted. */
        private final Map<String, BigDecimal[]> unitCostDiscount = new HashMap<>();
        private final Map<Long, BigDecimal> deducted = new HashMap<>();
        private final Map<String, BigDecimal> progressed = new HashMap<>();
        /** How many of each pool's free codes the applied rules took. */
        private final Map<Long, Integer> givenAway = new HashMap<>();
        private BudgetScope scope;

        Run(EvaluationInput in) {
            this.in = in;
            this.units = Unit.flatten(in.session().cartItems());
            BigDecimal total = BigDecimal.ZERO;
            this.unitDiscount = new BigDecimal[units.size()];
            this.costDiscount = new BigDecimal[in.session().additionalCosts().size()];
            java.util.Arrays.fill(costDiscount, BigDecimal.ZERO);
            this.lineStart = new int[in.session().cartItems().size()];
            List<CelValues.Struct> unitStructs = new ArrayList<>(units.size());
            for (int i = units.size() - 1; i >= 0; i--) {
                lineStart[units.get(i).position()] = i;
            }
            List<Object> lineAttributes = CelValues.lineAttributes(in.session().cartItems());
            for (int i = 0; i < units.size(); i++) {
                Unit unit = units.get(i);
                total = total.add(unit.price());
                unitDiscount[i] = BigDecimal.ZERO;
                unitStructs.add(CelValues.unit(unit, lineAttributes.get(unit.position())));
            }
            this.cartTotal = in.money().of(total);
            this.unitVars = unitStructs;
            this.sessionVar = CelValues.session(in.session(), units, cartTotal.doubleValue(), lineAttributes);
            this.profileVar = CelValues.profile(in.session().profileId(), in.session().profileAttributes(), in.tiers(),
                    in.achievements(), in.audiences().memberOf());
            this.nowVar = CelValues.timestamp(in.now());
            this.scope = new BudgetScope(in.session().profileId(), in.session().storeId(), in.now(), in.zone(),
                    in.session().identifiers());
        }

        private java.util.Optional<Object> variable(String name) {
            return java.util.Optional.ofNullable(switch (name) {
                case "session" -> sessionVar;
                case "item" -> itemVar;
                case "profile" -> profileVar;
                case "coupon" -> couponVar;
                case "referral" -> referralVar;
                case "now" -> nowVar;
                default -> null;
            });
        }

        Evaluation run() {
            referral = checkReferral();
            if (referral != null) {
                scope = withReferral(referral);
            }
            Map<Long, CouponView> validCoupons = checkCoupons();
            List<Campaign> campaigns = new ArrayList<>(in.candidates());
            campaigns.sort(Comparator.comparingLong(Campaign::order).thenComparingLong(Campaign::id));
            java.util.Set<Long> groupsDone = new java.util.HashSet<>();
            for (Campaign campaign : campaigns) {
                Campaign.Group group = campaign.group();
                if (group == null) {
                    evaluate(campaign, validCoupons.get(campaign.id()));
                } else if (groupsDone.add(group.id())) { // a group is evaluated at its anchor, all its campaigns there
                    evaluateGroup(group, campaigns.stream().filter(c -> c.group() != null && c.group().id() == group.id())
                            .sorted(Comparator.comparingInt((Campaign c) -> c.group().position()).thenComparingLong(Campaign::id))
                            .toList(), validCoupons);
                }
            }
            if (in.closing()) {
                allocateSessionLevelGrants();
            }
            return new Evaluation(List.copyOf(effects), List.copyOf(grants), List.copyOf(failures));
        }

        /**
         * Evaluates a campaign with its valid coupon (null: none): its rules, then the coupon accepted or rejected. Whether
         * a rule of it applied; false when the campaign does not run for this session.
         */
        private boolean evaluate(Campaign campaign, CouponView coupon) {
            ReferralView referral = referralOf(campaign);
            if (!campaign.runningAt(in.now())) {
                return false;
            }
            if ((campaign.couponRequired() && coupon == null) || (campaign.referralRequired() && referral == null)) {
                if (referral != null) { // the referral code is valid, but its campaign runs with a coupon only
                    rejectReferral(campaign, referral, "ReferralRejectedByCondition", null,
                            "campaign " + campaign.id() + " runs only with a valid coupon of its own");
                }
                return false;
            }
            if (campaign.indexedByCart() && !cartMatches(campaign)) {
                String details = "the cart holds none of the items campaign " + campaign.id() + " applies to";
                if (coupon != null) { // the coupon is valid, but its campaign is not for this cart
                    effects.add(Effect.of(new Effect.Origin(campaign.id(), 0, campaign.rules().get(0).title(), coupon.id(), null),
                            "rejectCoupon", Props.rejectCoupon(coupon.value(), "CouponRejectedByCondition", null, details)));
                }
                if (referral != null) {
                    rejectReferral(campaign, referral, "ReferralRejectedByCondition", null, details);
                }
                return false;
            }
            couponVar = CelValues.coupon(coupon);
            referralVar = CelValues.referral(referral);
            boolean anyRulePassed = false;
            for (Rule rule : campaign.rules()) {
                anyRulePassed |= applyRule(campaign, rule, coupon);
            }
            if (referral != null) {
                if (anyRulePassed) {
                    Effect.Origin origin = new Effect.Origin(campaign.id(), 0, campaign.rules().get(0).title(), null, null);
                    effects.add(Effect.of(origin, "acceptReferral", new Props.Referral(referral.code())));
                    List<Charge> charges = charge(campaign, BudgetAction.redeemReferral, coupon, BigDecimal.ONE, spent);
                    grants.add(new Grant.ReferralRedemption(origin, referral.id(), referral.code(), charges, false));
                } else {
                    rejectReferral(campaign, referral, "ReferralRejectedByCondition", 0, "no rule of campaign " + campaign.id() + " passed");
                }
            }
            if (coupon != null) {
                Effect.Origin origin = new Effect.Origin(campaign.id(), 0, campaign.rules().get(0).title(), coupon.id(), null);
                if (anyRulePassed) {
                    effects.add(Effect.of(origin, "acceptCoupon", Props.coupon(coupon.value())));
                    List<Charge> charges = charge(campaign, BudgetAction.redeemCoupon, coupon, BigDecimal.ONE, spent);
                    grants.add(new Grant.CouponRedemption(origin, coupon.id(), coupon.value(), charges, false, true));
                } else {
                    effects.add(Effect.of(new Effect.Origin(campaign.id(), 0, origin.ruleName(), coupon.id(), 0),
                            "rejectCoupon", Props.rejectCoupon(coupon.value(), "CouponRejectedByCondition", 0,
                                    "no rule of campaign " + campaign.id() + " passed")));
                }
            }
            return anyRulePassed;
        }

        /**
         * An evaluation group's campaigns, in list order. Stackable: each as any campaign. List order: the first whose rule
         * applies, and none after it. Highest or lowest discount: each is tried on the cart as the campaigns before the
         * group left it, and the one that discounts most (or least, of those that discount) is applied, the earlier on a
         * tie; when none discounts, the first that applies. The others' valid coupons are rejected, saying why
         * ({@code campaignExclusionReason}). The group's effects carry its id and mode.
         */
        private void evaluateGroup(Campaign.Group group, List<Campaign> members, Map<Long, CouponView> validCoupons) {
            int first = effects.size();
            Campaign winner = null;
            if (group.mode() == Campaign.GroupMode.stackable) {
                members.forEach(c -> evaluate(c, validCoupons.get(c.id())));
            } else if (group.mode() == Campaign.GroupMode.listOrder) {
                for (Campaign c : members) {
                    if (evaluate(c, validCoupons.get(c.id()))) {
                        winner = c;
                        break;
                    }
                }
            } else {
                boolean highest = group.mode() == Campaign.GroupMode.highestDiscount;
                BigDecimal best = null;
                Campaign firstApplied = null;
                // what a tried campaign said (its errors, a coupon its rules refused, why they failed) is kept, whichever wins
                Map<Long, List<Effect>> said = new HashMap<>();
                Map<Long, List<Evaluation.RuleFailure>> failed = new HashMap<>();
                for (Campaign c : members) {
                    Mark mark = mark();
                    boolean applied = evaluate(c, validCoupons.get(c.id()));
                    BigDecimal discount = discountSince(mark);
                    said.put(c.id(), effects.subList(mark.effects(), effects.size()).stream()
                            .filter(e -> e.effectType().equals("error") || e.effectType().equals("rejectCoupon")
                                    || e.effectType().equals("rejectReferral")).toList());
                    failed.put(c.id(), List.copyOf(failures.subList(mark.failures(), failures.size())));
                    reset(mark);
                    if (applied && firstApplied == null) {
                        firstApplied = c;
                    }
                    if (applied && discount.signum() > 0 && (best == null || (highest ? discount.compareTo(best) > 0 : discount.compareTo(best) < 0))) {
                        best = discount;
                        winner = c;
                    }
                }
                winner = winner == null ? firstApplied : winner;
                if (winner != null) {
                    evaluate(winner, validCoupons.get(winner.id()));
                    for (Campaign c : members) {
                        if (c != winner) {
                            effects.addAll(said.get(c.id()));
                            failures.addAll(failed.get(c.id()));
                        }
                    }
                } else { // none applies: each says why, as any campaign would, its failure effects too
                    members.forEach(c -> evaluate(c, validCoupons.get(c.id())));
                }
            }
            if (group.exclusive()) {
                String reason = group.mode() == Campaign.GroupMode.highestDiscount ? "CampaignGaveLowerDiscount"
                        : group.mode() == Campaign.GroupMode.lowestDiscount ? "CampaignGaveHigherDiscount"
                        : "CampaignNotEvaluatedDueToExclusivity";
                String instead = "campaign " + (winner == null ? "" : winner.id()) + " of evaluation group " + group.id()
                        + " (" + group.mode() + ") applies instead";
                for (Campaign c : members) {
                    ReferralView referral = referralOf(c);
                    if (c != winner && referral != null && effects.subList(first, effects.size()).stream().noneMatch(e -> e.campaignId() == c.id()
                            && (e.effectType().equals("acceptReferral") || e.effectType().equals("rejectReferral")))) {
                        effects.add(Effect.of(new Effect.Origin(c.id(), 0, c.rules().get(0).title(), null, null), "rejectReferral",
                                new Props.RejectReferral(referral.code(), "ReferralPartOfNotTriggeredCampaign", null, instead, reason)));
                    }
                    CouponView coupon = validCoupons.get(c.id());
                    // a coupon of a campaign that was not applied because another was, and that nothing answered yet
                    if (c != winner && coupon != null
                            && effects.subList(first, effects.size()).stream().noneMatch(e -> Long.valueOf(coupon.id()).equals(e.triggeredByCoupon()))) {
                        effects.add(Effect.of(new Effect.Origin(c.id(), 0, c.rules().get(0).title(), coupon.id(), null), "rejectCoupon",
                                Props.rejectCouponExcluded(coupon.value(), "CouponPartOfNotTriggeredCampaign", reason, instead)));
                    }
                }
            }
            for (int i = first; i < effects.size(); i++) {
                effects.set(i, effects.get(i).inGroup(group.id(), group.mode().name()));
            }
        }

        /** What the evaluation has done so far, to go back to: a group's campaigns are tried one by one. */
        private record Mark(int effects, int grants, int failures, Map<BudgetKey, BigDecimal> spent, BigDecimal[] unitDiscount,
                            BigDecimal unitDiscountTotal, BigDecimal[] costDiscount, Map<String, BigDecimal[]> unitCostDiscount,
                            Map<Long, BigDecimal> deducted,
                            Map<String, BigDecimal> progressed, Map<Long, Integer> givenAway) {
        }

        private Mark mark() {
            return new Mark(effects.size(), grants.size(), failures.size(), new HashMap<>(spent), unitDiscount.clone(),
                    unitDiscountTotal, costDiscount.clone(), copy(unitCostDiscount), new HashMap<>(deducted), new HashMap<>(progressed),
                    new HashMap<>(givenAway));
        }

        private static Map<String, BigDecimal[]> copy(Map<String, BigDecimal[]> perUnit) {
            Map<String, BigDecimal[]> copy = new HashMap<>();
            perUnit.forEach((name, amounts) -> copy.put(name, amounts.clone()));
            return copy;
        }

        private void reset(Mark mark) {
            effects.subList(mark.effects(), effects.size()).clear();
            grants.subList(mark.grants(), grants.size()).clear();
            failures.subList(mark.failures(), failures.size()).clear();
            spent.clear();
            spent.putAll(mark.spent());
            System.arraycopy(mark.unitDiscount(), 0, unitDiscount, 0, unitDiscount.length);
            unitDiscountTotal = mark.unitDiscountTotal();
            System.arraycopy(mark.costDiscount(), 0, costDiscount, 0, costDiscount.length);
            unitCostDiscount.clear();
            unitCostDiscount.putAll(copy(mark.unitCostDiscount()));
            deducted.clear();
            deducted.putAll(mark.deducted());
            progressed.clear();
            progressed.putAll(mark.progressed());
            givenAway.clear();
            givenAway.putAll(mark.givenAway());
        }

        /** The discounts granted since the mark: what a campaign of a discount-ordered group is judged by. */
        private BigDecimal discountSince(Mark mark) {
            BigDecimal total = BigDecimal.ZERO;
            for (Grant grant : grants.subList(mark.grants(), grants.size())) {
                if (grant instanceof Grant.Discount d) {
                    total = total.add(d.value());
                } else if (grant instanceof Grant.CostDiscount d) {
                    total = total.add(d.value());
                } else if (grant instanceof Grant.ItemCostDiscount d) {
                    total = total.add(d.value());
                }
            }
            return total;
        }

        /** The session's valid referral code if it is this campaign's; null otherwise. */
        private ReferralView referralOf(Campaign campaign) {
            return referral != null && referral.campaignId() == campaign.id() ? referral : null;
        }

        private void rejectReferral(Campaign campaign, ReferralView referral, String reason, Integer conditionIndex, String details) {
            effects.add(Effect.of(new Effect.Origin(campaign.id(), 0, campaign.rules().get(0).title(), null, conditionIndex),
                    "rejectReferral", new Props.RejectReferral(referral.code(), reason, conditionIndex, details, null)));
        }

        private BudgetScope withReferral(ReferralView r) {
            return new BudgetScope(scope.profileId(), scope.storeId(), scope.at(), scope.zone(), scope.identifiers(),
                    new BudgetScope.Referral(r.campaignId(), r.code()));
        }

        /**
         * Rejects the session's referral code if it cannot be used (Talon.One's reasons); returns it when it can, for its
         * campaign to accept if one of its rules passes. A session holds one referral code at most.
         */
        private ReferralView checkReferral() {
            String code = in.session().referralCode();
            if (code == null || code.isEmpty()) {
                return null;
            }
            ReferralView found = in.referral();
            if (found == null || !found.code().equals(code)) {
                effects.add(Effect.of(Effect.Origin.NONE, "rejectReferral", new Props.RejectReferral(code, "ReferralNotFound", null, null, null)));
                return null;
            }
            Campaign campaign = in.candidates().stream().filter(c -> c.id() == found.campaignId()).findFirst().orElse(null);
            String profile = in.session().profileId();
            String reason;
            if (campaign == null || !campaign.runningAt(in.now())) {
                reason = "ReferralPartOfNotRunningCampaign";
            } else if (found.expiryDate() != null && !in.now().isBefore(found.expiryDate())) {
                reason = "ReferralExpired";
            } else if (found.startDate() != null && in.now().isBefore(found.startDate())) {
                reason = "ReferralStartDateInFuture";
            } else if (found.advocate().equals(profile)) {
                reason = "ReferralRecipientIdSameAsAdvocate";
            } else if (found.friend() != null && !found.friend().equals(profile)) {
                reason = "ReferralRecipientDoesNotMatch";
            } else if (found.usageLimit() > 0 && found.usageCounter() >= found.usageLimit()) {
                reason = "ReferralLimitReached";
            } else {
                reason = referralBudgetRejection(campaign, withReferral(found));
            }
            if (reason == null) {
                return found;
            }
            effects.add(Effect.of(new Effect.Origin(found.campaignId(), 0, campaign == null ? "" : campaign.rules().get(0).title(), null, null),
                    "rejectReferral", new Props.RejectReferral(code, reason, null, null, null)));
            return null;
        }

        private String referralBudgetRejection(Campaign campaign, BudgetScope withReferral) {
            io.tillgate.engine.campaign.BudgetEntity full = exhausted(campaign, BudgetAction.redeemReferral, withReferral, null);
            return full == null ? null : switch (full) {
                case Campaign, Store, Identifier, Coupon -> "CampaignLimitReached";
                case Profile -> "ProfileLimitReached";
                case Referral -> "ReferralLimitReached";
            };
        }

        /** Rejects the codes that cannot be used; returns the valid coupon of each campaign (first code wins). */
        private Map<Long, CouponView> checkCoupons() {
            Map<Long, CouponView> valid = new HashMap<>();
            if (in.session().couponCodes() == null || in.session().couponCodes().isEmpty()) {
                return valid;
            }
            Map<Long, Campaign> byId = new HashMap<>();
            in.candidates().forEach(c -> byId.put(c.id(), c));
            List<String> codes = List.copyOf(new LinkedHashSet<>(in.session().couponCodes()));
            for (String code : codes) {
                CouponView coupon = in.coupons().get(code);
                if (coupon == null) {
                    effects.add(Effect.of(Effect.Origin.NONE, "rejectCoupon", Props.rejectCoupon(code, "CouponNotFound", null, null)));
                    continue;
                }
                Campaign campaign = byId.get(coupon.campaignId());
                Effect.Origin origin = new Effect.Origin(coupon.campaignId(), 0, campaign == null ? "" : campaign.rules().get(0).title(),
                        coupon.id(), null);
                String reason = null;
                if (campaign == null || !campaign.runningAt(in.now())) {
                    reason = "CouponPartOfNotRunningCampaign";
                } else if (coupon.expiryDate() != null && !in.now().isBefore(coupon.expiryDate())) {
                    reason = "CouponExpired";
                } else if (coupon.startDate() != null && in.now().isBefore(coupon.startDate())) {
                    reason = "CouponStartDateInFuture";
                } else if (coupon.recipient() != null && !coupon.recipient().equals(in.session().profileId())) {
                    reason = "CouponRecipientDoesNotMatch";
                } else if (coupon.usageLimit() > 0 && coupon.usageCounter() - (coupon.redeemedHere() ? 1 : 0) >= coupon.usageLimit()) {
                    reason = "CouponLimitReached";
                } else if (coupon.usageLimit() > 0 && coupon.usesByOthers() >= coupon.usageLimit()) {
                    reason = "CouponLocked"; // free but for other sessions' locks, each a use while it lasts
                } else if (valid.containsKey(coupon.campaignId())) {
                    reason = "CouponRejectedByCondition";
                } else if (!coupon.redeemedHere()) {
                    reason = budgetRejection(campaign, coupon);
                }
                if (reason != null) {
                    effects.add(Effect.of(origin, "rejectCoupon", Props.rejectCoupon(code, reason, null, null)));
                } else {
                    valid.put(coupon.campaignId(), coupon);
                }
            }
            return valid;
        }

        private String budgetRejection(Campaign campaign, CouponView coupon) {
            io.tillgate.engine.campaign.BudgetEntity full = exhausted(campaign, BudgetAction.redeemCoupon, scope, coupon.value());
            return full == null ? null : switch (full) {
                // Talon.One has no reason of a store's or an identifier's own
                case Campaign, Store, Identifier -> "CampaignLimitReached";
                case Profile -> "ProfileLimitReached";
                case Coupon -> "CouponLimitReached";
                case Referral -> "CampaignLimitReached"; // a coupon's redemption is not counted per referral
            };
        }

        /** The entity of the first of the campaign's budgets of {@code action} without room for one more; null when each has. */
        private io.tillgate.engine.campaign.BudgetEntity exhausted(Campaign campaign, BudgetAction action, BudgetScope at,
                                                                    String couponCode) {
            for (Budget budget : campaign.budgets()) {
                if (budget.action() == action && budget.keys(campaign.id(), at, couponCode).stream()
                        .anyMatch(k -> room(budget, k, spent).compareTo(BigDecimal.ONE) < 0)) {
                    return budget.entity();
                }
            }
            return null;
        }

        private boolean cartMatches(Campaign campaign) {
            for (var item : in.session().cartItems()) {
                if (campaign.skus().contains(item.sku())
                        || (item.category() != null && campaign.categories().contains(item.category()))) {
                    return true;
                }
            }
            return false;
        }

        private boolean applyRule(Campaign campaign, Rule rule, CouponView coupon) {
            ruleDeadline = deadline.within(RULE_BUDGET);
            Effect.Origin origin = new Effect.Origin(campaign.id(), rule.index(), rule.title(), coupon == null ? null : coupon.id(), null);
            try {
                if (!rule.condition().test(resolver, ruleDeadline)) {
                    failures.add(new Evaluation.RuleFailure(campaign.id(), campaign.name(), rule.index(), rule.title(), "condition is false"));
                    if (!rule.failureEffects().isEmpty()) {
                        Scope failure = new Scope(campaign, new Effect.Origin(campaign.id(), rule.index(), rule.title(), origin.couponId(), 0),
                                coupon);
                        for (EffectSpec spec : rule.failureEffects()) {
                            spec.apply(failure);
                        }
                        failure.commit();
                    }
                    return false;
                }
                Scope outcome = new Scope(campaign, origin, coupon);
                for (EffectSpec spec : rule.effects()) {
                    String refusal = spec.apply(outcome);
                    if (refusal != null) {
                        failures.add(new Evaluation.RuleFailure(campaign.id(), campaign.name(), rule.index(), rule.title(), refusal));
                        return false;
                    }
                }
                outcome.commit();
                return true;
            } catch (Exception | EvaluationDeadline.Exceeded e) {
                // One broken rule must not break the other campaigns: it fails with an error effect.
                effects.add(Effect.of(origin, "error", Props.error("rule '" + rule.title() + "' of campaign " + campaign.id()
                        + " failed: " + e.getMessage())));
                failures.add(new Evaluation.RuleFailure(campaign.id(), campaign.name(), rule.index(), rule.title(), e.getMessage()));
                return false;
            }
        }

        /**
         * At close, session-level points are spread over the units by list price, so returns can take back exact
         * shares. (Session-level discounts were spread when granted, over what each unit still cost.)
         */
        private void allocateSessionLevelGrants() {
            List<BigDecimal> weights = units.stream().map(Unit::price).toList();
            for (int g = 0; g < grants.size(); g++) {
                Grant grant = grants.get(g);
                if (grant instanceof Grant.Points p && !p.perItem()) {
                    grants.set(g, new Grant.Points(p.origin(), p.programId(), p.name(), p.recipient(), p.transactionUUID(),
                            p.value(), p.startDate(), p.expiryDate(), false,
                            shares(Allocation.split(p.value(), weights, POINTS_SCALE)), p.charges(), false));
                }
            }
        }

        private static BigDecimal[] zeros(int size) {
            BigDecimal[] zeros = new BigDecimal[size];
            java.util.Arrays.fill(zeros, BigDecimal.ZERO);
            return zeros;
        }

        /** The smallest room left among the campaign's budgets for the action; null when it has none. */
        private BigDecimal room(Campaign campaign, BudgetAction action, CouponView coupon, Map<BudgetKey, BigDecimal> pending) {
            BigDecimal smallest = null;
            for (Budget budget : campaign.budgets()) {
                for (BudgetKey key : budget.action() == action ? keys(campaign, budget, coupon) : List.<BudgetKey>of()) {
                    BigDecimal room = room(budget, key, spent).subtract(pending.getOrDefault(key, BigDecimal.ZERO));
                    smallest = smallest == null ? room : smallest.min(room);
                }
            }
            // in the action's own unit (cents, hundredths of a point, whole coupons), never more than is left
            return smallest == null ? null : smallest.setScale(action.scale(in.money().scale()), RoundingMode.DOWN);
        }

        private BigDecimal room(Budget budget, BudgetKey key, Map<BudgetKey, BigDecimal> consumed) {
            return budget.limit().subtract(in.counters().getOrDefault(key, BigDecimal.ZERO))
                    .subtract(consumed.getOrDefault(key, BigDecimal.ZERO));
        }

        private List<Charge> charge(Campaign campaign, BudgetAction action, CouponView coupon, BigDecimal amount,
                                    Map<BudgetKey, BigDecimal> into) {
            if (campaign.budgets().isEmpty()) {
                return List.of();
            }
            List<Charge> charges = new ArrayList<>();
            for (Budget budget : campaign.budgets()) {
                for (BudgetKey key : budget.action() == action ? keys(campaign, budget, coupon) : List.<BudgetKey>of()) {
                    charges.add(new Charge(key, amount));
                    into.merge(key, amount, BigDecimal::add);
                }
            }
            return List.copyOf(charges);
        }

        /** The counters a budget uses for this session; none when it does not apply (no profile, no coupon). */
        private List<BudgetKey> keys(Campaign campaign, Budget budget, CouponView coupon) {
            return budget.keys(campaign.id(), scope, coupon == null ? null : coupon.value());
        }

        private List<UnitShare> shares(List<BigDecimal> amounts) {
            List<UnitShare> shares = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                shares.add(new UnitShare(units.get(i).position(), units.get(i).subPosition(), amounts.get(i), false));
            }
            return List.copyOf(shares);
        }

        /**
         * An item expression evaluated once per cart line and reused for the line's other units: they differ
         * only in their sub-position, so unless the expression reads {@code item.subPosition} the result is the same.
         */
        private final class PerLine implements RuleScope.PerUnit {
            private final Expression expression;
            private final boolean perUnit;
            private int position = -1;
            private Object result;

            PerLine(Expression expression) {
                this.expression = expression;
                this.perUnit = expression.source().contains("subPosition");
            }

            @Override
            public boolean test(int unit) throws CelEvaluationException {
                return (Boolean) at(unit, true);
            }

            @Override
            public double number(int unit) throws CelEvaluationException {
                return (Double) at(unit, false);
            }

            private Object at(int unit, boolean test) throws CelEvaluationException {
                int linePosition = units.get(unit).position();
                if (perUnit || linePosition != position) {
                    itemVar = unitVars.get(unit);
                    result = test ? (Object) expression.test(resolver, ruleDeadline) : (Object) expression.number(resolver, ruleDeadline);
                    position = linePosition;
                }
                return result;
            }
        }

        /**
         * One rule of one campaign as its effects see it: what they add is held here and merged into the evaluation
         * only if the whole rule applies.
         */
        private final class Scope implements RuleScope {
            private final Campaign campaign;
            private final Effect.Origin origin;
            private final CouponView coupon;
            private final List<Effect> effects = new ArrayList<>();
            private final List<Grant> grants = new ArrayList<>();
            private final Map<BudgetKey, BigDecimal> spent = new HashMap<>();
            private final Map<Long, BigDecimal> deducted = new HashMap<>();
            private final Map<String, BigDecimal> progressed = new HashMap<>();
            private final Map<Long, Integer> givenAway = new HashMap<>();
            /** The rule's discounts per unit; null until it discounts one (most rules do not). */
            private BigDecimal[] unitDiscount;
            /** The rule's discounts per additional cost; null until it discounts one. */
            private BigDecimal[] costDiscount;
            /** The rule's discounts on the units' additional costs, as the evaluation's. */
            private final Map<String, BigDecimal[]> unitCostDiscount = new HashMap<>();
            private BigDecimal unitDiscountTotal = BigDecimal.ZERO;

            Scope(Campaign campaign, Effect.Origin origin, CouponView coupon) {
                this.campaign = campaign;
                this.origin = origin;
                this.coupon = coupon;
            }

            @Override
            public Campaign campaign() {
                return campaign;
            }

            @Override
            public Effect.Origin origin() {
                return origin;
            }

            @Override
            public boolean closing() {
                return in.closing();
            }

            @Override
            public Instant now() {
                return in.now();
            }

            @Override
            public String profileId() {
                return in.session().profileId();
            }

            @Override
            public String ledgerOwner(long programId) {
                LoyaltyProgram program = in.programs().get(programId);
                return program != null && program.cardBased() ? in.cards().get(programId) : in.session().profileId();
            }

            @Override
            public Money money() {
                return in.money();
            }

            @Override
            public double number(Expression expression) throws CelEvaluationException {
                return expression.number(resolver, ruleDeadline);
            }

            @Override
            public String text(Expression expression) throws CelEvaluationException {
                return expression.text(resolver, ruleDeadline);
            }

            @Override
            public Object value(Expression expression) throws CelEvaluationException {
                return expression.value(resolver, ruleDeadline);
            }

            @Override
            public List<Unit> units() {
                return units;
            }

            @Override
            public PerUnit perUnit(Expression expression) {
                return new PerLine(expression);
            }

            @Override
            public BigDecimal unitLeft(int i) {
                BigDecimal left = units.get(i).price();
                if (Run.this.unitDiscount[i].signum() != 0) {
                    left = left.subtract(Run.this.unitDiscount[i]);
                }
                return unitDiscount == null || unitDiscount[i].signum() == 0 ? left : left.subtract(unitDiscount[i]);
            }

            @Override
            public BigDecimal cartLeft() {
                return cartTotal.subtract(Run.this.unitDiscountTotal).subtract(unitDiscountTotal);
            }

            @Override
            public List<UnitShare> allocate(BigDecimal value) {
                List<BigDecimal> left = new ArrayList<>(units.size());
                for (int i = 0; i < units.size(); i++) {
                    left.add(unitLeft(i));
                }
                List<BigDecimal> amounts = Allocation.split(value, left, in.money().scale());
                List<UnitShare> shares = new ArrayList<>();
                for (int i = 0; i < units.size(); i++) {
                    if (amounts.get(i).signum() > 0) {
                        shares.add(new UnitShare(units.get(i).position(), units.get(i).subPosition(), amounts.get(i), false));
                        discountUnit(i, amounts.get(i));
                    }
                }
                return List.copyOf(shares);
            }

            @Override
            public void discountUnit(int i, BigDecimal amount) {
                if (unitDiscount == null) {
                    unitDiscount = new BigDecimal[units.size()];
                    java.util.Arrays.fill(unitDiscount, BigDecimal.ZERO);
                }
                unitDiscount[i] = unitDiscount[i].add(amount);
                unitDiscountTotal = unitDiscountTotal.add(amount);
            }

            @Override
            public Fit fit(BudgetAction action, BigDecimal wanted, boolean partial) {
                BigDecimal room = room(campaign, action, coupon, spent);
                Fit fit = new Fit(wanted, null, null);
                if (room != null && room.compareTo(wanted) < 0) {
                    if (!partial || room.signum() <= 0) {
                        return Fit.refused(action);
                    }
                    fit = new Fit(room, wanted, null);
                }
                if (action == BudgetAction.setDiscount) { // a discount is also one more discount effect
                    BigDecimal effects = room(campaign, BudgetAction.setDiscountEffect, coupon, spent);
                    if (effects != null && effects.compareTo(BigDecimal.ONE) < 0) {
                        return Fit.refused(BudgetAction.setDiscountEffect);
                    }
                }
                return fit;
            }

            @Override
            public List<Charge> charge(BudgetAction action, BigDecimal amount) {
                List<Charge> charges = Run.this.charge(campaign, action, coupon, amount, spent);
                if (action != BudgetAction.setDiscount) {
                    return charges;
                }
                List<Charge> withCount = new ArrayList<>(charges);
                withCount.addAll(Run.this.charge(campaign, BudgetAction.setDiscountEffect, coupon, BigDecimal.ONE, spent));
                return List.copyOf(withCount);
            }

            @Override
            public LoyaltyProgram program(long programId) {
                return in.programs().get(programId);
            }

            @Override
            public BigDecimal pointsLeft(long programId) {
                return in.balances().getOrDefault(programId, BigDecimal.ZERO)
                        .subtract(Run.this.deducted.getOrDefault(programId, BigDecimal.ZERO))
                        .subtract(deducted.getOrDefault(programId, BigDecimal.ZERO));
            }

            @Override
            public void deduct(long programId, BigDecimal points) {
                deducted.merge(programId, points, BigDecimal::add);
            }

            @Override
            public AchievementState achievement(String name) {
                AchievementState state = in.achievements().get(name);
                if (state == null) {
                    throw new IllegalStateException("achievement " + name + " is not known to the evaluation");
                }
                BigDecimal made = Run.this.progressed.getOrDefault(name, BigDecimal.ZERO).add(progressed.getOrDefault(name, BigDecimal.ZERO));
                if (made.signum() == 0) {
                    return state;
                }
                Achievement.Standing s = state.standing();
                return new AchievementState(state.id(), state.campaignId(), state.achievement(),
                        new Achievement.Standing(s.status(), s.progress().add(made), s.target(), s.tracker(), s.window()));
            }

            @Override
            public io.tillgate.engine.campaign.GiveawayPoolView giveawayPool(long poolId) {
                return in.giveawayPools().get(poolId);
            }

            @Override
            public io.tillgate.engine.campaign.GiveawayPoolView.Code takeGiveaway(long poolId) {
                var pool = in.giveawayPools().get(poolId);
                int taken = Run.this.givenAway.getOrDefault(poolId, 0) + givenAway.getOrDefault(poolId, 0);
                if (pool == null || taken >= pool.awarded().size() + pool.free().size()) {
                    return null;
                }
                givenAway.merge(poolId, 1, Integer::sum);
                return taken < pool.awarded().size() ? pool.awarded().get(taken) : pool.free().get(taken - pool.awarded().size());
            }

            @Override
            public boolean awardedAlready(long poolId, io.tillgate.engine.campaign.GiveawayPoolView.Code code) {
                var pool = in.giveawayPools().get(poolId);
                return pool != null && pool.awarded().contains(code);
            }

            @Override
            public String audienceName(long audienceId) {
                return in.audiences().names().get(audienceId);
            }

            @Override
            public void progress(String name, BigDecimal delta) {
                progressed.merge(name, delta, BigDecimal::add);
            }

            @Override
            public String newTransactionId() {
                return in.codes().transactionId();
            }

            @Override
            public String newCouponCode(String pattern) {
                return in.codes().coupon(pattern);
            }

            @Override
            public io.tillgate.engine.session.AdditionalCost additionalCost(String name) {
                int i = costIndex(name);
                return i < 0 ? null : in.session().additionalCosts().get(i);
            }

            @Override
            public BigDecimal additionalCostLeft(String name) {
                int i = costIndex(name);
                BigDecimal left = in.session().additionalCosts().get(i).price().subtract(Run.this.costDiscount[i]);
                return costDiscount == null ? left : left.subtract(costDiscount[i]);
            }

            @Override
            public void discountAdditionalCost(String name, BigDecimal amount) {
                if (costDiscount == null) {
                    costDiscount = new BigDecimal[Run.this.costDiscount.length];
                    java.util.Arrays.fill(costDiscount, BigDecimal.ZERO);
                }
                int i = costIndex(name);
                costDiscount[i] = costDiscount[i].add(amount);
            }

            @Override
            public io.tillgate.engine.session.AdditionalCost unitAdditionalCost(int i, String name) {
                for (var cost : units.get(i).item().additionalCosts()) {
                    if (cost.name().equals(name)) {
                        return cost;
                    }
                }
                return null;
            }

            @Override
            public BigDecimal unitAdditionalCostLeft(int i, String name) {
                BigDecimal left = unitAdditionalCost(i, name).price();
                BigDecimal[] before = Run.this.unitCostDiscount.get(name);
                BigDecimal[] own = unitCostDiscount.get(name);
                left = before == null ? left : left.subtract(before[i]);
                return own == null ? left : left.subtract(own[i]);
            }

            @Override
            public void discountUnitAdditionalCost(int i, String name, BigDecimal amount) {
                BigDecimal[] own = unitCostDiscount.computeIfAbsent(name, n -> zeros(units.size()));
                own[i] = own[i].add(amount);
            }

            private int costIndex(String name) {
                var costs = in.session().additionalCosts();
                for (int i = 0; i < costs.size(); i++) {
                    if (costs.get(i).name().equals(name)) {
                        return i;
                    }
                }
                return -1;
            }

            @Override
            public String newReferralCode(String pattern) {
                return in.codes().referral(pattern);
            }

            @Override
            public void emit(String effectType, Props props) {
                effects.add(Effect.of(origin, effectType, props));
            }

            @Override
            public void grant(Grant grant) {
                grants.add(grant);
            }

            void commit() {
                Run.this.effects.addAll(effects);
                Run.this.grants.addAll(grants);
                spent.forEach((k, v) -> Run.this.spent.merge(k, v, BigDecimal::add));
                deducted.forEach((k, v) -> Run.this.deducted.merge(k, v, BigDecimal::add));
                progressed.forEach((k, v) -> Run.this.progressed.merge(k, v, BigDecimal::add));
                givenAway.forEach((k, v) -> Run.this.givenAway.merge(k, v, Integer::sum));
                if (costDiscount != null) {
                    for (int i = 0; i < costDiscount.length; i++) {
                        Run.this.costDiscount[i] = Run.this.costDiscount[i].add(costDiscount[i]);
                    }
                }
                unitCostDiscount.forEach((name, own) -> {
                    BigDecimal[] all = Run.this.unitCostDiscount.computeIfAbsent(name, n -> zeros(own.length));
                    for (int i = 0; i < own.length; i++) {
                        all[i] = all[i].add(own[i]);
                    }
                });
                if (unitDiscount != null) {
                    for (int i = 0; i < unitDiscount.length; i++) {
                        if (unitDiscount[i].signum() != 0) {
                            Run.this.unitDiscount[i] = Run.this.unitDiscount[i].add(unitDiscount[i]);
                        }
                    }
                    Run.this.unitDiscountTotal = Run.this.unitDiscountTotal.add(unitDiscountTotal);
                }
            }
        }
    }
}
