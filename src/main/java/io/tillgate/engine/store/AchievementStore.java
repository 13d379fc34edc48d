package io.tillgate.engine.store;

import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Achievements' ids, and customers' progress in them: one tracker per customer and period, the latest the current one.
 * Trackers change under their profile's lock (a session's close holds it), or in one statement (a rollback).
 */
@Repository
public class AchievementStore {
    private static final String TRACKER = """
            SELECT id, achievement_id, profile_id, progress, target, status, start_date, end_date, completion_date
              FROM engine_achievement_tracker
            """;
    private final JdbcClient jdbc;

    public AchievementStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An achievement's id: the campaign that declares its name, and when the name was first stored. */
    public record Id(long id, long applicationId, long campaignId, String name, Instant created) {
    }

    /** A tracker as stored, with its achievement and profile. */
    public record StoredTracker(long achievementId, String profileId, Achievement.Tracker tracker) {
    }

    public List<Id> ids() {
        return jdbc.sql("SELECT id, application_id, campaign_id, name, created FROM engine_achievement ORDER BY id")
                .query((rs, n) -> new Id(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), Timestamps.instant(rs, 5)))
                .list();
    }

    public Optional<Id> byName(long applicationId, String name) {
        return jdbc.sql("SELECT id, application_id, campaign_id, name, created FROM engine_achievement WHERE application_id = ? AND name = ?")
                .params(applicationId, name)
                .query((rs, n) -> new Id(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), Timestamps.instant(rs, 5)))
                .optional();
    }

    /**
     * Gives a campaign's achievement its id: the one its name has in the campaign, or a new one. The caller has checked
     * that no other campaign declares the name; an id another campaign had for it is retired with its progress, so that
     * the new achievement starts from nothing.
     */
    public void assign(long applicationId, long campaignId, String name, Instant now) {
        Optional<Id> known = byName(applicationId, name);
        if (known.isPresent() && known.get().campaignId() == campaignId) {
            return;
        }
        known.ifPresent(old -> jdbc.sql("UPDATE engine_achievement SET name = ? WHERE id = ?")
                .params(name + "#" + old.id(), old.id()).update());
        jdbc.sql("INSERT INTO engine_achievement (application_id, campaign_id, name, created) VALUES (?, ?, ?, ?)")
                .params(applicationId, campaignId, name, Timestamps.utc(now)).update();
    }

    /** The profile's latest tracker of each achievement it has made progress in, by achievement id. */
    public Map<Long, Achievement.Tracker> latest(long applicationId, String profileId) {
        Map<Long, Achievement.Tracker> latest = new HashMap<>();
        jdbc.sql(TRACKER + """
                         WHERE id IN (SELECT MAX(id) FROM engine_achievement_tracker
                                       WHERE application_id = ? AND profile_id = ? AND NOT superseded GROUP BY achievement_id)""")
                .params(applicationId, profileId)
                .query(AchievementStore::stored).list()
                .forEach(t -> latest.put(t.achievementId(), t.tracker()));
        return latest;
    }

    /** Whether any customer has made progress in the achievement. */
    public boolean hasProgress(long achievementId) {
        return jdbc.sql("SELECT COUNT(*) FROM engine_achievement_tracker WHERE achievement_id = ?").param(achievementId)
                .query(Long.class).single() > 0;
    }

    /** The profile's trackers of an achievement, oldest first. */
    public List<Achievement.Tracker> history(long applicationId, String profileId, long achievementId) {
        return jdbc.sql(TRACKER + " WHERE application_id = ? AND profile_id = ? AND achievement_id = ? ORDER BY id")
                .params(applicationId, profileId, achievementId)
                .query(AchievementStore::stored).list().stream().map(StoredTracker::tracker).toList();
    }

    /** Starts a tracker with its first progress; returns its id. */
    public long start(long applicationId, long achievementId, String profileId, BigDecimal progress, BigDecimal target,
                      Instant start, Instant end, boolean allowRollbackAfterCompletion, Instant now) {
        boolean completed = progress.compareTo(target) >= 0;
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO engine_achievement_tracker (achievement_id, application_id, profile_id, progress, target, status,
                                                                start_date, end_date, completion_date, allow_rollback_after_completion)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(achievementId, applicationId, profileId, progress.min(target), target,
                        completed ? "completed" : "inprogress", Timestamps.utc(start), Timestamps.utc(end),
                        completed ? Timestamps.utc(now) : null, allowRollbackAfterCompletion)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Adds progress to a tracker, up to its target; reaching it completes the tracker. */
    public void add(long trackerId, BigDecimal delta, Instant now) {
        jdbc.sql("""
                        UPDATE engine_achievement_tracker
                           SET progress = LEAST(progress + ?, target),
                               completion_date = CASE WHEN status = 'inprogress' AND progress + ? >= target THEN ? ELSE completion_date END,
                               status = CASE WHEN progress + ? >= target THEN 'completed' ELSE status END
                         WHERE id = ?""")
                .params(delta, delta, Timestamps.utc(now), delta, trackerId).update();
    }

    /** What a rollback did to a tracker: by how much it went down, and where it stands. */
    public record Decrease(BigDecimal by, BigDecimal progress, BigDecimal target) {
    }

    /**
     * Takes progress back from a tracker, down to nothing at most: a completed tracker only where its achievement allows
     * it ({@code allowAfterCompletion}; null: as it did when the tracker started, for an achievement no campaign
     * declares any more), and it is then in progress again. Empty when nothing was taken back.
     */
    public Optional<Decrease> takeBack(long trackerId, BigDecimal amount, Boolean allowAfterCompletion) {
        List<BigDecimal[]> before = jdbc.sql("SELECT progress, target FROM engine_achievement_tracker WHERE id = ?"
                        + " AND (status = 'inprogress' OR " + (allowAfterCompletion == null ? "allow_rollback_after_completion"
                        : allowAfterCompletion ? "TRUE" : "FALSE") + ") FOR UPDATE")
                .param(trackerId)
                .query((rs, n) -> new BigDecimal[]{rs.getBigDecimal(1), rs.getBigDecimal(2)}).list();
        if (before.isEmpty() || before.get(0)[0].signum() == 0) {
            return Optional.empty();
        }
        BigDecimal by = amount.min(before.get(0)[0]);
        BigDecimal progress = before.get(0)[0].subtract(by);
        jdbc.sql("""
                        UPDATE engine_achievement_tracker
                           SET progress = ?,
                               status = CASE WHEN ? < target THEN 'inprogress' ELSE status END,
                               completion_date = CASE WHEN ? < target THEN NULL ELSE completion_date END
                         WHERE id = ?""")
                .params(progress, progress, progress, trackerId).update();
        return Optional.of(new Decrease(by, progress, before.get(0)[1]));
    }

    /** Retires the names of a deleted campaign's achievements: a campaign that declares one later starts it afresh. */
    public void retire(long applicationId, long campaignId) {
        jdbc.sql("UPDATE engine_achievement SET name = name || '#' || CAST(id AS VARCHAR(20)) WHERE application_id = ? AND campaign_id = ?"
                        + " AND name NOT LIKE '%#%'")
                .params(applicationId, campaignId).update();
    }

    /**
     * Moves a profile's trackers to another (a merge, an erasure); returns how many moved. In an achievement both have
     * progress in, the other's current tracker stands unless its period ran out uncompleted and the moved profile's
     * runs: then that one carries on. The trackers that do not stand are kept as history.
     */
    public int moveProfile(long applicationId, String from, String to, Instant now) {
        Map<Long, Achievement.Tracker> kept = latest(applicationId, to);
        for (Map.Entry<Long, Achievement.Tracker> moving : latest(applicationId, from).entrySet()) {
            Achievement.Tracker other = kept.get(moving.getKey());
            if (other == null) {
                continue;
            }
            // a completed one stands (a one-time achievement stays done); one whose period ran out gives way
            String loser = !other.completed() && !other.runningAt(now) && moving.getValue().runningAt(now) ? to : from;
            jdbc.sql("UPDATE engine_achievement_tracker SET superseded = TRUE WHERE application_id = ? AND profile_id = ? AND achievement_id = ?")
                    .params(applicationId, loser, moving.getKey()).update();
        }
        return jdbc.sql("UPDATE engine_achievement_tracker SET profile_id = ? WHERE application_id = ? AND profile_id = ?")
                .params(to, applicationId, from).update();
    }

    private static StoredTracker stored(ResultSet rs, int n) throws SQLException {
        return new StoredTracker(rs.getLong("achievement_id"), rs.getString("profile_id"), new Achievement.Tracker(rs.getLong("id"),
                rs.getBigDecimal("progress"), rs.getBigDecimal("target"), "completed".equals(rs.getString("status")),
                Timestamps.instant(rs, "start_date"), Timestamps.instant(rs, "end_date"), Timestamps.instant(rs, "completion_date")));
    }
}
