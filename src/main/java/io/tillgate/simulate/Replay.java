package io.tillgate.simulate;

import io.tillgate.engine.campaign.Budget;
import io.tillgate.engine.campaign.BudgetEntity;
import io.tillgate.engine.campaign.BudgetPeriod;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The world of one simulation, in memory: the budget counters, coupon uses and point deductions the period's sales
 * leave behind them one after another (all from zero at the start of the period), and what the draft campaign came
 * to, in all, per day and per store. Pure: it reads and writes nothing but itself.
 *
 * <p>A sale counts as its customer kept it: the shares of the units returned since are taken off its discounts and
 * points, and given back to the budgets they were charged to, at once (the replay does not know when the returns
 * came); a sale returned in full gives its coupons back too, as a return of everything does.
 */
final class Replay {
    /** The draft is evaluated after the live campaigns, as a campaign created now would be. */
    static final long DRAFT_ID = Long.MAX_VALUE;

    private final Campaign draft;
    private final Money money;
    private final ZoneId zone;
    private final Map<BudgetKey, BigDecimal> counters = new HashMap<>();
    private final Map<String, Integer> couponUses = new HashMap<>();
    private final Map<String, BigDecimal> deducted = new HashMap<>();
    private final Map<LocalDate, Tally> byDay = new TreeMap<>();
    private final Map<String, Tally> byStore = new TreeMap<>();
    private Tally total = Tally.NONE;
    private Instant budgetExhaustedAt;
    private long codes;
    private BigDecimal pointsDeducted = BigDecimal.ZERO;
    private int salesWithErrors;
    private String firstError;

    Replay(Campaign draft, Money money, ZoneId zone) {
        this.draft = draft;
        this.money = money;
        this.zone = zone;
    }

    Campaign draft() {
        return draft;
    }

    /** The counters as the sales so far left them; a counter never charged is zero. */
    Map<BudgetKey, BigDecimal> counters() {
        return Collections.unmodifiableMap(counters);
    }

    /** A live coupon as the replay has used it: its uses are the replay's, none before the period. */
    CouponView replayed(CouponView coupon) {
        return coupon.withUsage(couponUses.getOrDefault(coupon.value(), 0)).heldAs(0, false, null);
    }

    /** One of the draft's own codes, as the replay has used it (ids below zero: no stored coupon has one). */
    CouponView draftCoupon(String code, int index) {
        int limit = draft.couponUsageLimit() == null ? 1 : draft.couponUsageLimit();
        return new CouponView(-1L - index, draft.id(), code, limit, couponUses.getOrDefault(code, 0), null,
                null, draft.couponExpiry());
    }

    /** The points the replay has deducted from a profile's balance in a program. */
    BigDecimal deducted(long programId, String profileId) {
        return deducted.getOrDefault(programId + ":" + profileId, BigDecimal.ZERO);
    }

    /** Codes for the coupons the replay creates: never stored, so any digits do; counted, so that a run repeats. */
    EvaluationInput.Codes codes() {
        return new EvaluationInput.Codes() {
            @Override
            public String coupon(String pattern) {
                String digits = Long.toString(++codes);
                StringBuilder code = new StringBuilder(pattern);
                for (int i = code.length() - 1, d = digits.length() - 1; i >= 0; i--) {
                    if (code.charAt(i) == '#') {
                        code.setCharAt(i, d >= 0 ? digits.charAt(d--) : '0');
                    }
                }
                return code.toString();
            }

            @Override
            public String transactionId() {
                return "simulated-" + codes++;
            }
        };
    }

    /** Accounts for one sale's evaluation, in the order the sales closed. */
    void record(ReplayedSale sale, Evaluation evaluation) {
        BigDecimal discount = BigDecimal.ZERO;
        BigDecimal points = BigDecimal.ZERO;
        int created = 0;
        boolean gave = false; // a coupon redeemed and kept, or points spent
        for (Grant grant : evaluation.grants()) {
            boolean drafts = grant.origin().campaignId() == draft.id();
            grant.charges().forEach(c -> counters.merge(c.key(), c.amount(), BigDecimal::add));
            if (grant instanceof Grant.Discount d) {
                BigDecimal returned = returned(d.shares(), sale);
                giveBack(d.charges(), BudgetAction.setDiscount, returned);
                if (!d.shares().isEmpty() && d.shares().stream().allMatch(s -> sale.isReturned(s.position(), s.subPosition()))) {
                    giveBack(d.charges(), BudgetAction.setDiscountEffect, BigDecimal.ONE); // all back: its count too
                }
                discount = drafts ? discount.add(d.value().subtract(returned)) : discount;
            } else if (grant instanceof Grant.Points p) {
                BigDecimal returned = returned(p.shares(), sale);
                giveBack(p.charges(), BudgetAction.createLoyaltyPoints, returned);
                points = drafts ? points.add(p.value().subtract(returned)) : points;
            } else if (grant instanceof Grant.CouponRedemption r) {
                couponUses.merge(r.code(), 1, Integer::sum);
                if (sale.everythingReturned()) {
                    couponUses.merge(r.code(), -1, Integer::sum);
                    giveBack(r.charges(), BudgetAction.redeemCoupon, BigDecimal.ONE);
                } else {
                    gave |= drafts;
                }
            } else if (grant instanceof Grant.CouponCreation) {
                created += drafts ? 1 : 0;
            } else if (grant instanceof Grant.ReferralCreation) {
                gave |= drafts; // a referral code made for the sale's customer: kept whatever happens to the sale
            } else if (grant instanceof Grant.PointsDeduction d) {
                deducted.merge(d.programId() + ":" + d.recipient(), d.value(), BigDecimal::add);
                if (drafts) {
                    pointsDeducted = pointsDeducted.add(d.value());
                    gave = true;
                }
            }
        }
        // triggered: the sale kept something of the draft; a rule that failed, or a discount all returned, gave nothing
        boolean triggered = gave || discount.signum() > 0 || points.signum() > 0 || created > 0;
        evaluation.effects().stream().filter(e -> e.campaignId() == draft.id() && e.effectType().equals("error")).findFirst()
                .ifPresent(error -> {
                    salesWithErrors++;
                    if (firstError == null) {
                        firstError = sale.at() + ": " + ((io.tillgate.engine.session.Props.RuleError) error.props()).message()
                                .replace("of campaign " + draft.id(), "of the draft");
                    }
                });
        Tally one = new Tally(1, triggered ? 1 : 0, money.of(discount), points, created);
        total = total.plus(one);
        byDay.merge(LocalDate.ofInstant(sale.at(), zone), one, Tally::plus);
        byStore.merge(sale.storeId(), one, Tally::plus);
        if (budgetExhaustedAt == null && (usedUp(sale) || refusedByCampaignBudget(evaluation, sale))) {
            budgetExhaustedAt = sale.at();
        }
    }

    Result result() {
        return new Result(total, Map.copyOf(byDay), Map.copyOf(byStore), budgetExhaustedAt, budgets(), pointsDeducted,
                salesWithErrors, firstError);
    }

    /**
     * The draft's campaign-wide budgets as the replay left them; of one that starts again every period, its fullest
     * period's counter.
     */
    private List<BudgetState> budgets() {
        List<BudgetState> states = new ArrayList<>();
        for (Budget b : draft.budgets()) {
            if (b.entity() == BudgetEntity.Campaign) {
                BigDecimal fullest = counters.entrySet().stream().filter(e -> ofBudget(e.getKey(), b))
                        .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::max);
                states.add(new BudgetState(b.action(), b.limit(), b.period(), fullest));
            }
        }
        return List.copyOf(states);
    }

    private boolean ofBudget(BudgetKey key, Budget budget) {
        return key.campaignId() == draft.id() && key.action() == budget.action() && budget.counts(key.entityKey());
    }

    /** Whether a campaign-wide budget of the draft is used up in the sale's period: its counter reached its limit. */
    private boolean usedUp(ReplayedSale sale) {
        for (Budget b : draft.budgets()) {
            if (b.entity() == BudgetEntity.Campaign
                    && counters.getOrDefault(b.key(draft.id(), sale.scope(), null), BigDecimal.ZERO).compareTo(b.limit()) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a rule of the draft was refused for lack of budget, by a campaign-wide one: of the budgets of that action
     * that apply to the sale, a campaign-wide one has the least room left (a customer's or a store's own budget running
     * out does not exhaust the campaign's).
     */
    private boolean refusedByCampaignBudget(Evaluation evaluation, ReplayedSale sale) {
        for (Evaluation.RuleFailure failure : evaluation.failures()) {
            java.util.Optional<BudgetAction> exhausted = RuleScope.Fit.exhausted(failure.details());
            if (failure.campaignId() != draft.id() || exhausted.isEmpty()) {
                continue;
            }
            BudgetAction action = exhausted.get();
            BigDecimal campaignRoom = null;
            BigDecimal otherRoom = null;
            for (Budget b : draft.budgets()) {
                BudgetKey key = b.action() == action ? b.key(draft.id(), sale.scope(), null) : null;
                if (key != null) {
                    BigDecimal room = b.limit().subtract(counters.getOrDefault(key, BigDecimal.ZERO));
                    if (b.entity() == BudgetEntity.Campaign) {
                        campaignRoom = campaignRoom == null ? room : campaignRoom.min(room);
                    } else {
                        otherRoom = otherRoom == null ? room : otherRoom.min(room);
                    }
                }
            }
            if (campaignRoom != null && (otherRoom == null || campaignRoom.compareTo(otherRoom) <= 0)) {
                return true;
            }
        }
        return false;
    }

    private void giveBack(List<Charge> charges, BudgetAction action, BigDecimal amount) {
        if (amount.signum() > 0) {
            charges.stream().filter(c -> c.key().action() == action).forEach(c -> counters.merge(c.key(), amount.negate(), BigDecimal::add));
        }
    }

    private static BigDecimal returned(List<UnitShare> shares, ReplayedSale sale) {
        BigDecimal returned = BigDecimal.ZERO;
        for (UnitShare s : shares) {
            if (sale.isReturned(s.position(), s.subPosition())) {
                returned = returned.add(s.amount());
            }
        }
        return returned;
    }

    /** A campaign-wide budget of the draft: its limit, how often it starts again, and the counter the replay left. */
    record BudgetState(BudgetAction action, BigDecimal limit, BudgetPeriod period, BigDecimal counter) {
    }

    /** What the draft came to: in all, per day (in the simulation's time zone), per store. */
    record Result(Tally total, Map<LocalDate, Tally> byDay, Map<String, Tally> byStore, Instant budgetExhaustedAt,
                  List<BudgetState> budgets, BigDecimal pointsDeducted, int salesWithErrors, String firstError) {
    }
}
