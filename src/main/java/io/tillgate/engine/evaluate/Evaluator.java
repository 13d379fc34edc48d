package io.tillgate.engine.evaluate;

import io.tillgate.engine.campaign.Budget;
import io.tillgate.engine.campaign.BudgetAction;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.EvaluationDeadline;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.Rule;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.money.Allocation;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.Grant;
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

/**
 * The rule engine: a pure function of the session, the candidate campaigns, coupons, budget counters
 * and point balances to effects and grants. Campaigns run in id order; within a campaign, rules in order.
 * A rule either applies all of its effects or none (a budget too small for one of them fails the rule).
 */
public final class Evaluator {
    static final int POINTS_SCALE = BudgetAction.POINTS_SCALE;
    /** What the points columns hold, with room for sums. */
    static final BigDecimal MAX_POINTS = BigDecimal.TEN.pow(15);
    /** What the coupon's recipient column holds. */
    static final int MAX_RECIPIENT_LENGTH = 200;
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
        private final Map<Long, BigDecimal> deducted = new HashMap<>();

        Run(EvaluationInput in) {
            this.in = in;
            this.units = Unit.flatten(in.session().cartItems());
            BigDecimal total = BigDecimal.ZERO;
            this.unitDiscount = new BigDecimal[units.size()];
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
            this.profileVar = CelValues.profile(in.session().profileId(), in.session().profileAttributes());
            this.nowVar = CelValues.timestamp(in.now());
        }

        private java.util.Optional<Object> variable(String name) {
            return java.util.Optional.ofNullable(switch (name) {
                case "session" -> sessionVar;
                case "item" -> itemVar;
                case "profile" -> profileVar;
                case "coupon" -> couponVar;
                case "now" -> nowVar;
                default -> null;
            });
        }

        Evaluation run() {
            Map<Long, CouponView> validCoupons = checkCoupons();
            List<Campaign> campaigns = new ArrayList<>(in.candidates());
            campaigns.sort(Comparator.comparingLong(Campaign::id));
            for (Campaign campaign : campaigns) {
                CouponView coupon = validCoupons.get(campaign.id());
                if (!campaign.runningAt(in.now()) || (campaign.couponRequired() && coupon == null)
                        || (campaign.indexedByCart() && !cartMatches(campaign))) {
                    continue;
                }
                couponVar = CelValues.coupon(coupon);
                boolean anyRulePassed = false;
                for (Rule rule : campaign.rules()) {
                    anyRulePassed |= applyRule(campaign, rule, coupon);
                }
                if (coupon != null) {
                    Effect.Origin origin = new Effect.Origin(campaign.id(), 0, campaign.rules().get(0).title(), coupon.id(), null);
                    if (anyRulePassed) {
                        effects.add(Effect.of(origin, "acceptCoupon", Props.coupon(coupon.value())));
                        List<Charge> charges = charge(campaign, BudgetAction.redeemCoupon, coupon, BigDecimal.ONE, spent);
                        grants.add(new Grant.CouponRedemption(origin, coupon.id(), coupon.value(), charges, false));
                    } else {
                        effects.add(Effect.of(new Effect.Origin(campaign.id(), 0, origin.ruleName(), coupon.id(), 0),
                                "rejectCoupon", Props.rejectCoupon(coupon.value(), "CouponRejectedByCondition", 0,
                                        "no rule of campaign " + campaign.id() + " passed")));
                    }
                }
            }
            if (in.closing()) {
                allocateSessionLevelGrants();
            }
            return new Evaluation(List.copyOf(effects), List.copyOf(grants), List.copyOf(failures));
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
                } else if (coupon.usageLimit() > 0 && coupon.usageCounter() >= coupon.usageLimit()) {
                    reason = "CouponLimitReached";
                } else if (valid.containsKey(coupon.campaignId())) {
                    reason = "CouponRejectedByCondition";
                } else {
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
            for (Budget budget : campaign.budgets()) {
                if (budget.action() != BudgetAction.redeemCoupon) {
                    continue;
                }
                BudgetKey key = key(campaign, budget, coupon);
                if (key != null && room(budget, key, spent).compareTo(BigDecimal.ONE) < 0) {
                    return switch (budget.entity()) {
                        case Campaign -> "CampaignLimitReached";
                        case Profile -> "ProfileLimitReached";
                        case Coupon -> "CouponLimitReached";
                    };
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
                        RuleOutcome failure = new RuleOutcome();
                        Effect.Origin failed = new Effect.Origin(campaign.id(), rule.index(), rule.title(), origin.couponId(), 0);
                        for (EffectSpec spec : rule.failureEffects()) {
                            apply(spec, campaign, rule, failed, coupon, failure);
                        }
                        failure.commit();
                    }
                    return false;
                }
                RuleOutcome outcome = new RuleOutcome();
                for (EffectSpec spec : rule.effects()) {
                    String refusal = apply(spec, campaign, rule, origin, coupon, outcome);
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

        /** Applies one effect into {@code out}; returns why the rule must fail instead, or null. */
        private String apply(EffectSpec spec, Campaign campaign, Rule rule, Effect.Origin origin, CouponView coupon,
                             RuleOutcome out) throws Exception {
            if (spec instanceof EffectSpec.SetDiscount d) {
                BigDecimal left = cartTotal.subtract(unitDiscountTotal).subtract(out.unitDiscountTotal);
                BigDecimal value = in.money().of(d.value().number(resolver, ruleDeadline)).min(left);
                if (value.signum() <= 0) {
                    return null;
                }
                Granted g = budgeted(campaign, coupon, BudgetAction.setDiscount, value, out);
                if (g == null) {
                    return "setDiscount budget exhausted";
                }
                out.effects.add(Effect.of(origin, "setDiscount", Props.setDiscount(d.name(), g.value, g.desired)));
                out.grants.add(new Grant.Discount(origin, d.name(), true, g.value, allocate(g.value, out), g.charges, false));
                return null;
            }
            if (spec instanceof EffectSpec.SetDiscountPerItem d) {
                List<UnitShare> shares = new ArrayList<>();
                PerLine selected = new PerLine(d.items());
                PerLine values = new PerLine(d.value());
                Object number = null;
                BigDecimal amount = null;
                for (int i = 0; i < units.size(); i++) {
                    Unit u = units.get(i);
                    if (d.items() != null && !(Boolean) selected.at(i, true)) {
                        continue;
                    }
                    Object result = values.at(i, false);
                    if (result != number) { // units of one line share the line's result: convert it once
                        number = result;
                        amount = in.money().of((Double) result);
                    }
                    BigDecimal value = amount.min(unitLeft(i, out));
                    if (value.signum() > 0) {
                        shares.add(new UnitShare(u.position(), u.subPosition(), value, false));
                    }
                }
                return perItem(d.name(), shares, null, campaign, coupon, origin, out);
            }
            if (spec instanceof EffectSpec.SetDiscountPerItemProRata d) {
                List<Integer> selected = new ArrayList<>();
                PerLine filter = new PerLine(d.items());
                for (int i = 0; i < units.size(); i++) {
                    if (d.items() == null || (Boolean) filter.at(i, true)) {
                        selected.add(i);
                    }
                }
                BigDecimal room = selected.stream().map(i -> unitLeft(i, out)).reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal total = in.money().of(d.total().number(resolver, ruleDeadline)).min(room);
                if (selected.isEmpty() || total.signum() <= 0) {
                    return null;
                }
                // shares by what each unit still costs: none goes to a unit already free, each fits in its unit
                List<BigDecimal> split = Allocation.split(total, selected.stream().map(i -> unitLeft(i, out)).toList(),
                        in.money().scale());
                List<UnitShare> shares = new ArrayList<>();
                for (int k = 0; k < selected.size(); k++) {
                    Unit u = units.get(selected.get(k));
                    shares.add(new UnitShare(u.position(), u.subPosition(), split.get(k), false));
                }
                return perItem(d.name(), shares, total, campaign, coupon, origin, out);
            }
            if (spec instanceof EffectSpec.AddFreeItem f) {
                out.effects.add(Effect.of(origin, "addFreeItem", Props.addFreeItem(f.sku(), f.name())));
                return null;
            }
            if (spec instanceof EffectSpec.CreateCoupon c) {
                if (!in.closing()) {
                    return null; // coupons are created when the session closes
                }
                String recipient = c.recipient().text(resolver, ruleDeadline);
                if (recipient.length() > MAX_RECIPIENT_LENGTH) {
                    throw new IllegalArgumentException("the coupon's recipient is longer than " + MAX_RECIPIENT_LENGTH + " characters");
                }
                if (room(campaign, BudgetAction.createCoupon, coupon, out) != null
                        && room(campaign, BudgetAction.createCoupon, coupon, out).compareTo(BigDecimal.ONE) < 0) {
                    return "createCoupon budget exhausted";
                }
                List<Charge> charges = charge(campaign, BudgetAction.createCoupon, coupon, BigDecimal.ONE, out.spent);
                String code = in.codes().coupon(c.pattern());
                out.effects.add(Effect.of(origin, "couponCreated", Props.couponCreated(code, recipient)));
                out.grants.add(new Grant.CouponCreation(origin, code, recipient.isEmpty() ? null : recipient, c.usageLimit(), charges));
                return null;
            }
            if (spec instanceof EffectSpec.AddLoyaltyPoints p) {
                return addPoints(p, campaign, coupon, origin, out);
            }
            if (spec instanceof EffectSpec.DeductLoyaltyPoints p) {
                String profile = in.session().profileId();
                if (profile == null) {
                    return "points need a customer profile";
                }
                BigDecimal value = points(p.value().number(resolver, ruleDeadline));
                if (value.signum() <= 0) {
                    return null;
                }
                BigDecimal balance = in.balances().getOrDefault(p.programId(), BigDecimal.ZERO)
                        .subtract(deducted.getOrDefault(p.programId(), BigDecimal.ZERO))
                        .subtract(out.deducted.getOrDefault(p.programId(), BigDecimal.ZERO));
                if (value.compareTo(balance) > 0) {
                    return "not enough active points: " + balance.toPlainString() + " < " + value.toPlainString();
                }
                BigDecimal room = room(campaign, BudgetAction.redeemLoyaltyPoints, coupon, out);
                if (room != null && room.compareTo(value) < 0) {
                    return "redeemLoyaltyPoints budget exhausted";
                }
                List<Charge> charges = charge(campaign, BudgetAction.redeemLoyaltyPoints, coupon, value, out.spent);
                String uuid = in.codes().transactionId();
                out.effects.add(Effect.of(origin, "deductLoyaltyPoints", Props.deductLoyaltyPoints(rule.title(), p.name(),
                        p.programId(), value, uuid)));
                out.grants.add(new Grant.PointsDeduction(origin, p.programId(), p.name(), profile, uuid, value, charges, false));
                out.deducted.merge(p.programId(), value, BigDecimal::add);
                return null;
            }
            if (spec instanceof EffectSpec.ShowNotification n) {
                out.effects.add(Effect.of(origin, "showNotification", Props.showNotification(n.notificationType(), n.title(), n.body())));
                return null;
            }
            if (spec instanceof EffectSpec.CustomEffect c) {
                out.effects.add(Effect.of(origin, "customEffect", Props.customEffect(c.effectId(), c.name(), c.payload())));
                return null;
            }
            throw new IllegalStateException("unhandled effect " + spec);
        }

        private String perItem(String name, List<UnitShare> proposed, BigDecimal totalDiscount, Campaign campaign,
                               CouponView coupon, Effect.Origin origin, RuleOutcome out) {
            List<UnitShare> shares = proposed.stream().filter(share -> share.amount().signum() > 0).toList();
            if (shares.isEmpty()) {
                return null;
            }
            BigDecimal total = BigDecimal.ZERO;
            for (UnitShare s : shares) {
                total = total.add(s.amount());
            }
            BigDecimal room = room(campaign, BudgetAction.setDiscount, coupon, out);
            List<UnitShare> granted = shares;
            boolean reduced = false;
            if (room != null && room.compareTo(total) < 0) {
                if (!campaign.partialDiscounts() || room.signum() <= 0) {
                    return "setDiscount budget exhausted";
                }
                granted = new ArrayList<>();
                BigDecimal left = room;
                for (UnitShare s : shares) {
                    BigDecimal part = s.amount().min(left);
                    if (part.signum() > 0) {
                        granted.add(new UnitShare(s.position(), s.subPosition(), part, false));
                    }
                    left = left.subtract(part);
                }
                reduced = true;
            }
            if (!effectCountAllowed(campaign, coupon, out)) {
                return "setDiscountEffect budget exhausted";
            }
            BigDecimal value = total;
            if (reduced) {
                value = BigDecimal.ZERO;
                for (UnitShare s : granted) {
                    value = value.add(s.amount());
                }
            }
            List<Charge> charges = charges(campaign, BudgetAction.setDiscount, coupon, value, out);
            BigDecimal[] wanted = new BigDecimal[units.size()];
            if (reduced) {
                shares.forEach(s -> wanted[indexOf(s)] = s.amount());
            }
            BigDecimal grantedTotal = totalDiscount == null ? null : value; // pro rata: what its shares add up to
            for (UnitShare s : granted) {
                int i = indexOf(s);
                BigDecimal desired = wanted[i] != null && wanted[i].compareTo(s.amount()) > 0 ? wanted[i] : null;
                out.effects.add(Effect.of(origin, "setDiscountPerItem", Props.setDiscountPerItem(name, s.amount(), s.position(),
                        s.subPosition(), grantedTotal, desired)));
                out.discountUnit(i, s.amount());
            }
            out.grants.add(new Grant.Discount(origin, name, false, value, List.copyOf(granted), List.copyOf(charges), false));
            return null;
        }

        private String addPoints(EffectSpec.AddLoyaltyPoints p, Campaign campaign, CouponView coupon, Effect.Origin origin,
                                 RuleOutcome out) throws Exception {
            String profile = in.session().profileId();
            if (profile == null) {
                return null; // anonymous sessions earn no points
            }
            LoyaltyProgram program = in.programs().get(p.programId());
            if (program == null) {
                throw new IllegalStateException("loyalty program " + p.programId() + " does not exist");
            }
            Instant start = program.startOf(in.now());
            Instant expiry = program.expiryOf(start);
            List<UnitShare> perUnit = new ArrayList<>();
            BigDecimal value;
            if (p.items() != null) {
                PerLine selected = new PerLine(p.items());
                PerLine values = new PerLine(p.value());
                for (int i = 0; i < units.size(); i++) {
                    Unit u = units.get(i);
                    if ((Boolean) selected.at(i, true)) {
                        BigDecimal v = points((Double) values.at(i, false));
                        if (v.signum() > 0) {
                            perUnit.add(new UnitShare(u.position(), u.subPosition(), v, false));
                        }
                    }
                }
                value = bounded(perUnit.stream().map(UnitShare::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
            } else {
                value = points(p.value().number(resolver, ruleDeadline));
            }
            if (value.signum() <= 0) {
                return null;
            }
            BigDecimal room = room(campaign, BudgetAction.createLoyaltyPoints, coupon, out);
            if (room != null && room.compareTo(value) < 0) {
                if (!campaign.partialDiscounts() || room.signum() <= 0 || p.items() != null) {
                    return "createLoyaltyPoints budget exhausted";
                }
            }
            if (p.items() == null) {
                BigDecimal granted = room == null ? value : value.min(room);
                BigDecimal desired = granted.compareTo(value) < 0 ? value : null;
                List<Charge> charges = charge(campaign, BudgetAction.createLoyaltyPoints, coupon, granted, out.spent);
                String uuid = in.codes().transactionId();
                out.effects.add(Effect.of(origin, "addLoyaltyPoints", Props.addLoyaltyPoints(p.name(), p.programId(), granted,
                        desired, profile, start, expiry, uuid, null, null)));
                out.grants.add(new Grant.Points(origin, p.programId(), p.name(), profile, uuid, granted, start, expiry, false,
                        List.of(), charges, false));
                return null;
            }
            for (UnitShare share : perUnit) {
                List<Charge> charges = charge(campaign, BudgetAction.createLoyaltyPoints, coupon, share.amount(), out.spent);
                String uuid = in.codes().transactionId();
                out.effects.add(Effect.of(origin, "addLoyaltyPoints", Props.addLoyaltyPoints(p.name(), p.programId(),
                        share.amount(), null, profile, start, expiry, uuid, share.position(), share.subPosition())));
                out.grants.add(new Grant.Points(origin, p.programId(), p.name(), profile, uuid, share.amount(), start, expiry,
                        true, List.of(share), charges, false));
            }
            return null;
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

        /**
         * A session-level discount spread over the units by what each still costs after the discounts before it
         * (Talon.One computes each discount on what the earlier ones left): a unit already free takes none, and no
         * unit takes more than it costs. Counted against the units at once, so later discounts see it.
         */
        private List<UnitShare> allocate(BigDecimal value, RuleOutcome out) {
            List<BigDecimal> left = new ArrayList<>(units.size());
            for (int i = 0; i < units.size(); i++) {
                left.add(unitLeft(i, out));
            }
            List<BigDecimal> amounts = Allocation.split(value, left, in.money().scale());
            List<UnitShare> shares = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                if (amounts.get(i).signum() > 0) {
                    shares.add(new UnitShare(units.get(i).position(), units.get(i).subPosition(), amounts.get(i), false));
                    out.discountUnit(i, amounts.get(i));
                }
            }
            return List.copyOf(shares);
        }

        private List<UnitShare> shares(List<BigDecimal> amounts) {
            List<UnitShare> shares = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                shares.add(new UnitShare(units.get(i).position(), units.get(i).subPosition(), amounts.get(i), false));
            }
            return List.copyOf(shares);
        }

        private record Granted(BigDecimal value, BigDecimal desired, List<Charge> charges) {
        }

        /** Fits {@code value} into the campaign's budgets for {@code action} (and counts one discount effect). */
        private Granted budgeted(Campaign campaign, CouponView coupon, BudgetAction action, BigDecimal value, RuleOutcome out) {
            BigDecimal room = room(campaign, action, coupon, out);
            BigDecimal granted = value;
            BigDecimal desired = null;
            if (room != null && room.compareTo(value) < 0) {
                if (!campaign.partialDiscounts() || room.signum() <= 0) {
                    return null;
                }
                granted = room;
                desired = value;
            }
            if (!effectCountAllowed(campaign, coupon, out)) {
                return null;
            }
            return new Granted(granted, desired, charges(campaign, action, coupon, granted, out));
        }

        private boolean effectCountAllowed(Campaign campaign, CouponView coupon, RuleOutcome out) {
            BigDecimal room = room(campaign, BudgetAction.setDiscountEffect, coupon, out);
            return room == null || room.compareTo(BigDecimal.ONE) >= 0;
        }

        /** The smallest room left among the campaign's budgets for the action; null when it has none. */
        private BigDecimal room(Campaign campaign, BudgetAction action, CouponView coupon, RuleOutcome out) {
            BigDecimal smallest = null;
            for (Budget budget : campaign.budgets()) {
                BudgetKey key = budget.action() == action ? key(campaign, budget, coupon) : null;
                if (key != null) {
                    BigDecimal room = room(budget, key, spent).subtract(out.spent.getOrDefault(key, BigDecimal.ZERO));
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

        /** A discount's charges: its amount against the {@code action} budgets, one against the setDiscountEffect ones. */
        private List<Charge> charges(Campaign campaign, BudgetAction action, CouponView coupon, BigDecimal amount, RuleOutcome out) {
            List<Charge> charges = new ArrayList<>(charge(campaign, action, coupon, amount, out.spent));
            charges.addAll(charge(campaign, BudgetAction.setDiscountEffect, coupon, BigDecimal.ONE, out.spent));
            return List.copyOf(charges);
        }

        private List<Charge> charge(Campaign campaign, BudgetAction action, CouponView coupon, BigDecimal amount,
                                    Map<BudgetKey, BigDecimal> into) {
            if (campaign.budgets().isEmpty()) {
                return List.of();
            }
            List<Charge> charges = new ArrayList<>();
            for (Budget budget : campaign.budgets()) {
                BudgetKey key = budget.action() == action ? key(campaign, budget, coupon) : null;
                if (key != null) {
                    charges.add(new Charge(key, amount));
                    into.merge(key, amount, BigDecimal::add);
                }
            }
            return List.copyOf(charges);
        }

        /** The counter a budget uses for this session; null when it does not apply (no profile, no coupon). */
        private BudgetKey key(Campaign campaign, Budget budget, CouponView coupon) {
            return switch (budget.entity()) {
                case Campaign -> new BudgetKey(campaign.id(), budget.action(), "");
                case Profile -> in.session().profileId() == null ? null
                        : new BudgetKey(campaign.id(), budget.action(), "profile:" + in.session().profileId());
                case Coupon -> coupon == null ? null : new BudgetKey(campaign.id(), budget.action(), "coupon:" + coupon.value());
            };
        }

        private BigDecimal unitLeft(int i, RuleOutcome out) {
            BigDecimal left = units.get(i).price();
            if (unitDiscount[i].signum() != 0) {
                left = left.subtract(unitDiscount[i]);
            }
            BigDecimal pending = out.unitDiscount(i);
            return pending.signum() == 0 ? left : left.subtract(pending);
        }

        private int indexOf(UnitShare s) {
            return lineStart[s.position()] + s.subPosition();
        }

        /** Points a rule computed; beyond what the points columns hold the rule fails with an error effect. */
        private static BigDecimal points(double value) {
            if (!Double.isFinite(value)) {
                throw new ArithmeticException("points of " + value + " are not a number");
            }
            return bounded(BigDecimal.valueOf(value).setScale(POINTS_SCALE, RoundingMode.HALF_EVEN));
        }

        /** Points, one value or a rule's sum over units, within what the points columns hold. */
        private static BigDecimal bounded(BigDecimal points) {
            if (points.abs().compareTo(MAX_POINTS) >= 0) {
                throw new ArithmeticException("points of " + points.toPlainString() + " are more than the store holds (under 10^15)");
            }
            return points;
        }

        /**
         * An item expression evaluated once per cart line and reused for the line's other units: they differ
         * only in their sub-position, so unless the expression reads {@code item.subPosition} the result is the same.
         */
        private final class PerLine {
            private final io.tillgate.engine.campaign.Expression expression;
            private final boolean perUnit;
            private int position = -1;
            private Object result;

            PerLine(io.tillgate.engine.campaign.Expression expression) {
                this.expression = expression;
                this.perUnit = expression != null && expression.source().contains("subPosition");
            }

            Object at(int unit, boolean test) throws dev.cel.runtime.CelEvaluationException {
                int linePosition = units.get(unit).position();
                if (perUnit || linePosition != position) {
                    itemVar = unitVars.get(unit);
                    result = test ? (Object) expression.test(resolver, ruleDeadline) : (Object) expression.number(resolver, ruleDeadline);
                    position = linePosition;
                }
                return result;
            }
        }

        /** What one rule would add; merged into the evaluation only if the whole rule applies. */
        private final class RuleOutcome {
            final List<Effect> effects = new ArrayList<>();
            final List<Grant> grants = new ArrayList<>();
            final Map<BudgetKey, BigDecimal> spent = new HashMap<>();
            final Map<Long, BigDecimal> deducted = new HashMap<>();
            /** The rule's discounts per unit; null until it discounts one (most rules do not). */
            BigDecimal[] unitDiscount;
            BigDecimal unitDiscountTotal = BigDecimal.ZERO;

            void discountUnit(int i, BigDecimal amount) {
                if (unitDiscount == null) {
                    unitDiscount = new BigDecimal[units.size()];
                    java.util.Arrays.fill(unitDiscount, BigDecimal.ZERO);
                }
                unitDiscount[i] = unitDiscount[i].add(amount);
                unitDiscountTotal = unitDiscountTotal.add(amount);
            }

            BigDecimal unitDiscount(int i) {
                return unitDiscount == null ? BigDecimal.ZERO : unitDiscount[i];
            }

            void commit() {
                Run.this.effects.addAll(effects);
                Run.this.grants.addAll(grants);
                spent.forEach((k, v) -> Run.this.spent.merge(k, v, BigDecimal::add));
                deducted.forEach((k, v) -> Run.this.deducted.merge(k, v, BigDecimal::add));
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
