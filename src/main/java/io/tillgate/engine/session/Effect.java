package io.tillgate.engine.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Talon.One's Effect object. {@code props} holds the type's properties, a {@link Props} record per shape,
 * so that every effect type has one place that decides its fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Effect(long campaignId, long rulesetId, int ruleIndex, String ruleName, String effectType,
                     Long triggeredByCoupon, Integer conditionIndex, Long evaluationGroupID, String evaluationGroupMode,
                     Props props) {

    public static Effect of(Origin origin, String effectType, Props props) {
        return new Effect(origin.campaignId(), origin.campaignId(), origin.ruleIndex(), origin.ruleName(), effectType,
                origin.couponId(), origin.conditionIndex(), null, null, props);
    }

    /** The effect of a campaign of an evaluation group: its id and mode, as Talon.One's effects carry them. */
    public Effect inGroup(long groupId, String mode) {
        return new Effect(campaignId, rulesetId, ruleIndex, ruleName, effectType, triggeredByCoupon, conditionIndex, groupId, mode,
                props);
    }

    /** A stored effect: its props are read as the shape its type has. */
    @JsonCreator
    static Effect read(@JsonProperty("campaignId") long campaignId, @JsonProperty("rulesetId") long rulesetId,
                       @JsonProperty("ruleIndex") int ruleIndex, @JsonProperty("ruleName") String ruleName,
                       @JsonProperty("effectType") String effectType, @JsonProperty("triggeredByCoupon") Long triggeredByCoupon,
                       @JsonProperty("conditionIndex") Integer conditionIndex,
                       @JsonProperty("evaluationGroupID") Long evaluationGroupID,
                       @JsonProperty("evaluationGroupMode") String evaluationGroupMode, @JsonProperty("props") JsonNode props) {
        return new Effect(campaignId, rulesetId, ruleIndex, ruleName, effectType, triggeredByCoupon, conditionIndex,
                evaluationGroupID, evaluationGroupMode, new Props.Stored(props));
    }

    /** Where an effect comes from: campaign (= ruleset), rule, the coupon that triggered it, a failed condition. */
    public record Origin(long campaignId, int ruleIndex, String ruleName, Long couponId, Integer conditionIndex) {
        /** For effects of no campaign, such as the rejection of an unknown coupon code. */
        public static final Origin NONE = new Origin(-1, 0, "", null, null);
    }
}
