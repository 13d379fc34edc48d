package io.tillgate.engine.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;

/**
 * How often a budget starts again (Talon.One's limit {@code period}): never ({@code overall}, when a limit has none),
 * or every day, week (ISO: from Monday), month or year, in the application's time zone.
 */
public enum BudgetPeriod {
    overall, daily, weekly, monthly, yearly;

    /** How a counter's key of a period starts: the period's label, then {@code @} (see {@link Budget#key}). */
    static final java.util.regex.Pattern KEY_PREFIX = java.util.regex.Pattern.compile("("
            + String.join("|", java.util.Arrays.stream(values()).filter(p -> p != overall).map(Enum::name).toList())
            + "):[0-9W-]+@");

    /** Where the entity of a counter's key starts: after its period's label and {@code @}, or at 0 for a budget without a period. */
    public static int entityStart(String entityKey) {
        java.util.regex.Matcher periodic = KEY_PREFIX.matcher(entityKey);
        return periodic.lookingAt() ? periodic.end() : 0;
    }

    /** The period {@code at} falls in, in {@code zone}, as its counter is keyed: {@code daily:2026-03-01}. */
    public String label(Instant at, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(at, zone);
        String period = switch (this) {
            case overall -> "";
            case daily -> day.toString();
            case weekly -> day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case monthly -> YearMonth.from(day).toString();
            case yearly -> Integer.toString(day.getYear());
        };
        return this == overall ? "" : name() + ":" + period;
    }
}
