package io.tillgate.engine.loyalty;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A loyalty program as operators write it. Durations are ISO periods or Talon.One's short form:
 * {@code defaultPending: 14D} (or {@code immediate}), {@code defaultValidity: 12M} (or {@code unlimited}),
 * {@code returnWindow: 12M} (the default). Tiers as Talon.One's {@code NewLoyaltyTier}s, with
 * {@code tiersExpireIn}, {@code tiersExpirationPolicy}, {@code tiersDowngradePolicy} and {@code tierCycleStartDate}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoyaltyProgramDocument(Long id, String name, String title, String description, String defaultPending,
                                     String defaultValidity, String returnPolicy, String returnWindow, List<TierDocument> tiers,
                                     String tiersExpireIn, String tiersExpirationPolicy, String tiersDowngradePolicy,
                                     Instant tierCycleStartDate, Boolean cardBased, Integer usersPerCardLimit,
                                     CodeSettings cardCodeSettings) {
    /** What a tier name may be as long as (a profile's tier is kept with its account). */
    public static final int MAX_TIER_NAME = 200;
    public static final int MAX_TIERS = 100;

    /** Talon.One's {@code CodeGeneratorSettings}: the characters a card code's {@code #} is drawn from, and the pattern. */
    public record CodeSettings(List<String> validCharacters, String couponPattern) {
    }

    /** A tier as written: its name and the active points that enter it. */
    public record TierDocument(String name, BigDecimal minPoints) {
    }

    public LoyaltyProgramDocument(Long id, String name, String title, String defaultPending, String defaultValidity,
                                  String returnPolicy, String returnWindow) {
        this(id, name, title, null, defaultPending, defaultValidity, returnPolicy, returnWindow, null, null, null, null, null, null,
                null, null);
    }

    public LoyaltyProgram compile(long id) {
        ReturnPolicy policy;
        try {
            policy = returnPolicy == null ? ReturnPolicy.only_pending : ReturnPolicy.valueOf(returnPolicy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("returnPolicy is one of only_pending, within_balance, unlimited, not '" + returnPolicy + "'");
        }
        return new LoyaltyProgram(id, name == null ? "program-" + id : name, title == null ? name : title,
                period("defaultPending", defaultPending, Period.ZERO), period("defaultValidity", defaultValidity, null), policy,
                period("returnWindow", returnWindow, Period.ofMonths(12)), compileTiers(), compileCards());
    }

    /** A card-based program's cards; null for a profile-based one. */
    private Cards compileCards() {
        if (!Boolean.TRUE.equals(cardBased)) {
            if (usersPerCardLimit != null || cardCodeSettings != null) {
                throw new IllegalArgumentException("usersPerCardLimit and cardCodeSettings need cardBased: true");
            }
            return null;
        }
        if (tiers != null && !tiers.isEmpty()) {
            throw new IllegalArgumentException("tiers of a card-based program are not supported yet");
        }
        int limit = usersPerCardLimit == null ? 0 : usersPerCardLimit; // a fraction is refused where the body is read
        if (limit < 0) {
            throw new IllegalArgumentException("usersPerCardLimit is a whole number ≥ 0 (0: unlimited)");
        }
        return cards(limit, cardCodeSettings);
    }

    /** The cards a program or a batch makes: the code settings checked, the defaults where they say nothing. */
    public static Cards cards(int limit, CodeSettings settings) {
        List<String> characters = settings == null || settings.validCharacters() == null
                ? Cards.DEFAULT_CHARACTERS : settings.validCharacters();
        String pattern = settings == null || settings.couponPattern() == null ? Cards.DEFAULT_PATTERN : settings.couponPattern();
        if (characters.isEmpty() || characters.size() > 62 || characters.stream().anyMatch(c -> c == null || !c.matches("[A-Za-z0-9]"))) {
            throw new IllegalArgumentException("cardCodeSettings.validCharacters is a list of single letters A-Z, a-z and digits");
        }
        if (pattern.length() > Cards.MAX_IDENTIFIER || pattern.chars().filter(c -> c == '#').count() < 6
                || !pattern.matches("[A-Za-z0-9#_-]+")) {
            throw new IllegalArgumentException("cardCodeSettings.couponPattern has at least six '#', letters, digits, '-' or '_',"
                    + " at most " + Cards.MAX_IDENTIFIER + " characters");
        }
        return new Cards(limit, List.copyOf(characters), pattern);
    }

    /** A duration of at most 100 years: dates past that are not written as RFC 3339, nor needed. */
    private static Period period(String field, String text, Period fallback) {
        Period period;
        try {
            period = LoyaltyProgram.period(text, fallback);
        } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(field + " is a duration (14D, 12M, 1Y, immediate, unlimited), not '" + text + "'");
        }
        if (period != null && (period.isNegative() || period.toTotalMonths() > 1200 || period.getDays() > 36_600)) {
            throw new IllegalArgumentException(field + " is a duration of at most 100 years (1200M, 36600D), not '" + text + "'");
        }
        return period;
    }

    private Tiers compileTiers() {
        if (tiers == null || tiers.isEmpty()) {
            if (tiersExpireIn != null || tiersExpirationPolicy != null || tiersDowngradePolicy != null || tierCycleStartDate != null) {
                throw new IllegalArgumentException("tiersExpireIn, tiersExpirationPolicy, tiersDowngradePolicy and tierCycleStartDate"
                        + " need tiers");
            }
            return Tiers.NONE;
        }
        if (tiers.size() > MAX_TIERS) {
            throw new IllegalArgumentException("tiers: at most " + MAX_TIERS);
        }
        List<Tiers.Tier> levels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tiers.size(); i++) {
            TierDocument t = tiers.get(i);
            if (t == null || t.name() == null || t.name().isBlank() || t.name().length() > MAX_TIER_NAME) {
                throw new IllegalArgumentException("tiers[" + i + "].name is 1 to " + MAX_TIER_NAME + " characters");
            }
            if (t.minPoints() == null || t.minPoints().signum() < 0 || t.minPoints().scale() > 2
                    || t.minPoints().compareTo(new BigDecimal("1e15")) >= 0) {
                throw new IllegalArgumentException("tiers[" + i + "].minPoints is a number of points ≥ 0, to the hundredth");
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tiers[" + i + "].name '" + t.name() + "' is taken by another tier");
            }
            if (i > 0 && t.minPoints().compareTo(tiers.get(i - 1).minPoints()) <= 0) {
                throw new IllegalArgumentException("tiers[" + i + "].minPoints: tiers are listed lowest first, each above the one before");
            }
            levels.add(new Tiers.Tier(t.name(), t.minPoints()));
        }
        Period expireIn = tiersExpireIn == null ? null : period("tiersExpireIn", tiersExpireIn, null);
        if (tiersExpireIn != null && (expireIn == null || expireIn.isZero())) { // too long or negative: period() said so
            throw new IllegalArgumentException("tiersExpireIn is a duration from 1D to 100Y (12M, 1Y, 30D), not '" + tiersExpireIn + "'");
        }
        if (tierCycleStartDate != null && (tierCycleStartDate.isBefore(Instant.parse("1970-01-01T00:00:00Z"))
                || tierCycleStartDate.isAfter(Instant.parse("9999-01-01T00:00:00Z")))) {
            throw new IllegalArgumentException("tierCycleStartDate is from 1970 to 9999");
        }
        Tiers.Expiration expiration = Tiers.Expiration.tier_start_date;
        if (tiersExpirationPolicy != null) {
            if (tiersExpirationPolicy.equals("customer_attribute")) {
                throw new IllegalArgumentException("tiersExpirationPolicy customer_attribute is not supported yet");
            }
            try {
                expiration = Tiers.Expiration.valueOf(tiersExpirationPolicy);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tiersExpirationPolicy is tier_start_date, program_join_date or absolute_expiration");
            }
        }
        Tiers.Downgrade downgrade = Tiers.Downgrade.one_down;
        if (tiersDowngradePolicy != null) {
            try {
                downgrade = Tiers.Downgrade.valueOf(tiersDowngradePolicy);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tiersDowngradePolicy is one_down or balance_based");
            }
        }
        if (expireIn == null && (tiersExpirationPolicy != null || tiersDowngradePolicy != null || tierCycleStartDate != null)) {
            throw new IllegalArgumentException("tiersExpirationPolicy, tiersDowngradePolicy and tierCycleStartDate need tiersExpireIn:"
                    + " without it a tier follows the balance");
        }
        if ((expiration == Tiers.Expiration.absolute_expiration) != (tierCycleStartDate != null)) {
            throw new IllegalArgumentException("tierCycleStartDate is given with tiersExpirationPolicy absolute_expiration, and only then");
        }
        return new Tiers(List.copyOf(levels), expireIn, expiration, downgrade, tierCycleStartDate);
    }
}
