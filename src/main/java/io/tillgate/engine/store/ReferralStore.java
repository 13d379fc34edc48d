package io.tillgate.engine.store;

import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.ReferralView;
import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Referral codes and their uses. A code is used and given back under its row's lock, which a close holds. */
@Repository
public class ReferralStore {
    private static final String COLUMNS = """
            SELECT id, campaign_id, code, advocate, friend, start_date, expiry_date, usage_limit, usage_counter, attributes, created
              FROM engine_referral""";
    private final JdbcClient jdbc;
    private final Dialect.KeyedRead byCode;
    private final String insertIgnore;

    public ReferralStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.byCode = dialect.keyedRead(COLUMNS, "engine_referral", "usage_limit", "application_id = ? AND code = ?");
        this.insertIgnore = dialect.insertIgnore("engine_referral",
                new String[]{"application_id", "campaign_id", "code", "advocate", "friend", "start_date", "expiry_date",
                        "usage_limit", "usage_counter", "attributes", "created"},
                new String[]{"application_id", "code"});
    }

    /** The referral of this code; with {@code lock}, held until the transaction ends. */
    public Optional<ReferralView> find(long applicationId, String code, boolean lock) {
        return byCode.find(jdbc, ReferralStore::referral, lock, applicationId, code);
    }

    /** Creates a referral unless its code exists; the referral, or empty when the code was taken. */
    public Optional<ReferralView> create(long applicationId, ReferralView r) {
        int made = Dialect.insertIgnore(jdbc, insertIgnore, applicationId, r.campaignId(), r.code(), r.advocate(), r.friend(),
                Timestamps.utc(r.startDate()), Timestamps.utc(r.expiryDate()), r.usageLimit(), 0, Json.write(r.attributes()),
                Timestamps.utc(r.created()));
        return made == 1 ? find(applicationId, r.code(), false) : Optional.empty();
    }

    public boolean exists(long applicationId, String code) {
        return jdbc.sql("SELECT COUNT(*) FROM engine_referral WHERE application_id = ? AND code = ?")
                .params(applicationId, code).query(Integer.class).single() > 0;
    }

    /** A use of the referral by a session (under the referral's lock): counted, and its customer kept. */
    public void use(long referralId, String sessionId, String profileId, Instant now) {
        jdbc.sql("UPDATE engine_referral SET usage_counter = usage_counter + 1 WHERE id = ?").params(referralId).update();
        jdbc.sql("INSERT INTO engine_referral_use (referral_id, session_id, profile_id, created) VALUES (?, ?, ?, ?)")
                .params(referralId, sessionId, profileId, Timestamps.utc(now)).update();
    }

    /** The session's use given back (under the referral's lock); false when it had none. */
    public boolean giveBack(long referralId, String sessionId) {
        if (jdbc.sql("DELETE FROM engine_referral_use WHERE referral_id = ? AND session_id = ?").params(referralId, sessionId).update() == 0) {
            return false;
        }
        jdbc.sql("UPDATE engine_referral SET usage_counter = usage_counter - 1 WHERE id = ?").params(referralId).update();
        return true;
    }

    /** The customers who used the referral (its uses' profiles, each once, in the order they first used it). */
    public List<String> referred(long referralId) {
        return jdbc.sql("""
                        SELECT profile_id FROM engine_referral_use WHERE referral_id = ? AND profile_id IS NOT NULL
                         GROUP BY profile_id ORDER BY MIN(created), profile_id""")
                .params(referralId).query(String.class).list();
    }

    /** Which validity a listing keeps (Talon.One's {@code valid}). */
    public enum Validity { expired, validNow, validFuture }

    /**
     * What a listing of a campaign's referrals keeps; each part null for any. {@code code}: codes holding it, in any case;
     * {@code usable}: whether a code can still be used (its counter under its limit, or no limit); {@code newestFirst}:
     * by id from the last.
     */
    public record Filter(String code, String advocate, Instant createdBefore, Instant createdAfter, Validity valid,
                         Boolean usable, boolean newestFirst) {
    }

    /** A campaign's referrals as the filter keeps them, by id, {@code limit} from {@code skip}; validity as of {@code now}. */
    public List<ReferralView> ofCampaign(long applicationId, long campaignId, Filter f, Instant now, int skip, int limit) {
        List<Object> params = new java.util.ArrayList<>(List.of(applicationId, campaignId));
        StringBuilder where = new StringBuilder(" WHERE application_id = ? AND campaign_id = ?");
        if (f.code() != null) {
            where.append(" AND UPPER(code) LIKE ? ESCAPE '!'");
            params.add("%" + f.code().toUpperCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (f.advocate() != null) {
            where.append(" AND advocate = ?");
            params.add(f.advocate());
        }
        if (f.createdBefore() != null) {
            where.append(" AND created < ?");
            params.add(Timestamps.utc(f.createdBefore()));
        }
        if (f.createdAfter() != null) {
            where.append(" AND created > ?");
            params.add(Timestamps.utc(f.createdAfter()));
        }
        if (f.valid() != null) {
            Object at = Timestamps.utc(now);
            switch (f.valid()) {
                case expired -> {
                    where.append(" AND expiry_date <= ?");
                    params.add(at);
                }
                case validNow -> {
                    where.append(" AND (start_date IS NULL OR start_date <= ?) AND (expiry_date IS NULL OR expiry_date > ?)");
                    params.add(at);
                    params.add(at);
                }
                case validFuture -> {
                    where.append(" AND start_date > ?");
                    params.add(at);
                }
            }
        }
        if (f.usable() != null) {
            where.append(f.usable() ? " AND (usage_limit = 0 OR usage_counter < usage_limit)"
                    : " AND usage_limit > 0 AND usage_counter >= usage_limit");
        }
        params.add(limit);
        params.add(skip);
        return jdbc.sql(COLUMNS + where + " ORDER BY id" + (f.newestFirst() ? " DESC" : "") + " LIMIT ? OFFSET ?")
                .params(params).query(ReferralStore::referral).list();
    }

    private static ReferralView referral(ResultSet rs, int row) throws SQLException {
        return new ReferralView(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("code"), rs.getString("advocate"),
                rs.getString("friend"), Timestamps.instant(rs, "start_date"), Timestamps.instant(rs, "expiry_date"),
                rs.getInt("usage_limit"), rs.getInt("usage_counter"), Json.parse(rs.getString("attributes")),
                Timestamps.instant(rs, "created"));
    }
}
