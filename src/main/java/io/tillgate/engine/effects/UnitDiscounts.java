package io.tillgate.engine.effects;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code setDiscountPerItem} and {@code setDiscountPerItemProRata} share: one {@code setDiscountPerItem} effect
 * per discounted unit, one grant for the rule. A budget too small for all shares cuts the last ones (with partial
 * discounts) and each cut share says what it wanted.
 */
final class UnitDiscounts {
    static final String EFFECT = "setDiscountPerItem";

    private UnitDiscounts() {
    }

    /** A unit's proposed discount: its index in {@link RuleScope#units()} and the amount. */
    record Share(int unit, BigDecimal amount) {
    }

    /**
     * Grants {@code proposed} (shares of nothing left out); with {@code proRata} the effects carry the total their
     * shares add up to. Returns why the rule must fail, or null.
     */
    static String grant(RuleScope rule, String name, List<Share> proposed, boolean proRata) {
        List<Share> shares = proposed.stream().filter(share -> share.amount().signum() > 0).toList();
        if (shares.isEmpty()) {
            return null;
        }
        BigDecimal total = shares.stream().map(Share::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        var fit = rule.fit(BudgetAction.setDiscount, total, rule.campaign().partialDiscounts());
        if (fit.isRefused()) {
            return fit.refusal();
        }
        BigDecimal value = fit.granted();
        List<UnitShare> granted = new ArrayList<>();
        BigDecimal left = value;
        for (Share s : shares) {
            BigDecimal part = s.amount().min(left);
            if (part.signum() > 0) {
                var unit = rule.units().get(s.unit());
                granted.add(new UnitShare(unit.position(), unit.subPosition(), part, false));
                // a unit the budget cut says what it wanted
                BigDecimal desired = part.compareTo(s.amount()) < 0 ? s.amount() : null;
                rule.emit(EFFECT, new Props(name, part, unit.position(), unit.subPosition(), proRata ? value : null, desired));
                rule.discountUnit(s.unit(), part);
            }
            left = left.subtract(part);
        }
        var charges = rule.charge(BudgetAction.setDiscount, value);
        rule.grant(new Grant.Discount(rule.origin(), name, false, value, List.copyOf(granted), charges, false));
        return null;
    }

    /** {@code totalDiscount}: a pro rata discount's total; {@code desiredValue}: what a unit a budget cut wanted. */
    public record Props(String name, BigDecimal value, int position, int subPosition,
                        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal totalDiscount,
                        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue)
            implements io.tillgate.engine.session.Props {
    }
}
