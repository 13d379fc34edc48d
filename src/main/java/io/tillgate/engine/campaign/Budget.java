package io.tillgate.engine.campaign;

import io.tillgate.engine.session.BudgetAction;
import java.math.BigDecimal;

/** A compiled limit. A campaign-wide budget has one counter; a per-Profile or per-Coupon one has a counter per key. */
public record Budget(BudgetAction action, BigDecimal limit, BudgetEntity entity) {
}
