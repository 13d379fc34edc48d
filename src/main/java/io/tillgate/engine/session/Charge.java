package io.tillgate.engine.session;

import java.math.BigDecimal;

/** An amount counted against a budget when a session closed, to be given back on rollback. */
public record Charge(BudgetKey key, BigDecimal amount) {
}
