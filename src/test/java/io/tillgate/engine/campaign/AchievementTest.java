package io.tillgate.engine.campaign;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a customer stands in an achievement, and when its periods end: pure, no database. */
class AchievementTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant NOW = Instant.parse("2026-03-11T15:30:00Z"); // a Wednesday
    private static final BigDecimal TEN = new BigDecimal("10.00");

    private static AchievementPeriod period(String text) {
        List<String> problems = new ArrayList<>();
        AchievementPeriod period = AchievementPeriod.parse(text, problems::add).orElse(null);
        assertThat(problems).as(text).isEmpty();
        return period;
    }

    private static Achievement achievement(String period, Achievement.Recurrence recurrence, Achievement.Activation activation,
                                           Instant start, Instant end) {
        return new Achievement("A", "a", "", TEN, period == null ? null : period(period), recurrence, activation, start, end, false);
    }

    private static Achievement.Tracker tracker(String progress, boolean completed, Instant start, Instant end) {
        return new Achievement.Tracker(7, new BigDecimal(progress), TEN, completed, start, end, completed ? start : null);
    }

    @Test
    void periodsEndByTheCalendarAndRoundAsWritten() {
        assertThat(period("30s").end(NOW, UTC)).isEqualTo("2026-03-11T15:30:30Z");
        assertThat(period("5D").end(NOW, UTC)).isEqualTo("2026-03-16T15:30:00Z");
        assertThat(period("5D_D").end(NOW, UTC)).isEqualTo("2026-03-16T00:00:00Z");
        assertThat(period("5D_U").end(NOW, UTC)).isEqualTo("2026-03-17T00:00:00Z");
        assertThat(period("1W_U").end(NOW, UTC)).isEqualTo("2026-03-23T00:00:00Z"); // the 18th is a Wednesday: to Monday
        assertThat(period("3M_U").end(NOW, UTC)).isEqualTo("2026-07-01T00:00:00Z");
        assertThat(period("1Y_U").end(NOW, UTC)).isEqualTo("2028-01-01T00:00:00Z");
        // a month in New York's time zone: midnight there, after the change to summer time
        assertThat(period("1M_U").end(NOW, ZoneId.of("America/New_York"))).isEqualTo("2026-05-01T04:00:00Z");
        for (String wrong : List.of("0D", "1.5D", "2h_U", "3W_D", "10000Y", "D", "1d")) {
            List<String> problems = new ArrayList<>();
            assertThat(AchievementPeriod.parse(wrong, problems::add)).as(wrong).isEmpty();
            assertThat(problems).as(wrong).hasSize(1);
        }
    }

    @Test
    void aFixedScheduleRunsInPeriodsFromItsStart() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(period("1M").windowAt(first, NOW, UTC)).contains(
                new AchievementPeriod.Window(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z")));
        assertThat(period("7h").windowAt(first, NOW, UTC)).contains(
                new AchievementPeriod.Window(Instant.parse("2026-03-11T10:00:00Z"), Instant.parse("2026-03-11T17:00:00Z")));
        assertThat(period("1M").windowAt(NOW, first, UTC)).isEmpty();
        // rounded: the first period to the end of its day, week, month or year; then whole ones, never twice as long
        assertThat(period("1D_U").windowAt(Instant.parse("2026-03-01T10:00:00Z"), NOW, UTC)).contains(
                new AchievementPeriod.Window(Instant.parse("2026-03-11T00:00:00Z"), Instant.parse("2026-03-12T00:00:00Z")));
        assertThat(period("1W_U").windowAt(Instant.parse("2026-03-02T00:00:00Z"), NOW, UTC)).contains( // from a Monday
                new AchievementPeriod.Window(Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-16T00:00:00Z")));
        assertThat(period("1M_U").windowAt(first, NOW, UTC)).contains(
                new AchievementPeriod.Window(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z")));
        assertThat(period("1M_U").end(Instant.parse("2026-03-01T00:00:00Z"), UTC)).isEqualTo("2026-04-01T00:00:00Z");
        // a daily schedule from 2000 is found at once, and exactly, across every change of summer time in New York
        ZoneId newYork = ZoneId.of("America/New_York");
        assertThat(period("1D").windowAt(Instant.parse("2000-01-01T05:00:00Z"), NOW, newYork)).contains(
                new AchievementPeriod.Window(Instant.parse("2026-03-11T04:00:00Z"), Instant.parse("2026-03-12T04:00:00Z")));
        assertThat(period("7s").windowAt(Instant.parse("2000-01-01T00:00:00Z"), NOW, UTC).orElseThrow().end())
                .isAfter(NOW).isBeforeOrEqualTo(NOW.plusSeconds(7));

        Achievement monthly = achievement("1M", Achievement.Recurrence.on_expiration, Achievement.Activation.fixed_schedule, first, null);
        Achievement.Standing fresh = monthly.standing(null, NOW, UTC);
        assertThat(fresh.status()).isEqualTo(Achievement.Standing.Status.not_started);
        assertThat(fresh.window().start()).isEqualTo("2026-03-01T00:00:00Z");
        // one-time: only the first month counts
        Achievement once = achievement("1M", Achievement.Recurrence.no_recurrence, Achievement.Activation.fixed_schedule, first, null);
        assertThat(once.standing(null, NOW, UTC).open()).isFalse();
        assertThat(once.standing(null, NOW, UTC).status()).isEqualTo(Achievement.Standing.Status.expired);
        assertThat(once.standing(null, Instant.parse("2025-12-31T00:00:00Z"), UTC).status())
                .isEqualTo(Achievement.Standing.Status.not_started);
        assertThat(once.standing(null, Instant.parse("2025-12-31T00:00:00Z"), UTC).open()).isFalse();
    }

    @Test
    void recurrenceDecidesWhatFollowsACompletedOrExpiredTracker() {
        Instant started = NOW.minusSeconds(86_400);
        Instant ended = NOW.minusSeconds(60);
        Achievement.Tracker running = tracker("4.00", false, started, null);
        Achievement.Tracker completed = tracker("10.00", true, started, NOW.plusSeconds(3600));
        Achievement.Tracker lapsed = tracker("4.00", false, started, ended);

        Achievement onCompletion = achievement(null, Achievement.Recurrence.on_completion, Achievement.Activation.user_action, null, null);
        assertThat(onCompletion.standing(running, NOW, UTC).tracker()).isEqualTo(running);
        assertThat(onCompletion.standing(running, NOW, UTC).progress()).isEqualByComparingTo("4");
        Achievement.Standing again = onCompletion.standing(completed, NOW, UTC);
        assertThat(again.status()).isEqualTo(Achievement.Standing.Status.not_started);
        assertThat(again.window()).isEqualTo(new AchievementPeriod.Window(NOW, null));

        Achievement onExpiration = achievement("2D", Achievement.Recurrence.on_expiration, Achievement.Activation.user_action, null, null);
        assertThat(onExpiration.standing(completed, NOW, UTC).open()).isFalse(); // completed until its period ends
        assertThat(onExpiration.standing(completed, NOW.plusSeconds(7200), UTC).window())
                .isEqualTo(new AchievementPeriod.Window(NOW.plusSeconds(7200), NOW.plusSeconds(7200 + 2 * 86_400)));
        assertThat(onExpiration.standing(lapsed, NOW, UTC).status()).isEqualTo(Achievement.Standing.Status.not_started);

        Achievement oneTime = achievement("2D", Achievement.Recurrence.no_recurrence, Achievement.Activation.user_action, null, null);
        assertThat(oneTime.standing(lapsed, NOW, UTC).status()).isEqualTo(Achievement.Standing.Status.expired);
        assertThat(oneTime.standing(lapsed, NOW, UTC).progress()).isEqualByComparingTo("4");
        assertThat(oneTime.standing(completed, NOW.plusSeconds(7200), UTC).status()).isEqualTo(Achievement.Standing.Status.completed);
        assertThat(oneTime.standing(null, NOW, UTC).window().end()).isEqualTo(NOW.plusSeconds(2 * 86_400));

        Achievement over = achievement(null, Achievement.Recurrence.on_completion, Achievement.Activation.user_action, null, ended);
        assertThat(over.standing(running, NOW, UTC).open()).isFalse();
        assertThat(over.standing(null, NOW, UTC).status()).isEqualTo(Achievement.Standing.Status.expired);
    }
}
