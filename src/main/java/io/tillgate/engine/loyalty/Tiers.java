package io.tillgate.engine.loyalty;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A program's tiers and how a customer moves between them, as Talon.One describes it. A customer is in the highest tier
 * whose {@code minPoints} their active points reach. Without {@code expireIn} the tier follows the balance both ways at
 * once; with it, a tier reached is kept until it expires ({@code expiration} says when), and is then re-evaluated: down
 * one tier if the points no longer reach it ({@code one_down}), or to the tier the points reach ({@code balance_based}).
 * Reaching a higher tier moves the customer up at once, either way.
 */
public record Tiers(List<Tier> levels, Period expireIn, Expiration expiration, Downgrade downgrade, Instant cycleStart) {
    public static final Tiers NONE = new Tiers(List.of(), null, Expiration.tier_start_date, Downgrade.one_down, null);

    /** A tier: entered at {@code minPoints} active points. Levels are held lowest first. */
    public record Tier(String name, BigDecimal minPoints) {
    }

    /** When a tier reached expires (Talon.One's {@code tiersExpirationPolicy}, as far as tillgate builds it). */
    public enum Expiration {
        /** {@code expireIn} after the customer entered the tier. */
        tier_start_date,
        /** At the next multiple of {@code expireIn} after the customer joined the program. */
        program_join_date,
        /** At the next multiple of {@code expireIn} after {@code cycleStart}, the same for every customer. */
        absolute_expiration
    }

    /** What a tier's expiry does (Talon.One's {@code tiersDowngradePolicy}). */
    public enum Downgrade {
        one_down, balance_based
    }

    /** Where a customer stands: their tier (null: none), since when, and until when (null: while the balance holds). */
    public record Standing(String tier, Instant since, Instant expiry) {
        public static final Standing NONE = new Standing(null, null, null);
    }

    public boolean any() {
        return !levels.isEmpty();
    }

    /** The highest tier these points reach, or null. */
    public Tier reached(BigDecimal points) {
        Tier reached = null;
        for (Tier tier : levels) {
            if (points.compareTo(tier.minPoints()) >= 0) {
                reached = tier;
            }
        }
        return reached;
    }

    /** The tier above this one (null: none above; of no tier, the lowest). */
    public Tier above(String tier) {
        int rank = rank(tier);
        return rank + 1 < levels.size() ? levels.get(rank + 1) : null;
    }

    /** The tier's position, lowest 0; -1 for no tier or a tier the program no longer has. */
    public int rank(String tier) {
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).name().equals(tier)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where a customer stands at {@code now}, having stood at {@code stored} with {@code points} active points now, and
     * having joined the program at {@code joined}. Pure: the caller keeps what it returns.
     */
    public Standing standing(Standing stored, BigDecimal points, Instant joined, Instant now) {
        if (levels.isEmpty()) {
            return Standing.NONE;
        }
        Tier reached = reached(points);
        if (expireIn == null) {
            String name = reached == null ? null : reached.name();
            return java.util.Objects.equals(name, stored.tier()) ? stored
                    : name == null ? Standing.NONE : new Standing(name, now, null);
        }
        Standing s = stored.tier() != null && rank(stored.tier()) < 0 ? Standing.NONE : stored; // a tier since removed
        for (int passed = 0; s.tier() != null && s.expiry() != null && !now.isBefore(s.expiry()) && passed < 10_000; passed++) {
            int rank = rank(s.tier());
            Tier next = downgrade == Downgrade.balance_based ? reached
                    : points.compareTo(levels.get(rank).minPoints()) >= 0 ? levels.get(rank)
                    : rank > 0 ? levels.get(rank - 1) : null;
            s = next == null ? Standing.NONE : new Standing(next.name(), s.expiry(), expiryAfter(s.expiry(), joined));
        }
        if (reached != null && rank(reached.name()) > rank(s.tier())) {
            s = new Standing(reached.name(), now, expiryAfter(now, joined));
        }
        return s;
    }

    /** When a tier entered at {@code since} expires. */
    Instant expiryAfter(Instant since, Instant joined) {
        if (expiration == Expiration.tier_start_date) {
            return plus(since, expireIn, 1);
        }
        Instant origin = expiration == Expiration.absolute_expiration ? cycleStart : joined;
        for (int k = 1; k < 1_000_000; k++) {
            Instant end = plus(origin, expireIn, k);
            if (end.isAfter(since)) {
                return end;
            }
        }
        return plus(since, expireIn, 1);
    }

    private static Instant plus(Instant instant, Period period, int times) {
        return instant.atOffset(ZoneOffset.UTC).plus(period.multipliedBy(times)).toInstant();
    }
}
