package io.tillgate.engine.effects;

import io.tillgate.engine.session.BudgetAction;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Points as rules compute them: to the hundredth, within what the points columns hold. */
final class Points {
    /** What the points columns hold, with room for sums. */
    static final BigDecimal MAX = BigDecimal.TEN.pow(15);

    private Points() {
    }

    /** Points a rule computed; beyond what the store holds the rule fails with an error effect. */
    static BigDecimal of(double value) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("points of " + value + " are not a number");
        }
        return bounded(BigDecimal.valueOf(value).setScale(BudgetAction.POINTS_SCALE, RoundingMode.HALF_EVEN));
    }

    /** Points, one value or a rule's sum over units, within what the store holds. */
    static BigDecimal bounded(BigDecimal points) {
        if (points.abs().compareTo(MAX) >= 0) {
            throw new ArithmeticException("points of " + points.toPlainString() + " are more than the store holds (under 10^15)");
        }
        return points;
    }
}
