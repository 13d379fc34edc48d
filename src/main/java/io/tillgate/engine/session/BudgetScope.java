package io.tillgate.engine.session;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Whose and when a session's budget counters are: its customer and store (for per-Profile and per-Store budgets),
 * and the time it is evaluated as of, in the application's time zone (for budgets that start again every period).
 */
public record BudgetScope(String profileId, String storeId, Instant at, ZoneId zone) {
}
