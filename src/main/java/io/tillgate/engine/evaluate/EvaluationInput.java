package io.tillgate.engine.evaluate;

import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.campaign.AchievementState;
import io.tillgate.engine.campaign.AudienceView;
import io.tillgate.engine.campaign.GiveawayPoolView;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.ReferralView;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Everything evaluation reads. Budget counters and point balances are those in the database at the
 * time (locked when the session closes), so a close can never spend what another one already has.
 *
 * @param closing    whether this evaluation closes the session (coupons are created only then)
 * @param candidates the campaigns the index selected for this cart and these coupons
 * @param balances   the profile's active points per program
 * @param zone       the application's time zone: where a budget's day, week, month or year starts
 * @param tiers      the profile's tier per program with tiers ("" for none): {@code profile.tiers}
 * @param cards      the session's active card per card-based program: whose points its effects add and spend; the
 *                   balances of those programs are the cards'
 * @param achievements every achievement of the application by name, where the session's customer stands in it
 * @param audiences    the audiences the campaigns' effects name, and the customer's memberships
 * @param giveawayPools the giveaway pools the campaigns' effects award from, with their free codes
 * @param referral   the referral of the session's referral code; null when it has none, or no referral has that code
 */
public record EvaluationInput(SessionSnapshot session, Money money, Instant now, boolean closing,
                              List<Campaign> candidates, Map<String, CouponView> coupons,
                              Map<BudgetKey, BigDecimal> counters, Map<Long, LoyaltyProgram> programs,
                              Map<Long, BigDecimal> balances, Codes codes, ZoneId zone, Map<Long, String> tiers,
                              Map<Long, String> cards, Map<String, AchievementState> achievements, AudienceView audiences,
                              Map<Long, GiveawayPoolView> giveawayPools, ReferralView referral) {

    /** An evaluation of a session without a referral code. */
    public EvaluationInput(SessionSnapshot session, Money money, Instant now, boolean closing, List<Campaign> candidates,
                           Map<String, CouponView> coupons, Map<BudgetKey, BigDecimal> counters,
                           Map<Long, LoyaltyProgram> programs, Map<Long, BigDecimal> balances, Codes codes, ZoneId zone,
                           Map<Long, String> tiers, Map<Long, String> cards, Map<String, AchievementState> achievements,
                           AudienceView audiences, Map<Long, GiveawayPoolView> giveawayPools) {
        this(session, money, now, closing, candidates, coupons, counters, programs, balances, codes, zone, tiers, cards,
                achievements, audiences, giveawayPools, null);
    }

    /** An evaluation without achievements, audiences or giveaway pools. */
    public EvaluationInput(SessionSnapshot session, Money money, Instant now, boolean closing, List<Campaign> candidates,
                           Map<String, CouponView> coupons, Map<BudgetKey, BigDecimal> counters,
                           Map<Long, LoyaltyProgram> programs, Map<Long, BigDecimal> balances, Codes codes, ZoneId zone,
                           Map<Long, String> tiers, Map<Long, String> cards) {
        this(session, money, now, closing, candidates, coupons, counters, programs, balances, codes, zone, tiers, cards, Map.of(),
                AudienceView.NONE, Map.of());
    }

    /** An evaluation of a customer in no program's tiers, without loyalty cards. */
    public EvaluationInput(SessionSnapshot session, Money money, Instant now, boolean closing, List<Campaign> candidates,
                           Map<String, CouponView> coupons, Map<BudgetKey, BigDecimal> counters,
                           Map<Long, LoyaltyProgram> programs, Map<Long, BigDecimal> balances, Codes codes, ZoneId zone) {
        this(session, money, now, closing, candidates, coupons, counters, programs, balances, codes, zone, Map.of(), Map.of());
    }

    /** An evaluation whose budget periods start in UTC (tests and benchmarks; the engine passes its application's). */
    public EvaluationInput(SessionSnapshot session, Money money, Instant now, boolean closing, List<Campaign> candidates,
                           Map<String, CouponView> coupons, Map<BudgetKey, BigDecimal> counters,
                           Map<Long, LoyaltyProgram> programs, Map<Long, BigDecimal> balances, Codes codes) {
        this(session, money, now, closing, candidates, coupons, counters, programs, balances, codes, ZoneOffset.UTC);
    }

    /** Where fresh identifiers come from: created coupon and referral codes and point transaction ids. */
    public interface Codes {
        String coupon(String pattern);

        /** A referral code of the pattern; drawn as a coupon's where the source keeps no referral codes (tests). */
        default String referral(String pattern) {
            return coupon(pattern);
        }

        String transactionId();
    }
}
