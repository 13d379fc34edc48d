package io.tillgate.engine.session;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a closed session was granted, kept so that cancel, return and reopen can roll back exactly that:
 * discounts and points with their shares per unit, coupon redemptions and creations, point deductions,
 * each with the budget charges it made, and the attributes it set with the values they replaced.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Grant.Discount.class, name = "discount"),
        @JsonSubTypes.Type(value = Grant.CouponRedemption.class, name = "couponRedemption"),
        @JsonSubTypes.Type(value = Grant.CouponCreation.class, name = "couponCreation"),
        @JsonSubTypes.Type(value = Grant.ReferralRedemption.class, name = "referralRedemption"),
        @JsonSubTypes.Type(value = Grant.CostDiscount.class, name = "costDiscount"),
        @JsonSubTypes.Type(value = Grant.ItemCostDiscount.class, name = "itemCostDiscount"),
        @JsonSubTypes.Type(value = Grant.ReferralCreation.class, name = "referralCreation"),
        @JsonSubTypes.Type(value = Grant.Points.class, name = "points"),
        @JsonSubTypes.Type(value = Grant.PointsDeduction.class, name = "pointsDeduction"),
        @JsonSubTypes.Type(value = Grant.AttributeUpdate.class, name = "attributeUpdate"),
        @JsonSubTypes.Type(value = Grant.AchievementProgress.class, name = "achievementProgress"),
        @JsonSubTypes.Type(value = Grant.AudienceChange.class, name = "audienceChange"),
        @JsonSubTypes.Type(value = Grant.GiveawayAward.class, name = "giveawayAward")})
public sealed interface Grant {

    Effect.Origin origin();

    List<Charge> charges();

    /**
     * A discount. {@code sessionLevel} for setDiscount (its shares are the allocation of the total over
     * the units at close); otherwise a per-item discount whose shares are the units it was set on.
     */
    record Discount(Effect.Origin origin, String name, boolean sessionLevel, BigDecimal value, List<UnitShare> shares,
                    List<Charge> charges, boolean rolledBack) implements Grant {
    }

    /**
     * A coupon redeemed. {@code held}: the redemption is the session's hold on the coupon ({@code engine_coupon_hold}),
     * which keeps its charges and which the till's reinstate may already have given back; false in ledgers written
     * before holds, whose rollback gives back the charges here.
     */
    record CouponRedemption(Effect.Origin origin, long couponId, String code, List<Charge> charges, boolean rolledBack,
                            boolean held) implements Grant {
    }

    /** Created coupons stay valid whatever happens to the session that created them. */
    record CouponCreation(Effect.Origin origin, String code, String recipient, int usageLimit, List<Charge> charges)
            implements Grant {
    }

    /** A discount on one of the session's additional costs (its id and name): given back on cancel, reopen or a full return. */
    record CostDiscount(Effect.Origin origin, String name, long additionalCostId, String additionalCost, BigDecimal value,
                        List<Charge> charges, boolean rolledBack) implements Grant {
        public CostDiscount asRolledBack() {
            return new CostDiscount(origin, name, additionalCostId, additionalCost, value, charges, true);
        }
    }

    /**
     * A discount on the units' additional cost (its id and name): {@code shares} per unit, which a return takes back unit
     * by unit, and cancel and reopen all of.
     */
    record ItemCostDiscount(Effect.Origin origin, String name, long additionalCostId, String additionalCost, BigDecimal value,
                            List<UnitShare> shares, List<Charge> charges, boolean rolledBack) implements Grant {
        public ItemCostDiscount withShares(List<UnitShare> next, boolean allRolledBack) {
            return new ItemCostDiscount(origin, name, additionalCostId, additionalCost, value, next, charges, allRolledBack);
        }
    }

    /** A referral code used by the session's customer: given back (and its charges) on cancel, reopen or a full return. */
    record ReferralRedemption(Effect.Origin origin, long referralId, String code, List<Charge> charges, boolean rolledBack)
            implements Grant {
        public ReferralRedemption asRolledBack() {
            return new ReferralRedemption(origin, referralId, code, charges, true);
        }
    }

    /**
     * A referral code created for the session's customer as advocate, for {@code friend} (null: anyone). Created codes,
     * as coupons, stay valid whatever happens to the session that created them.
     */
    record ReferralCreation(Effect.Origin origin, String code, String advocate, String friend, int usageLimit,
                            List<Charge> charges) implements Grant {
    }

    /** Points added: {@code shares} over units (session-level points allocated by price, or per-item points). */
    record Points(Effect.Origin origin, long programId, String name, String recipient, String transactionUUID,
                  BigDecimal value, Instant startDate, Instant expiryDate, boolean perItem, List<UnitShare> shares,
                  List<Charge> charges, boolean rolledBack) implements Grant {
    }

    record PointsDeduction(Effect.Origin origin, long programId, String name, String recipient, String transactionUUID,
                           BigDecimal value, List<Charge> charges, boolean rolledBack) implements Grant {
    }

    /**
     * An attribute set by {@code updateAttribute} at the close: its path ({@code Profile.Attributes.tier}), the value it
     * replaced (null: it had none) and the value set.
     */
    record AttributeUpdate(Effect.Origin origin, String path, com.fasterxml.jackson.databind.JsonNode previous,
                           com.fasterxml.jackson.databind.JsonNode value, boolean rolledBack) implements Grant {
        @Override
        public List<Charge> charges() {
            return List.of();
        }

        public boolean onProfile() {
            return path.startsWith("Profile.");
        }

        public String attribute() {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }

    /**
     * Progress made in an achievement at the close: {@code value} for the session, or with {@code perItem} its
     * {@code shares} per unit, which a return takes back unit by unit. {@code trackerId}: the tracker it was added to
     * (null until the close creates it); {@code start}, {@code end}, {@code target}: the period and target a tracker the
     * close creates has.
     */
    record AchievementProgress(Effect.Origin origin, long achievementId, String name, String profileId, Long trackerId,
                               Instant start, Instant end, BigDecimal target, boolean allowRollbackAfterCompletion,
                               BigDecimal value, boolean perItem, List<UnitShare> shares, boolean rolledBack) implements Grant {
        @Override
        public List<Charge> charges() {
            return List.of();
        }

        public AchievementProgress withTracker(long id) {
            return new AchievementProgress(origin, achievementId, name, profileId, id, start, end, target,
                    allowRollbackAfterCompletion, value, perItem, shares, rolledBack);
        }

        public AchievementProgress withShares(List<UnitShare> next, boolean allRolledBack) {
            return new AchievementProgress(origin, achievementId, name, profileId, trackerId, start, end, target,
                    allowRollbackAfterCompletion, value, perItem, next, allRolledBack);
        }
    }

    /** A membership a close changed: {@code added} to the audience, or removed from it. */
    record AudienceChange(Effect.Origin origin, long audienceId, String audienceName, String profileId, boolean added,
                          boolean rolledBack) implements Grant {
        @Override
        public List<Charge> charges() {
            return List.of();
        }
    }

    /** A giveaway code awarded at the close. It stays awarded whatever happens to the session. */
    record GiveawayAward(Effect.Origin origin, long poolId, long giveawayId, String profileId) implements Grant {
        @Override
        public List<Charge> charges() {
            return List.of();
        }
    }
}
