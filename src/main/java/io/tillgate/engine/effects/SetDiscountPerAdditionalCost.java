package io.tillgate.engine.effects;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.AdditionalCost;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Grant;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code setDiscountPerAdditionalCost}: a discount on one of the session's additional costs ({@code additionalCost}, its
 * name), at most what is left of it, counted by setDiscount budgets as any discount. A session without that cost fails
 * the rule, saying so.
 */
public final class SetDiscountPerAdditionalCost implements EffectType {
    private static final Pattern NAME = Pattern.compile("[A-Za-z]\\w*");
    private static final String EFFECT = "setDiscountPerAdditionalCost";

    @Override
    public String name() {
        return EFFECT;
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.required("name"), costName(fields), fields.sessionValue("value", null));
    }

    /** The {@code additionalCost} an effect discounts: a cost's name, a letter then letters, digits and '_'. */
    static String costName(EffectFields fields) {
        String cost = fields.required("additionalCost");
        if (cost != null && !NAME.matcher(cost).matches()) {
            fields.problem("additionalCost", "invalid additional cost", "an additional cost's name is a letter, then letters, digits and '_'");
        }
        return cost;
    }

    record Spec(String name, String cost, Expression value) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws dev.cel.runtime.CelEvaluationException {
            AdditionalCost charged = rule.additionalCost(cost);
            if (charged == null) {
                return "the session has no additional cost '" + cost + "'";
            }
            BigDecimal value = rule.money().of(rule.number(value())).min(rule.additionalCostLeft(cost));
            if (value.signum() <= 0) {
                return null;
            }
            var fit = rule.fit(BudgetAction.setDiscount, value, rule.campaign().partialDiscounts());
            if (fit.isRefused()) {
                return fit.refusal();
            }
            BigDecimal granted = fit.granted();
            rule.emit(EFFECT, new Props(name, charged.id(), cost, granted, fit.desired()));
            var charges = rule.charge(BudgetAction.setDiscount, granted);
            rule.discountAdditionalCost(cost, granted);
            rule.grant(new Grant.CostDiscount(rule.origin(), name, charged.id(), cost, granted, charges, false));
            return null;
        }

        @Override
        public Optional<String> additionalCost() {
            return Optional.of(cost);
        }
    }

    /** {@code desiredValue}: what the rule asked for, when a budget cut it. */
    public record Props(String name, long additionalCostId, String additionalCost, BigDecimal value,
                        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue)
            implements io.tillgate.engine.session.Props {
    }
}
