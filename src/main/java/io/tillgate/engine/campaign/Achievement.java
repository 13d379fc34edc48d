package io.tillgate.engine.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

/**
 * An achievement a campaign declares (Talon.One's Achievement): a target a customer's progress must reach, within a
 * period, and what happens after. Rules make progress with {@code increaseAchievementProgress}; conditions read it as
 * {@code profile.achievements.<name>}.
 *
 * @param period     null: progress never ends by time
 * @param startDate  with {@code fixed_schedule}: when the first period starts for everyone
 * @param endDate    null, or when the achievement stops taking progress
 */
public record Achievement(String name, String title, String description, BigDecimal target, AchievementPeriod period,
                          Recurrence recurrence, Activation activation, Instant startDate, Instant endDate,
                          boolean allowRollbackAfterCompletion) {

    public enum Recurrence { no_recurrence, on_expiration, on_completion }

    public enum Activation { user_action, fixed_schedule }

    /** A tracker of progress as stored: its progress, target, whether it is completed, and its period. */
    public record Tracker(long id, BigDecimal progress, BigDecimal target, boolean completed, Instant start, Instant end,
                          Instant completionDate) {
        /** Whether progress still goes to this tracker at {@code now}: not completed, its period not over. */
        public boolean runningAt(Instant now) {
            return !completed && (end == null || now.isBefore(end));
        }
    }

    /**
     * Where a customer stands in the achievement at {@code now}, given their latest tracker (null: none yet): the
     * tracker that progress adds to, or the period a new one would have, or why no progress can be made.
     */
    public Standing standing(Tracker latest, Instant now, ZoneId zone) {
        boolean ended = endDate != null && !now.isBefore(endDate);
        if (latest != null && latest.runningAt(now) && !ended) {
            return new Standing(Standing.Status.inprogress, latest.progress(), latest.target(), latest, null);
        }
        if (latest != null && (recurrence == Recurrence.no_recurrence || ended
                || latest.completed() && recurrence == Recurrence.on_expiration && (latest.end() == null || now.isBefore(latest.end())))) {
            // one-time, over, or completed and waiting for its period to end: nothing more until then
            return new Standing(latest.completed() ? Standing.Status.completed : Standing.Status.expired,
                    latest.progress(), latest.target(), null, null);
        }
        if (ended) {
            return new Standing(Standing.Status.expired, BigDecimal.ZERO, target, null, null);
        }
        AchievementPeriod.Window window = newWindow(now, zone);
        if (window == null) {
            // before a fixed schedule starts, or a one-time fixed schedule whose only period is over
            boolean scheduled = startDate != null && now.isBefore(startDate);
            return new Standing(scheduled ? Standing.Status.not_started : Standing.Status.expired, BigDecimal.ZERO, target,
                    null, null);
        }
        return new Standing(Standing.Status.not_started, BigDecimal.ZERO, target, null, window);
    }

    /** The period a tracker started now would have; null when none may start now. */
    private AchievementPeriod.Window newWindow(Instant now, ZoneId zone) {
        if (activation == Activation.user_action) {
            return new AchievementPeriod.Window(now, period == null ? null : period.end(now, zone));
        }
        if (now.isBefore(startDate)) {
            return null;
        }
        if (period == null) {
            return new AchievementPeriod.Window(startDate, null);
        }
        AchievementPeriod.Window window = period.windowAt(startDate, now, zone).orElseThrow();
        boolean firstPeriod = window.start().equals(startDate);
        return recurrence == Recurrence.no_recurrence && !firstPeriod ? null : window;
    }

    /**
     * A customer's standing. {@code tracker}: the running tracker progress adds to; {@code window}: otherwise the period
     * of the tracker the first progress starts; neither: no progress can be made now.
     */
    public record Standing(Status status, BigDecimal progress, BigDecimal target, Tracker tracker,
                           AchievementPeriod.Window window) {
        public enum Status { inprogress, completed, expired, not_started }

        public boolean open() {
            return tracker != null || window != null;
        }
    }
}
