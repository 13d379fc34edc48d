package io.tillgate.engine.campaign;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an achievement's period lasts, as Talon.One writes it: a whole number and a unit ({@code 30s}, {@code 40m},
 * {@code 1h}, {@code 5D}, {@code 7W}, {@code 10M}, {@code 15Y}), optionally rounded: {@code _D} ends a period of days
 * at the start of its last day, {@code _U} at the end of the day, week (ISO, Monday first), month or year it falls
 * in. Calendar units follow the application's time zone.
 */
public record AchievementPeriod(long amount, char unit, Rounding rounding) {
    /** Longer periods would end past what a timestamp column holds. */
    static final long MAX_AMOUNT = 1000;
    private static final Pattern TEXT = Pattern.compile("([1-9][0-9]{0,3})([smhDWMY])(_D|_U)?");

    public enum Rounding { NONE, DOWN, UP }

    /** The period, or empty with {@code problem} told why the text is not one. */
    public static Optional<AchievementPeriod> parse(String text, java.util.function.Consumer<String> problem) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            problem.accept("'" + text + "' is not a period: a whole number from 1 to " + MAX_AMOUNT
                    + " and one of s, m, h, D, W, M, Y, optionally followed by _D or _U (30D, 1Y, 23W_U)");
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        char unit = m.group(2).charAt(0);
        Rounding rounding = m.group(3) == null ? Rounding.NONE : m.group(3).equals("_D") ? Rounding.DOWN : Rounding.UP;
        if (amount > MAX_AMOUNT) {
            problem.accept("a period is at most " + MAX_AMOUNT + " units long");
            return Optional.empty();
        }
        if (rounding == Rounding.DOWN && unit != 'D' || rounding == Rounding.UP && "smh".indexOf(unit) >= 0) {
            problem.accept("_D rounds periods of days only, _U periods of days, weeks, months or years");
            return Optional.empty();
        }
        return Optional.of(new AchievementPeriod(amount, unit, rounding));
    }

    /** The instant a period that starts at {@code start} ends (the first instant it no longer counts). */
    public Instant end(Instant start, ZoneId zone) {
        ZonedDateTime at = start.atZone(zone);
        ZonedDateTime end = switch (unit) {
            case 's' -> at.plusSeconds(amount);
            case 'm' -> at.plusMinutes(amount);
            case 'h' -> at.plusHours(amount);
            case 'D' -> at.plusDays(amount);
            case 'W' -> at.plusWeeks(amount);
            case 'M' -> at.plusMonths(amount);
            default -> at.plusYears(amount);
        };
        if (rounding == Rounding.DOWN) {
            end = end.truncatedTo(ChronoUnit.DAYS);
        } else if (rounding == Rounding.UP) {
            // the end of the day, week, month or year the period's last instant falls in: a period that ends on such an
            // end already stays there
            ZonedDateTime day = end.minusNanos(1).truncatedTo(ChronoUnit.DAYS);
            end = switch (unit) {
                case 'D' -> day.plusDays(1);
                case 'W' -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(1);
                case 'M' -> day.withDayOfMonth(1).plusMonths(1);
                default -> day.withDayOfYear(1).plusYears(1);
            };
        }
        return end.toInstant();
    }

    /**
     * The period of a fixed schedule that {@code now} falls in: periods follow each other from {@code first}. Empty
     * before {@code first}.
     */
    public Optional<Window> windowAt(Instant first, Instant now, ZoneId zone) {
        if (now.isBefore(first)) {
            return Optional.empty();
        }
        Instant firstEnd = end(first, zone);
        if (now.isBefore(firstEnd)) {
            return Optional.of(new Window(first, firstEnd));
        }
        // after the first, periods follow each other a whole number of units from an anchor: the start for periods as
        // written, the first one's end for rounded ones (which then start on a day's, week's, month's or year's start).
        // The count of periods since is estimated by an average unit's length, then stepped to exactly
        ZonedDateTime anchor = (rounding == Rounding.NONE ? first : firstEnd).atZone(zone);
        long periods = Math.max(0, Duration.between(anchor.toInstant(), now).toSeconds() / (amount * averageSeconds()) - 1);
        while (periods > 0 && now.isBefore(plus(anchor, periods))) {
            periods--;
        }
        while (!now.isBefore(plus(anchor, periods + 1))) {
            periods++;
        }
        return Optional.of(new Window(plus(anchor, periods), plus(anchor, periods + 1)));
    }

    /** {@code anchor} plus {@code periods} of this period's length. */
    private Instant plus(ZonedDateTime anchor, long periods) {
        return anchor.plus(periods * amount, chronoUnit()).toInstant();
    }

    private ChronoUnit chronoUnit() {
        return switch (unit) {
            case 's' -> ChronoUnit.SECONDS;
            case 'm' -> ChronoUnit.MINUTES;
            case 'h' -> ChronoUnit.HOURS;
            case 'D' -> ChronoUnit.DAYS;
            case 'W' -> ChronoUnit.WEEKS;
            case 'M' -> ChronoUnit.MONTHS;
            default -> ChronoUnit.YEARS;
        };
    }

    /** A unit's length on average, for the estimate only (a month's: a Gregorian year's twelfth, rounded down). */
    private long averageSeconds() {
        return switch (unit) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'D' -> 86_400;
            case 'W' -> 604_800;
            case 'M' -> 2_629_746;
            default -> 31_556_952;
        };
    }

    /** A period as a customer's progress runs in it: from {@code start} until {@code end} (null: no end). */
    public record Window(Instant start, Instant end) {
    }

    @Override
    public String toString() {
        return amount + String.valueOf(unit) + (rounding == Rounding.DOWN ? "_D" : rounding == Rounding.UP ? "_U" : "");
    }
}
