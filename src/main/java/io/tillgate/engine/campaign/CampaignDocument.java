package io.tillgate.engine.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A campaign as operators write it (YAML in {@code campaigns/}, JSON through the Management API).
 * Conditions and values are CEL; {@link CampaignCompiler} checks and compiles them.
 *
 * <p>{@code appliesTo} is tillgate's addition: SKUs and categories that must be in the cart for the
 * campaign to be evaluated at all. Campaigns are indexed by it (and by their coupon codes), so that
 * evaluation cost follows what a cart can trigger, not the number of campaigns.
 *
 * <p>{@code couponRequired} and {@code referralRequired} are tillgate's spelling of Talon.One's coupon and referral
 * campaigns: the campaign runs only for a session holding a valid coupon, or referral code, of its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignDocument(Long id, String name, String state, Instant startTime, Instant endTime,
                               Boolean couponRequired, CouponSettings couponSettings, List<String> coupons,
                               Boolean partialDiscounts, AppliesTo appliesTo, List<Limit> limits,
                               List<RuleDocument> rules, List<AchievementDocument> achievements,
                               EvaluationGroup evaluationGroup, Boolean referralRequired) {

    /** A campaign without achievements. */
    public CampaignDocument(Long id, String name, String state, Instant startTime, Instant endTime, Boolean couponRequired,
                            CouponSettings couponSettings, List<String> coupons, Boolean partialDiscounts, AppliesTo appliesTo,
                            List<Limit> limits, List<RuleDocument> rules) {
        this(id, name, state, startTime, endTime, couponRequired, couponSettings, coupons, partialDiscounts, appliesTo, limits,
                rules, null, null, null);
    }

    /** The campaign with these achievements instead of its own. */
    public CampaignDocument withAchievements(List<AchievementDocument> next) {
        return new CampaignDocument(id, name, state, startTime, endTime, couponRequired, couponSettings, coupons,
                partialDiscounts, appliesTo, limits, rules, next, evaluationGroup, referralRequired);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CouponSettings(Integer usageLimit, Instant expiryDate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppliesTo(List<String> skus, List<String> categories) {
    }

    /** A budget, as Talon.One's LimitConfig: an action, a limit, and the entities it is counted per. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limit(String action, java.math.BigDecimal limit, List<String> entities, String period) {
    }

    /** An achievement, as Talon.One's CreateAchievement writes it ({@code periodEndOverride} is refused, not built). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AchievementDocument(String name, String title, String description, java.math.BigDecimal target,
                                      String period, JsonNode periodEndOverride, String recurrencePolicy,
                                      String activationPolicy, Instant fixedStartDate, Instant endDate,
                                      Boolean allowRollbackAfterCompletion) {
    }

    /**
     * The evaluation group the campaign is in (Talon.One's campaign evaluation groups): its {@code id}, how its campaigns
     * combine ({@code stackable}, {@code listOrder}, {@code lowestDiscount}, {@code highestDiscount}; every campaign of a
     * group says the same), and the campaign's {@code position} in a list order.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EvaluationGroup(Long id, String mode, Integer position) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleDocument(String title, String condition, List<JsonNode> effects, List<JsonNode> failureEffects) {
    }
}
