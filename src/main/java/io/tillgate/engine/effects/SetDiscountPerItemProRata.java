package io.tillgate.engine.effects;

import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.money.Allocation;
import dev.cel.runtime.CelEvaluationException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code setDiscountPerItemProRata}: {@code total} spread over the units {@code items} selects, by what each still
 * costs: none goes to a unit already free, each share fits in its unit.
 */
public final class SetDiscountPerItemProRata implements EffectType {

    @Override
    public String name() {
        return "setDiscountPerItemProRata";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.required("name"), fields.optionalFilter("items"), fields.sessionValue("total", null));
    }

    record Spec(String name, Expression items, Expression total) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            RuleScope.PerUnit filter = items == null ? null : rule.perUnit(items);
            List<Integer> selected = new ArrayList<>();
            List<BigDecimal> left = new ArrayList<>();
            BigDecimal room = BigDecimal.ZERO;
            for (int i = 0; i < rule.units().size(); i++) {
                if (filter == null || filter.test(i)) {
                    selected.add(i);
                    left.add(rule.unitLeft(i));
                    room = room.add(left.get(left.size() - 1));
                }
            }
            BigDecimal value = rule.money().of(rule.number(total)).min(room);
            if (selected.isEmpty() || value.signum() <= 0) {
                return null;
            }
            List<BigDecimal> split = Allocation.split(value, left, rule.money().scale());
            List<UnitDiscounts.Share> shares = new ArrayList<>();
            for (int k = 0; k < selected.size(); k++) {
                shares.add(new UnitDiscounts.Share(selected.get(k), split.get(k)));
            }
            return UnitDiscounts.grant(rule, name, shares, true);
        }
    }
}
