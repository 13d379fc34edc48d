package io.tillgate.engine.store;

import io.tillgate.engine.sql.Dialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves what the engine keeps under one profile id to another: the profile's sessions, the coupons made out to it, the
 * referral codes it advocates, is the friend of or used, and its budget counters (within an application), and its points in every program and its links to loyalty cards
 * (loyalty is the deployment's, as its programs are). A merge moves them to the profile the customer is known by; an erasure to an anonymous id. The caller
 * holds both profiles, and calls within its transaction.
 */
@Repository
public class ProfileTransfer {
    /** A budget period's label in a counter's key ({@code BudgetPeriod}): daily:2026-03-01, weekly:2026-W09, … */
    private static final java.util.regex.Pattern PERIOD_LABEL =
            java.util.regex.Pattern.compile("(daily|weekly|monthly|yearly):[0-9]{4}(-W?[0-9]{2}(-[0-9]{2})?)?");
    private final JdbcClient jdbc;
    private final LoyaltyStore loyalty;
    private final String insertCounter;
    private final AchievementStore achievements;
    private final AudienceStore audiences;
    private final GiveawayStore giveaways;

    public ProfileTransfer(JdbcClient jdbc, Dialect dialect, LoyaltyStore loyalty, AchievementStore achievements,
                           AudienceStore audiences, GiveawayStore giveaways) {
        this.jdbc = jdbc;
        this.giveaways = giveaways;
        this.audiences = audiences;
        this.achievements = achievements;
        this.loyalty = loyalty;
        this.insertCounter = dialect.insertIgnore("engine_budget", new String[]{"campaign_id", "action", "entity_key", "counter"},
                new String[]{"campaign_id", "action", "entity_key"});
    }

    /** How many of each kind of record moved, by kind: what an audit keeps. */
    public Map<String, Integer> transfer(long applicationId, String from, String to, Instant now) {
        Map<String, Integer> moved = new LinkedHashMap<>();
        moved.put("sessions", jdbc.sql("UPDATE engine_session SET profile_id = ? WHERE application_id = ? AND profile_id = ?")
                .params(to, applicationId, from).update());
        moved.put("coupons", jdbc.sql("UPDATE engine_coupon SET recipient = ? WHERE application_id = ? AND recipient = ?")
                .params(to, applicationId, from).update());
        // the referral codes it advocates or is the friend of, and its uses of others' codes
        moved.put("referrals", jdbc.sql("UPDATE engine_referral SET advocate = ? WHERE application_id = ? AND advocate = ?")
                .params(to, applicationId, from).update()
                + jdbc.sql("UPDATE engine_referral SET friend = ? WHERE application_id = ? AND friend = ?")
                .params(to, applicationId, from).update());
        moved.put("referralUses", jdbc.sql("UPDATE engine_referral_use SET profile_id = ? WHERE profile_id = ?"
                        + " AND referral_id IN (SELECT id FROM engine_referral WHERE application_id = ?)")
                .params(to, from, applicationId).update());
        moved.put("budgetCounters", budgets(applicationId, from, to));
        moved.put("loyaltyPrograms", loyalty(from, to, now));
        moved.put("achievementTrackers", achievements.moveProfile(applicationId, from, to, now));
        // memberships are the deployment's, as points are: the first application's merge moves them
        moved.put("audienceMemberships", audiences.moveProfile(from, to));
        moved.put("giveaways", giveaways.moveProfile(from, to));
        // the cards linked to both stay linked once; the others follow the profile
        jdbc.sql("""
                        DELETE FROM engine_loyalty_card_profile WHERE profile_id = ? AND EXISTS (
                          SELECT 1 FROM engine_loyalty_card_profile o WHERE o.program_id = engine_loyalty_card_profile.program_id
                             AND o.identifier = engine_loyalty_card_profile.identifier AND o.profile_id = ?)""")
                .params(from, to).update();
        moved.put("cardLinks", jdbc.sql("UPDATE engine_loyalty_card_profile SET profile_id = ? WHERE profile_id = ?")
                .params(to, from).update());
        return moved;
    }

    /**
     * Folds one profile into another: its sessions and sales counted, its attributes kept where the other has none, the
     * earlier creation and the later activity; it stays as a marker of where it went. Both exist, and the caller holds
     * them.
     */
    public void fold(long applicationId, String from, String into, com.fasterxml.jackson.databind.JsonNode attributes) {
        jdbc.sql("""
                        UPDATE engine_profile SET
                          closed_sessions = closed_sessions + (SELECT closed_sessions FROM engine_profile WHERE application_id = ? AND integration_id = ?),
                          total_sales = total_sales + (SELECT total_sales FROM engine_profile WHERE application_id = ? AND integration_id = ?),
                          created = LEAST(created, (SELECT created FROM engine_profile WHERE application_id = ? AND integration_id = ?)),
                          last_activity = GREATEST(last_activity, (SELECT last_activity FROM engine_profile WHERE application_id = ? AND integration_id = ?)),
                          attributes = ?
                         WHERE application_id = ? AND integration_id = ?""")
                .params(applicationId, from, applicationId, from, applicationId, from, applicationId, from,
                        io.tillgate.engine.json.Json.write(attributes), applicationId, into).update();
        // a marker, not a gap: what still names the profile finds where it went (ProfileStore.touch)
        jdbc.sql("UPDATE engine_profile SET merged_into = ?, attributes = '{}', closed_sessions = 0, total_sales = 0"
                        + " WHERE application_id = ? AND integration_id = ?")
                .params(into, applicationId, from).update();
        jdbc.sql("UPDATE engine_profile SET merged_into = ? WHERE application_id = ? AND merged_into = ?")
                .params(into, applicationId, from).update(); // what was merged into it earlier
    }

    /** A profile's counters, each added to the other profile's counter of the same budget and period. */
    private int budgets(long applicationId, String from, String to) {
        String own = "profile:" + from;
        record Counter(long campaignId, String action, String key, BigDecimal counter) {
        }
        // the key is the profile's alone, or a period's label then '@' and the profile's: an id may hold '@' and ':' too,
        // so a key only counts when what comes before its "@profile:<id>" is a period's label
        List<Counter> counters = jdbc.sql("""
                        SELECT b.campaign_id, b.action, b.entity_key, b.counter FROM engine_budget b
                          JOIN engine_campaign c ON c.id = b.campaign_id AND c.application_id = ?
                         WHERE b.entity_key = ? OR b.entity_key LIKE ? ESCAPE '!'""")
                .params(applicationId, own, "%@" + own.replace("!", "!!").replace("%", "!%").replace("_", "!_"))
                .query((rs, n) -> new Counter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4))).list()
                .stream().filter(c -> c.key().equals(own)
                        || PERIOD_LABEL.matcher(c.key().substring(0, c.key().length() - own.length() - 1)).matches())
                .toList();
        for (Counter c : counters) {
            String key = c.key().substring(0, c.key().length() - own.length()) + "profile:" + to;
            Dialect.insertIgnore(jdbc, insertCounter, c.campaignId(), c.action(), key, BigDecimal.ZERO);
            jdbc.sql("UPDATE engine_budget SET counter = counter + ? WHERE campaign_id = ? AND action = ? AND entity_key = ?")
                    .params(c.counter(), c.campaignId(), c.action(), key).update();
            jdbc.sql("DELETE FROM engine_budget WHERE campaign_id = ? AND action = ? AND entity_key = ?")
                    .params(c.campaignId(), c.action(), c.key()).update();
        }
        return counters.size();
    }

    /**
     * A profile's points in each program: its additions, deductions and ledger, and its account's totals. How many
     * programs it had points in (an account is also made, empty, when a close merely reads a program's points).
     */
    private int loyalty(String from, String to, Instant now) {
        int withPoints = jdbc.sql("SELECT COUNT(DISTINCT program_id) FROM engine_loyalty_ledger WHERE profile_id = ?")
                .param(from).query(Integer.class).single();
        List<Long> programs = jdbc.sql("SELECT program_id FROM engine_loyalty_account WHERE profile_id = ? ORDER BY program_id")
                .param(from).query(Long.class).list();
        for (long program : programs) {
            loyalty.lockAccount(program, from, now);
            loyalty.lockAccount(program, to, now);
            for (String table : List.of("engine_loyalty_points", "engine_loyalty_deduction", "engine_loyalty_ledger")) {
                jdbc.sql("UPDATE " + table + " SET profile_id = ? WHERE program_id = ? AND profile_id = ?").params(to, program, from).update();
            }
            jdbc.sql("""
                            UPDATE engine_loyalty_account SET
                              spent_points = spent_points + (SELECT spent_points FROM engine_loyalty_account WHERE program_id = ? AND profile_id = ?),
                              negative_points = negative_points + (SELECT negative_points FROM engine_loyalty_account WHERE program_id = ? AND profile_id = ?),
                              joined = LEAST(joined, (SELECT joined FROM engine_loyalty_account WHERE program_id = ? AND profile_id = ?))
                             WHERE program_id = ? AND profile_id = ?""")
                    .params(program, from, program, from, program, from, program, to).update();
            jdbc.sql("DELETE FROM engine_loyalty_account WHERE program_id = ? AND profile_id = ?").params(program, from).update();
        }
        return withPoints;
    }
}
