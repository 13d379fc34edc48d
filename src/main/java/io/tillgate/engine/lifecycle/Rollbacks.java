package io.tillgate.engine.lifecycle;

import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.UnitShare;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.ReturnPolicy;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.store.LoyaltyStore;
import io.tillgate.engine.store.ReferralStore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes back what a closed session was granted: everything on cancel and reopen (created coupons stay),
 * the shares of the returned units on a return. Budget counters go down by exactly what is taken back.
 */
final class Rollbacks {
    private final BudgetStore budgets;
    private final CouponStore coupons;
    private final ReferralStore referrals;
    private final LoyaltyStore loyalty;
    private final HeldRedemptions held;
    private final Achievements achievements;
    private final long applicationId;
    private final String sessionId;
    private final String profileId;
    private final Map<Long, LoyaltyProgram> programs;
    private final Instant closedAt;
    private final Instant now;
    final List<Effect> effects = new ArrayList<>();

    Rollbacks(BudgetStore budgets, CouponStore coupons, ReferralStore referrals, LoyaltyStore loyalty, HeldRedemptions held,
              Achievements achievements, long applicationId, String sessionId, String profileId, Map<Long, LoyaltyProgram> programs,
              Instant closedAt, Instant now) {
        this.referrals = referrals;
        this.achievements = achievements;
        this.profileId = profileId;
        this.budgets = budgets;
        this.coupons = coupons;
        this.loyalty = loyalty;
        this.held = held;
        this.applicationId = applicationId;
        this.sessionId = sessionId;
        this.programs = programs;
        this.closedAt = closedAt;
        this.now = now;
    }

    /** Cancel and reopen: every grant not yet rolled back. Returns the ledger that remains (coupon and referral creations). */
    List<Grant> all(List<Grant> ledger) {
        List<Grant> kept = new ArrayList<>();
        for (Grant grant : ledger) {
            if (grant instanceof Grant.Discount d && !d.rolledBack()) {
                List<UnitShare> open = d.shares().stream().filter(s -> !s.rolledBack()).toList();
                BigDecimal left = d.shares().isEmpty() ? d.value() : sum(open);
                if (d.sessionLevel()) {
                    if (left.signum() > 0) {
                        effects.add(Effect.of(d.origin(), "rollbackDiscount", Props.rollbackDiscount(d.name(), left, null, null, "sessionTotal")));
                    }
                } else {
                    open.stream().filter(s -> s.amount().signum() > 0).forEach(s -> effects.add(Effect.of(d.origin(),
                            "rollbackDiscount", Props.rollbackDiscount(d.name(), s.amount(), s.position(), s.subPosition(), "price"))));
                }
                giveBack(d.charges(), BudgetAction.setDiscount, left);
                giveBack(d.charges(), BudgetAction.setDiscountEffect, BigDecimal.ONE);
            } else if (grant instanceof Grant.CouponRedemption r && !r.rolledBack()) {
                if (!r.held()) {
                    effects.add(Effect.of(r.origin(), "rollbackCoupon", Props.coupon(r.code())));
                    coupons.redeem(r.couponId(), -1);
                    giveBack(r.charges(), BudgetAction.redeemCoupon, BigDecimal.ONE);
                } else {
                    coupons.find(applicationId, List.of(r.code()), true); // a coupon's holds change under its row's lock
                    if (held.giveBack(applicationId, r.couponId(), sessionId)) { // else the till reinstated it already
                        effects.add(Effect.of(r.origin(), "rollbackCoupon", Props.coupon(r.code())));
                    }
                }
            } else if (grant instanceof Grant.CostDiscount d && !d.rolledBack()) {
                effects.add(Effect.of(d.origin(), "rollbackDiscount",
                        Props.rollbackCostDiscount(d.name(), d.value(), d.additionalCostId(), d.additionalCost())));
                giveBack(d.charges(), BudgetAction.setDiscount, d.value());
                giveBack(d.charges(), BudgetAction.setDiscountEffect, BigDecimal.ONE);
            } else if (grant instanceof Grant.ItemCostDiscount d && !d.rolledBack()) {
                List<UnitShare> open = d.shares().stream().filter(s -> !s.rolledBack()).toList();
                open.forEach(s -> effects.add(itemCostRollback(d, s)));
                giveBack(d.charges(), BudgetAction.setDiscount, sum(open));
                giveBack(d.charges(), BudgetAction.setDiscountEffect, BigDecimal.ONE);
            } else if (grant instanceof Grant.ReferralRedemption r && !r.rolledBack()) {
                referrals.find(applicationId, r.code(), true); // a referral's uses change under its row's lock
                if (referrals.giveBack(r.referralId(), sessionId)) { // the code can be used again
                    effects.add(Effect.of(r.origin(), "rollbackReferral", new Props.Referral(r.code())));
                    giveBack(r.charges(), BudgetAction.redeemReferral, BigDecimal.ONE);
                }
            } else if (grant instanceof Grant.Points p && !p.rolledBack()) {
                List<UnitShare> open = p.shares().stream().filter(s -> !s.rolledBack()).toList();
                if (p.perItem()) {
                    open.forEach(s -> points(p, s.amount(), s.position(), s.subPosition()));
                } else {
                    points(p, p.shares().isEmpty() ? p.value() : sum(open), null, null);
                }
            } else if (grant instanceof Grant.PointsDeduction d && !d.rolledBack() && withinReturnWindow(d.programId())) {
                // spent points come back within the program's return window only, as earned points go back
                BigDecimal back = loyalty.rollbackDeduction(d.transactionUUID(), now);
                if (back.signum() > 0) {
                    effects.add(Effect.of(d.origin(), "rollbackDeductedLoyaltyPoints",
                            Props.rollbackPoints(d.programId(), back, recipient(d.programId(), d.recipient()), card(d.programId(), d.recipient()),
                                    d.transactionUUID(), null, null)));
                }
                giveBack(d.charges(), BudgetAction.redeemLoyaltyPoints, back);
            } else if (grant instanceof Grant.AchievementProgress p && !p.rolledBack()) {
                BigDecimal left = p.perItem() ? sum(p.shares().stream().filter(s -> !s.rolledBack()).toList()) : p.value();
                achievements.takeBack(applicationId, p, left).ifPresent(effects::add);
            } else if (grant instanceof Grant.CouponCreation || grant instanceof Grant.ReferralCreation) {
                kept.add(grant);
            }
        }
        return kept;
    }

    /**
     * A return of everything left: the progress the session made for itself, not per unit, goes back as on cancel.
     * Progress per unit went back with its units.
     */
    List<Grant> sessionProgress(List<Grant> ledger) {
        List<Grant> next = new ArrayList<>();
        for (Grant grant : ledger) {
            if (grant instanceof Grant.AchievementProgress p && !p.rolledBack() && !p.perItem()) {
                achievements.takeBack(applicationId, p, p.value()).ifPresent(effects::add);
                next.add(p.withShares(p.shares(), true));
            } else {
                next.add(grant);
            }
        }
        return next;
    }

    /**
     * A return of everything left, a full refund, as a void: the coupons and the referral code the session redeemed and
     * the discounts on its additional costs are given back as on cancel, and marked rolled back in the ledger it returns.
     */
    List<Grant> wholeSale(List<Grant> ledger) {
        List<Grant> next = new ArrayList<>();
        for (Grant grant : ledger) {
            if (grant instanceof Grant.CouponRedemption r && !r.rolledBack()) {
                all(List.of(r));
                next.add(new Grant.CouponRedemption(r.origin(), r.couponId(), r.code(), r.charges(), true, r.held()));
            } else if (grant instanceof Grant.ReferralRedemption r && !r.rolledBack()) {
                all(List.of(r));
                next.add(r.asRolledBack());
            } else if (grant instanceof Grant.CostDiscount d && !d.rolledBack()) {
                all(List.of(d));
                next.add(d.asRolledBack());
            } else {
                next.add(grant);
            }
        }
        return next;
    }

    /** A return: the shares of these units (position → sub-positions), marked rolled back in the new ledger. */
    List<Grant> units(List<Grant> ledger, Map<Integer, Set<Integer>> returned) {
        List<Grant> next = new ArrayList<>();
        for (Grant grant : ledger) {
            if (grant instanceof Grant.Discount d && !d.rolledBack()) {
                List<UnitShare> shares = new ArrayList<>();
                boolean returnedNow = false;
                for (UnitShare s : d.shares()) {
                    if (!s.rolledBack() && isReturned(s, returned)) {
                        if (s.amount().signum() > 0) { // a share of nothing (kept by sessions closed before 2026-12-02) is no rollback
                            effects.add(Effect.of(d.origin(), "rollbackDiscount", Props.rollbackDiscount(d.name(), s.amount(),
                                    s.position(), s.subPosition(), d.sessionLevel() ? "sessionTotal" : "price")));
                        }
                        giveBack(d.charges(), BudgetAction.setDiscount, s.amount());
                        shares.add(s.asRolledBack());
                        returnedNow = true;
                    } else {
                        shares.add(s);
                    }
                }
                if (returnedNow && shares.stream().allMatch(UnitShare::rolledBack)) {
                    // every unit it was given on is back: the discount is undone, and so is its count, as on cancel
                    giveBack(d.charges(), BudgetAction.setDiscountEffect, BigDecimal.ONE);
                }
                next.add(new Grant.Discount(d.origin(), d.name(), d.sessionLevel(), d.value(), List.copyOf(shares), d.charges(), false));
            } else if (grant instanceof Grant.Points p && !p.rolledBack()) {
                List<UnitShare> shares = new ArrayList<>();
                for (UnitShare s : p.shares()) {
                    if (!s.rolledBack() && isReturned(s, returned)) {
                        points(p, s.amount(), s.position(), s.subPosition());
                        shares.add(s.asRolledBack());
                    } else {
                        shares.add(s);
                    }
                }
                next.add(new Grant.Points(p.origin(), p.programId(), p.name(), p.recipient(), p.transactionUUID(), p.value(),
                        p.startDate(), p.expiryDate(), p.perItem(), List.copyOf(shares), p.charges(), false));
            } else if (grant instanceof Grant.ItemCostDiscount d && !d.rolledBack()) {
                List<UnitShare> shares = new ArrayList<>();
                BigDecimal back = BigDecimal.ZERO;
                for (UnitShare s : d.shares()) {
                    if (!s.rolledBack() && isReturned(s, returned)) {
                        effects.add(itemCostRollback(d, s));
                        back = back.add(s.amount());
                        shares.add(s.asRolledBack());
                    } else {
                        shares.add(s);
                    }
                }
                giveBack(d.charges(), BudgetAction.setDiscount, back);
                boolean allBack = shares.stream().allMatch(UnitShare::rolledBack);
                if (back.signum() > 0 && allBack) { // every unit it was given on is back: its count too, as on cancel
                    giveBack(d.charges(), BudgetAction.setDiscountEffect, BigDecimal.ONE);
                }
                next.add(d.withShares(List.copyOf(shares), allBack));
            } else if (grant instanceof Grant.AchievementProgress p && !p.rolledBack() && p.perItem()) {
                List<UnitShare> shares = p.shares().stream().map(s -> !s.rolledBack() && isReturned(s, returned) ? s.asRolledBack() : s).toList();
                BigDecimal back = sum(shares.stream().filter(UnitShare::rolledBack).toList())
                        .subtract(sum(p.shares().stream().filter(UnitShare::rolledBack).toList()));
                achievements.takeBack(applicationId, p, back).ifPresent(effects::add);
                next.add(p.withShares(shares, shares.stream().allMatch(UnitShare::rolledBack)));
            } else {
                next.add(grant);
            }
        }
        return next;
    }

    /** Marks every grant of a ledger rolled back (after {@link #all}), keeping it for the record. */
    static List<Grant> markedRolledBack(List<Grant> ledger) {
        List<Grant> marked = new ArrayList<>();
        for (Grant g : ledger) {
            if (g instanceof Grant.Discount d) {
                marked.add(new Grant.Discount(d.origin(), d.name(), d.sessionLevel(), d.value(),
                        d.shares().stream().map(UnitShare::asRolledBack).toList(), d.charges(), true));
            } else if (g instanceof Grant.CouponRedemption r) {
                marked.add(new Grant.CouponRedemption(r.origin(), r.couponId(), r.code(), r.charges(), true, r.held()));
            } else if (g instanceof Grant.ReferralRedemption r) {
                marked.add(r.asRolledBack());
            } else if (g instanceof Grant.CostDiscount d) {
                marked.add(d.asRolledBack());
            } else if (g instanceof Grant.ItemCostDiscount d) {
                marked.add(d.withShares(d.shares().stream().map(UnitShare::asRolledBack).toList(), true));
            } else if (g instanceof Grant.Points p) {
                marked.add(new Grant.Points(p.origin(), p.programId(), p.name(), p.recipient(), p.transactionUUID(), p.value(),
                        p.startDate(), p.expiryDate(), p.perItem(), p.shares().stream().map(UnitShare::asRolledBack).toList(),
                        p.charges(), true));
            } else if (g instanceof Grant.PointsDeduction d) {
                marked.add(new Grant.PointsDeduction(d.origin(), d.programId(), d.name(), d.recipient(), d.transactionUUID(),
                        d.value(), d.charges(), true));
            } else if (g instanceof Grant.AchievementProgress p) {
                marked.add(p.withShares(p.shares().stream().map(UnitShare::asRolledBack).toList(), true));
            } else if (g instanceof Grant.AudienceChange c) {
                marked.add(new Grant.AudienceChange(c.origin(), c.audienceId(), c.audienceName(), c.profileId(), c.added(), true));
            } else {
                marked.add(g);
            }
        }
        return List.copyOf(marked);
    }

    private static Effect itemCostRollback(Grant.ItemCostDiscount d, UnitShare s) {
        return Effect.of(d.origin(), "rollbackDiscount", Props.rollbackItemCostDiscount(d.name(), s.amount(), s.position(),
                s.subPosition(), d.additionalCostId(), d.additionalCost()));
    }

    /** Whose points went back, as an effect names them: the session's profile ("" for none) where a card held them. */
    private String recipient(long programId, String owner) {
        LoyaltyProgram program = programs.get(programId);
        return program != null && program.cardBased() ? (profileId == null ? "" : profileId) : owner;
    }

    /** The card the points were on, in a card-based program; null elsewhere. */
    private String card(long programId, String owner) {
        LoyaltyProgram program = programs.get(programId);
        return program != null && program.cardBased() ? owner : null;
    }

    /** Takes points back as the program's return policy and return window allow. */
    private boolean withinReturnWindow(long programId) {
        LoyaltyProgram program = programs.get(programId);
        return program == null || program.withinReturnWindow(closedAt, now);
    }

    private void points(Grant.Points p, BigDecimal amount, Integer position, Integer subPosition) {
        LoyaltyProgram program = programs.get(p.programId());
        if (program == null || amount.signum() <= 0 || !program.withinReturnWindow(closedAt, now)) {
            return;
        }
        ReturnPolicy policy = program.returnPolicy();
        BigDecimal back = loyalty.rollbackAddition(p.transactionUUID(), amount, policy, now);
        if (back.signum() > 0) {
            effects.add(Effect.of(p.origin(), "rollbackAddedLoyaltyPoints",
                    Props.rollbackPoints(p.programId(), back, recipient(p.programId(), p.recipient()), card(p.programId(), p.recipient()),
                            p.transactionUUID(), position, subPosition)));
            giveBack(p.charges(), BudgetAction.createLoyaltyPoints, back);
        }
    }

    private void giveBack(List<Charge> charges, BudgetAction action, BigDecimal amount) {
        if (amount.signum() <= 0) {
            return;
        }
        charges.stream().filter(c -> c.key().action() == action).forEach(c -> budgets.add(ProfileCounters.of(c.key(), profileId), amount.negate()));
    }


    private static boolean isReturned(UnitShare s, Map<Integer, Set<Integer>> returned) {
        return returned.getOrDefault(s.position(), Set.of()).contains(s.subPosition());
    }

    private static BigDecimal sum(List<UnitShare> shares) {
        return shares.stream().map(UnitShare::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
