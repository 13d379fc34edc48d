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
        // each expiry passed re-evaluates the tier with the points as they are: one tier down at most each time, and once
        // a tier holds it holds at every later expiry, so the last of those is found at once
        while (s.tier() != null && s.expiry() != null && !now.isBefore(s.expiry())) {
            int rank = rank(s.tier());
            Tier next = downgrade == Downgrade.balance_based ? reached
                    : points.compareTo(levels.get(rank).minPoints()) >= 0 ? levels.get(rank)
                    : rank > 0 ? levels.get(rank - 1) : null;
            if (next == null) {
                s = Standing.NONE;
            } else if (next.name().equals(s.tier())) {
                Instant since = lastExpiryBefore(s.expiry(), joined, now);
                s = new Standing(next.name(), since, expiryAfter(since, joined));
            } else {
                s = new Standing(next.name(), s.expiry(), expiryAfter(s.expiry(), joined));
            }
        }
        if (reached != null && rank(reached.name()) > rank(s.tier())) {
            s = new Standing(reached.name(), now, expiryAfter(now, joined));
        }
        return s;
    }

    /** When a tier entered at {@code since} expires. */
    Instant expiryAfter(Instant since, Instant joined) {
        return expiration == Expiration.tier_start_date ? plus(since, expireIn, 1) : firstAfter(origin(joined), since);
    }

    /** The last expiry, of a tier that keeps renewing from {@code expired}, that is not after {@code now}. */
    private Instant lastExpiryBefore(Instant expired, Instant joined, Instant now) {
        Instant origin = expiration == Expiration.tier_start_date ? expired : origin(joined);
        Instant next = firstAfter(origin, now);
        Instant last = plus(origin, expireIn, cycles(origin, next) - 1);
        return last.isBefore(expired) ? expired : last;
    }

    private Instant origin(Instant joined) {
        return expiration == Expiration.absolute_expiration ? cycleStart : joined;
    }

    /** The first of origin + k × expireIn (k ≥ 1) after {@code t}: from an estimate of k, then a step or two. */
    private Instant firstAfter(Instant origin, Instant t) {
        double days = expireIn.toTotalMonths() * 30.436875 + expireIn.getDays();
        long k = Math.max(1, (long) (java.time.Duration.between(origin, t).toSeconds() / (days * 86_400)) - 1);
        while (k > 1 && plus(origin, expireIn, k - 1).isAfter(t)) {
            k--;
        }
        while (!plus(origin, expireIn, k).isAfter(t)) {
            k++;
        }
        return plus(origin, expireIn, k);
    }

    /** k such that origin + k × expireIn is {@code end}. */
    private long cycles(Instant origin, Instant end) {
        double days = expireIn.toTotalMonths() * 30.436875 + expireIn.getDays();
        long k = Math.max(1, Math.round(java.time.Duration.between(origin, end).toSeconds() / (days * 86_400)));
        while (k > 1 && !plus(origin, expireIn, k).equals(end) && plus(origin, expireIn, k).isAfter(end)) {
            k--;
        }
        while (plus(origin, expireIn, k).isBefore(end)) {
            k++;
        }
        return k;
    }

    private static Instant plus(Instant instant, Period period, long times) {
        return instant.atOffset(ZoneOffset.UTC).plusMonths(period.toTotalMonths() * times).plusDays(period.getDays() * times).toInstant();
    }
}
