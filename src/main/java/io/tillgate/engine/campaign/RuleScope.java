package io.tillgate.engine.campaign;

import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.session.Unit;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.util.List;

/**
 * What an effect reads and does while its rule applies. Everything it adds (effects, grants, unit discounts,
 * budget charges, deducted points) is held until the whole rule applies, and dropped if the rule fails.
 */
public interface RuleScope {

    Campaign campaign();

    /** The origin of the effects this rule emits: campaign, rule, the coupon that triggered it. */
    Effect.Origin origin();

    /** Whether this evaluation closes the session: coupons are created and points granted only then. */
    boolean closing();

    /** The time of the evaluation. */
    java.time.Instant now();

    /** The session's customer profile; null for an anonymous session. */
    String profileId();

    /**
     * Whose points a program's effect adds or spends: in a card-based program the session's active card of that
     * program, elsewhere the session's profile; null when the session has none.
     */
    String ledgerOwner(long programId);

    /** The application's currency: an amount's scale and rounding. */
    Money money();

    double number(Expression expression) throws CelEvaluationException;

    String text(Expression expression) throws CelEvaluationException;

    /** The result of an expression of any type, as CEL yields it. */
    Object value(Expression expression) throws CelEvaluationException;

    /** The cart's units, in position then sub-position order. */
    List<Unit> units();

    /** An item expression, evaluated with {@code item} set to each unit. */
    PerUnit perUnit(Expression expression);

    /** What a unit still costs after the discounts before this effect, this rule's included. */
    BigDecimal unitLeft(int unit);

    /** What the cart still costs after the discounts before this effect. */
    BigDecimal cartLeft();

    /**
     * A session-level discount spread over the units by what each still costs: a unit already free takes none,
     * none takes more than it costs. The shares count against the units at once.
     */
    List<UnitShare> allocate(BigDecimal value);

    /** Counts a per-item discount against its unit, so that later discounts see what is left. */
    void discountUnit(int unit, BigDecimal amount);

    /**
     * Fits {@code wanted} into the campaign's budgets for {@code action}: all of it, or with {@code partial} the
     * room left (never none). A discount must also fit one more discount effect. Refused when the rule must fail.
     */
    Fit fit(BudgetAction action, BigDecimal wanted, boolean partial);

    /**
     * Charges {@code amount} to every budget of the campaign for {@code action} that applies to this session (a
     * discount also counts one discount effect), returning the charges for the grant to keep.
     */
    List<Charge> charge(BudgetAction action, BigDecimal amount);

    LoyaltyProgram program(long programId);

    /** The profile's active points in a program, less what this evaluation has deducted so far. */
    BigDecimal pointsLeft(long programId);

    void deduct(long programId, BigDecimal points);

    /**
     * The application's achievement of this name, where the session's customer stands in it: with the progress this
     * evaluation's rules have made so far.
     */
    AchievementState achievement(String name);

    /** The name of an audience an effect of the campaign names; null when it does not exist (any more). */
    String audienceName(long audienceId);

    /** A giveaway pool an effect of the campaign names; null when it does not exist (any more). */
    GiveawayPoolView giveawayPool(long poolId);

    /**
     * The next code of the pool for this evaluation: one the session was awarded already, then a free one; null when
     * none is left. {@link #awardedAlready} tells which.
     */
    GiveawayPoolView.Code takeGiveaway(long poolId);

    /** Whether the code was this session's already (awarded by an earlier close of it). */
    boolean awardedAlready(long poolId, GiveawayPoolView.Code code);

    /** Counts progress made in an achievement, so that later rules see it. */
    void progress(String name, BigDecimal delta);

    /** A fresh id of a loyalty transaction. */
    String newTransactionId();

    /** A fresh coupon code of {@code pattern} ({@code #}: a random digit). */
    String newCouponCode(String pattern);

    /** The session's additional cost of this name; null when it has none. */
    io.tillgate.engine.session.AdditionalCost additionalCost(String name);

    /** What is left of the session's additional cost of this name after the discounts before (the rule's own too). */
    BigDecimal additionalCostLeft(String name);

    /** Counts a discount on the additional cost, so that later discounts see what is left. */
    void discountAdditionalCost(String name, BigDecimal amount);

    /** Unit {@code i}'s additional cost of this name (its item's, per unit); null when it has none. */
    io.tillgate.engine.session.AdditionalCost unitAdditionalCost(int i, String name);

    /** What is left of unit {@code i}'s additional cost of this name after the discounts before (the rule's own too). */
    BigDecimal unitAdditionalCostLeft(int i, String name);

    /** Counts a discount on unit {@code i}'s additional cost, so that later discounts see what is left. */
    void discountUnitAdditionalCost(int i, String name, BigDecimal amount);

    /** A fresh referral code of the pattern ({@code #}: a random digit). */
    String newReferralCode(String pattern);

    void emit(String effectType, Props props);

    void grant(Grant grant);

    /**
     * What fits of an amount: all of it ({@code desired} null), or less than the {@code desired} amount; or nothing,
     * and {@code refusal} names the budget that is used up.
     */
    record Fit(BigDecimal granted, BigDecimal desired, String refusal) {

        private static final String EXHAUSTED = " budget exhausted";

        public static Fit refused(BudgetAction action) {
            return new Fit(null, null, action + EXHAUSTED);
        }

        /** The budget a rule's failure names as used up, when it failed for that (its details are such a refusal). */
        public static java.util.Optional<BudgetAction> exhausted(String details) {
            if (details == null || !details.endsWith(EXHAUSTED)) {
                return java.util.Optional.empty();
            }
            String action = details.substring(0, details.length() - EXHAUSTED.length());
            return java.util.Arrays.stream(BudgetAction.values()).filter(a -> a.name().equals(action)).findFirst();
        }

        public boolean isRefused() {
            return refusal != null;
        }
    }

    /** An item expression's result per unit. Units of one line share it unless it reads {@code item.subPosition}. */
    interface PerUnit {
        boolean test(int unit) throws CelEvaluationException;

        double number(int unit) throws CelEvaluationException;
    }
}
