package io.tillgate.engine.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Talon.One's Effect object. {@code props} holds the type's properties, built by {@link Props} so that
 * every effect type has one place that decides its shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Effect(long campaignId, long rulesetId, int ruleIndex, String ruleName, String effectType,
                     Long triggeredByCoupon, Integer conditionIndex, ObjectNode props) {

    public static Effect of(Origin origin, String effectType, ObjectNode props) {
        return new Effect(origin.campaignId(), origin.campaignId(), origin.ruleIndex(), origin.ruleName(), effectType,
                origin.couponId(), origin.conditionIndex(), props);
    }

    /** Where an effect comes from: campaign (= ruleset), rule, the coupon that triggered it, a failed condition. */
    public record Origin(long campaignId, int ruleIndex, String ruleName, Long couponId, Integer conditionIndex) {
        /** For effects of no campaign, such as the rejection of an unknown coupon code. */
        public static final Origin NONE = new Origin(-1, 0, "", null, null);
    }
}
