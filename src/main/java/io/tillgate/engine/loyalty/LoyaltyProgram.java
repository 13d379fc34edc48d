package io.tillgate.engine.loyalty;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * A profile-based loyalty program. Points are pending for {@code pending} after they are earned, then
 * active for {@code validity} (null: forever). Returns after {@code returnWindow} from the close do not
 * adjust points. Customers move through its {@link Tiers}, if it has any. A card-based program's points belong to its
 * {@link Cards}.
 */
public record LoyaltyProgram(long id, String name, String title, Period pending, Period validity,
                             ReturnPolicy returnPolicy, Period returnWindow, Tiers tiers, Cards cards) {

    /** A profile-based program without tiers. */
    public LoyaltyProgram(long id, String name, String title, Period pending, Period validity, ReturnPolicy returnPolicy,
                          Period returnWindow) {
        this(id, name, title, pending, validity, returnPolicy, returnWindow, Tiers.NONE, null);
    }

    /** Whether points belong to cards (a card-based program) rather than to profiles. */
    public boolean cardBased() {
        return cards != null;
    }

    public Instant startOf(Instant earned) {
        return plus(earned, pending);
    }

    public Instant expiryOf(Instant start) {
        return validity == null ? null : plus(start, validity);
    }

    public boolean withinReturnWindow(Instant closedAt, Instant now) {
        return closedAt == null || !now.isAfter(plus(closedAt, returnWindow));
    }

    private static Instant plus(Instant instant, Period period) {
        return instant.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    /** Reads "immediate", "unlimited", ISO periods ("P14D") and Talon.One's short form ("14D", "12M", "1Y"). */
    public static Period period(String text, Period fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.trim().toUpperCase();
        if (t.equals("IMMEDIATE")) {
            return Period.ZERO;
        }
        if (t.equals("UNLIMITED")) {
            return null;
        }
        return Period.parse(t.startsWith("P") ? t : "P" + t);
    }
}
