package io.tillgate.engine.effects;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Grant;
import dev.cel.runtime.CelEvaluationException;

import java.math.BigDecimal;

/** {@code deductLoyaltyPoints}: spends the customer's active points; the rule fails when there are not enough. */
public final class DeductLoyaltyPoints implements EffectType {

    @Override
    public String name() {
        return "deductLoyaltyPoints";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.programId(), fields.required("name"), fields.sessionValue("value", null));
    }

    record Spec(long programId, String name, Expression value) implements EffectSpec {
        @Override
        public java.util.OptionalLong loyaltyProgram() {
            return java.util.OptionalLong.of(programId);
        }

        @Override
        public boolean spendsPoints() {
            return true;
        }

        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            String owner = rule.ledgerOwner(programId);
            boolean onCards = rule.program(programId) != null && rule.program(programId).cardBased();
            if (owner == null) {
                return onCards ? "points need a loyalty card of program " + programId : "points need a customer profile";
            }
            String card = onCards ? owner : null;
            BigDecimal points = Points.of(rule.number(value));
            if (points.signum() <= 0) {
                return null;
            }
            BigDecimal balance = rule.pointsLeft(programId);
            if (points.compareTo(balance) > 0) {
                return "not enough active points: " + balance.toPlainString() + " < " + points.toPlainString();
            }
            RuleScope.Fit fit = rule.fit(BudgetAction.redeemLoyaltyPoints, points, false);
            if (fit.isRefused()) {
                return fit.refusal();
            }
            var charges = rule.charge(BudgetAction.redeemLoyaltyPoints, points);
            String uuid = rule.newTransactionId();
            rule.emit("deductLoyaltyPoints", new Props(rule.origin().ruleName(), programId, "", points, uuid, name, card));
            rule.grant(new Grant.PointsDeduction(rule.origin(), programId, name, owner, uuid, points, charges, false));
            rule.deduct(programId, points);
            return null;
        }
    }

    /** {@code cardIdentifier}: the card the points came off, in a card-based program. */
    public record Props(String ruleTitle, long programId, String subLedgerId, BigDecimal value,
                        @JsonProperty("transactionUUID") String transactionUUID, String name,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String cardIdentifier)
            implements io.tillgate.engine.session.Props {
    }
}
