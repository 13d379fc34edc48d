package io.tillgate.engine.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * The props of an effect, with the names and optional fields of seed 001 and the OpenAPI schemas: one record per
 * shape, its components in the order they are written, optional ones left out when null. Records rather than JSON
 * trees: an evaluation builds dozens of effects, and most are only ever written. The props of a campaign's effect
 * types are records of their classes in {@code io.tillgate.engine.effects}; here are those of the effects the
 * engine emits by itself (coupons accepted and rejected, rollbacks, rule errors) and of effects read back.
 */
public interface Props {

    /** The props of an effect read back from the store, kept as written. */
    record Stored(@JsonValue JsonNode json) implements Props {
    }

    record RollbackDiscount(String name, BigDecimal value,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemPosition,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemSubPosition,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long additionalCostId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String additionalCost,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String scope) implements Props {
    }

    /** changeLoyaltyTierLevel: points added moved the customer up (seed 001). */
    record TierChange(String ruleTitle, long programId,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String previousTierName, String newTierName,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String expiryDate) implements Props {
    }

    /** acceptCoupon and rollbackCoupon. */
    record Coupon(String value) implements Props {
    }

    record RejectCoupon(String value, String rejectionReason,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer conditionIndex,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String details,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String campaignExclusionReason) implements Props {
    }

    /** acceptReferral, rollbackReferral and referralCreated. */
    record Referral(String value) implements Props {
    }

    record RejectReferral(String value, String rejectionReason,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer conditionIndex,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String details,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String campaignExclusionReason) implements Props {
    }

    /** rollbackAddedLoyaltyPoints and rollbackDeductedLoyaltyPoints. */
    record RollbackPoints(long programId, String subLedgerId, BigDecimal value, String recipientIntegrationId,
                          @JsonProperty("transactionUUID") String transactionUUID,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemPosition,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemSubPosition,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String cardIdentifier) implements Props {
    }

    record RuleError(String message) implements Props {
    }

    static RollbackDiscount rollbackDiscount(String name, BigDecimal value, Integer position, Integer subPosition, String scope) {
        return new RollbackDiscount(name, value, position, position == null ? null : subPosition, null, null, scope);
    }

    /** The rollback of a discount on a unit's additional cost. */
    static RollbackDiscount rollbackItemCostDiscount(String name, BigDecimal value, int position, int subPosition,
                                                     long additionalCostId, String additionalCost) {
        return new RollbackDiscount(name, value, position, subPosition, additionalCostId, additionalCost, "additionalCosts");
    }

    /** The rollback of a discount on an additional cost. */
    static RollbackDiscount rollbackCostDiscount(String name, BigDecimal value, long additionalCostId, String additionalCost) {
        return new RollbackDiscount(name, value, null, null, additionalCostId, additionalCost, "additionalCosts");
    }

    static Coupon coupon(String value) {
        return new Coupon(value);
    }

    static RejectCoupon rejectCoupon(String value, String reason, Integer conditionIndex, String details) {
        return new RejectCoupon(value, reason, conditionIndex, details, null);
    }

    /** A coupon of a campaign an evaluation group excluded: {@code exclusion} says why (CampaignGaveLowerDiscount, …). */
    static RejectCoupon rejectCouponExcluded(String value, String reason, String exclusion, String details) {
        return new RejectCoupon(value, reason, null, details, exclusion);
    }

    /** {@code card}: the card the points were on, in a card-based program ({@code recipient} is then the session's profile). */
    static RollbackPoints rollbackPoints(long programId, BigDecimal value, String recipient, String card, String transactionUUID,
                                         Integer position, Integer subPosition) {
        return new RollbackPoints(programId, "", value, recipient, transactionUUID, position,
                position == null ? null : subPosition, card);
    }

    static RuleError error(String message) {
        return new RuleError(message);
    }
}
