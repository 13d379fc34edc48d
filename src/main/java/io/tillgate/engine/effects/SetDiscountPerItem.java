package io.tillgate.engine.effects;

import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import dev.cel.runtime.CelEvaluationException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code setDiscountPerItem}: {@code value} off each unit that {@code items} selects (every unit without it), at
 * most what the unit still costs.
 */
public final class SetDiscountPerItem implements EffectType {

    @Override
    public String name() {
        return "setDiscountPerItem";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.required("name"), fields.optionalFilter("items"), fields.value("value"));
    }

    record Spec(String name, Expression items, Expression value) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            RuleScope.PerUnit selected = items == null ? null : rule.perUnit(items);
            RuleScope.PerUnit values = rule.perUnit(value);
            List<UnitDiscounts.Share> shares = new ArrayList<>();
            double number = Double.NaN;
            BigDecimal amount = null;
            for (int i = 0; i < rule.units().size(); i++) {
                if (selected != null && !selected.test(i)) {
                    continue;
                }
                double result = values.number(i);
                if (amount == null || Double.compare(result, number) != 0) { // units of a line share its value
                    number = result;
                    amount = rule.money().of(result);
                }
                BigDecimal off = amount.min(rule.unitLeft(i));
                if (off.signum() > 0) {
                    shares.add(new UnitDiscounts.Share(i, off));
                }
            }
            return UnitDiscounts.grant(rule, name, shares, false);
        }
    }
}
