package io.tillgate.engine.effects;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.AdditionalCost;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code setDiscountPerAdditionalCostPerItem}: {@code value} (per item) off each unit's additional cost
 * {@code additionalCost}, at most what is left of it. As in Talon.One, every item of the cart must have that cost, or
 * the rule fails, saying which has none. One effect per unit; counted by setDiscount budgets as one discount (with
 * {@code partialDiscounts}, a budget too small is spent on the units in cart order).
 */
public final class SetDiscountPerAdditionalCostPerItem implements EffectType {
    private static final String EFFECT = "setDiscountPerAdditionalCostPerItem";

    @Override
    public String name() {
        return EFFECT;
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        String cost = SetDiscountPerAdditionalCost.costName(fields);
        return new Spec(fields.required("name"), cost, fields.value("value"));
    }

    record Spec(String name, String cost, Expression value) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            RuleScope.PerUnit values = rule.perUnit(value);
            List<Integer> units = new ArrayList<>();
            List<BigDecimal> wanted = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < rule.units().size(); i++) {
                if (rule.unitAdditionalCost(i, cost) == null) {
                    return "cart item " + rule.units().get(i).position() + " has no additional cost '" + cost + "'";
                }
                BigDecimal off = rule.money().of(values.number(i)).min(rule.unitAdditionalCostLeft(i, cost));
                if (off.signum() > 0) {
                    units.add(i);
                    wanted.add(off);
                    total = total.add(off);
                }
            }
            if (total.signum() == 0) {
                return null;
            }
            var fit = rule.fit(BudgetAction.setDiscount, total, rule.campaign().partialDiscounts());
            if (fit.isRefused()) {
                return fit.refusal();
            }
            BigDecimal left = fit.granted();
            List<UnitShare> shares = new ArrayList<>();
            long costId = 0;
            for (int k = 0; k < units.size() && left.signum() > 0; k++) {
                int i = units.get(k);
                AdditionalCost charged = rule.unitAdditionalCost(i, cost);
                costId = charged.id();
                BigDecimal part = wanted.get(k).min(left);
                var unit = rule.units().get(i);
                rule.emit(EFFECT, new Props(name, charged.id(), part, unit.position(), unit.subPosition(), cost,
                        part.compareTo(wanted.get(k)) < 0 ? wanted.get(k) : null));
                rule.discountUnitAdditionalCost(i, cost, part);
                shares.add(new UnitShare(unit.position(), unit.subPosition(), part, false));
                left = left.subtract(part);
            }
            var charges = rule.charge(BudgetAction.setDiscount, fit.granted());
            rule.grant(new Grant.ItemCostDiscount(rule.origin(), name, costId, cost, fit.granted(), List.copyOf(shares), charges, false));
            return null;
        }

        @Override
        public Optional<String> additionalCost() {
            return Optional.of(cost);
        }

        @Override
        public boolean perItem() {
            return true;
        }
    }

    /** {@code desiredValue}: what a unit the budget cut wanted. */
    public record Props(String name, long additionalCostId, BigDecimal value, int position, int subPosition, String additionalCost,
                        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue)
            implements io.tillgate.engine.session.Props {
    }
}
