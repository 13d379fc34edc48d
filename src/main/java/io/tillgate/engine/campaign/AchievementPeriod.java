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
            ZonedDateTime day = end.truncatedTo(ChronoUnit.DAYS);
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
        Instant start = first;
        if (rounding == Rounding.NONE && "smh".indexOf(unit) >= 0) {
            // fixed lengths: straight to the period, however many have passed
            long length = Duration.between(first, end(first, zone)).toSeconds();
            long passed = Duration.between(first, now).toSeconds() / length;
            start = first.plusSeconds(passed * length);
        } else {
            // days and longer follow the calendar (a day of a change to summer time is shorter); at most one step per
            // period since the first, and a period is at least a day
            Instant end = end(start, zone);
            while (!now.isBefore(end)) {
                start = end;
                end = end(start, zone);
            }
            return Optional.of(new Window(start, end));
        }
        return Optional.of(new Window(start, end(start, zone)));
    }

    /** A period as a customer's progress runs in it: from {@code start} until {@code end} (null: no end). */
    public record Window(Instant start, Instant end) {
    }

    @Override
    public String toString() {
        return amount + String.valueOf(unit) + (rounding == Rounding.DOWN ? "_D" : rounding == Rounding.UP ? "_U" : "");
    }
}
