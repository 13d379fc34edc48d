package io.tillgate.engine.effects;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Grant;

import java.math.BigDecimal;

/**
 * {@code setDiscount}: a discount on the session total, at most what the cart still costs, spread over the units
 * at once (so that later discounts see what is left and a return takes back its units' shares).
 */
public final class SetDiscount implements EffectType {

    @Override
    public String name() {
        return "setDiscount";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.required("name"), fields.sessionValue("value", null));
    }

    record Spec(String name, Expression value) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws dev.cel.runtime.CelEvaluationException {
            BigDecimal value = rule.money().of(rule.number(value())).min(rule.cartLeft());
            if (value.signum() <= 0) {
                return null;
            }
            var fit = rule.fit(BudgetAction.setDiscount, value, rule.campaign().partialDiscounts());
            if (fit.isRefused()) {
                return fit.refusal();
            }
            BigDecimal granted = fit.granted();
            rule.emit("setDiscount", new Props(name, granted, fit.desired()));
            var charges = rule.charge(BudgetAction.setDiscount, granted);
            rule.grant(new Grant.Discount(rule.origin(), name, true, granted, rule.allocate(granted), charges, false));
            return null;
        }
    }

    /** {@code desiredValue}: what the rule asked for, when a budget cut it. */
    public record Props(String name, BigDecimal value, @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue)
            implements io.tillgate.engine.session.Props {
    }
}
