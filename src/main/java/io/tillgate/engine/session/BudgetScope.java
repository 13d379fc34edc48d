package io.tillgate.engine.session;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Whose and when a session's budget counters are: its customer and store (for per-Profile and per-Store budgets), its
 * custom identifiers (per-Identifier budgets count on each), and the time it is evaluated as of, in the application's
 * time zone (for budgets that start again every period), and the referral code it holds (per-Referral budgets of that
 * code's campaign count on it; null for none).
 */
public record BudgetScope(String profileId, String storeId, Instant at, ZoneId zone, java.util.List<String> identifiers,
                          Referral referral) {

    /** A referral code of a campaign. */
    public record Referral(long campaignId, String code) {
    }

    /** A session without a referral code. */
    public BudgetScope(String profileId, String storeId, Instant at, ZoneId zone, java.util.List<String> identifiers) {
        this(profileId, storeId, at, zone, identifiers, null);
    }

    /** A session without custom identifiers. */
    public BudgetScope(String profileId, String storeId, Instant at, ZoneId zone) {
        this(profileId, storeId, at, zone, java.util.List.of());
    }
}
