package io.tillgate.engine.evaluate;

import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;

import java.util.List;

/** The effects of an evaluation, the grants to commit if the session closes, and why rules failed. */
public record Evaluation(List<Effect> effects, List<Grant> grants, List<RuleFailure> failures) {

    public record RuleFailure(long campaignId, String campaignName, int ruleIndex, String ruleName, String details) {
    }
}
