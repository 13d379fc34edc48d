package io.tillgate.engine.store;

import io.tillgate.engine.campaign.GiveawayPoolView;
import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Giveaway pools and their codes. Codes are awarded under their pool's row lock, which a close holds. */
@Repository
public class GiveawayStore {
    /** The free codes a close reads of a pool: more than a session's rules award. */
    public static final int CODES_READ = 100;
    private static final String POOL = "SELECT id, name, description, applications, sandbox, created, modified FROM engine_giveaway_pool";
    private static final String CODE = """
            SELECT id, pool_id, code, start_date, end_date, attributes, import_id, created, profile_id, awarded
              FROM engine_giveaway
            """;
    private final JdbcClient jdbc;
    private final Dialect.KeyedRead poolById;

    public GiveawayStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.poolById = dialect.keyedRead(POOL, "engine_giveaway_pool", "modified", "id = ?");
    }

    /** Talon.One's GiveawaysPool; {@code applications}: the ids of the applications it is connected to. */
    public record Pool(long id, String name, String description, List<Long> applications, boolean sandbox, Instant created,
                       Instant modified) {
    }

    /** Talon.One's Giveaway. */
    public record Giveaway(long id, long poolId, String code, Instant startDate, Instant endDate, String attributes, long importId,
                           Instant created, String profileId, Instant awarded) {
    }

    public long createPool(String name, String description, List<Long> applications, boolean sandbox, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO engine_giveaway_pool (name, description, applications, sandbox, created, modified) VALUES (?, ?, ?, ?, ?, ?)")
                .params(name, description, io.tillgate.engine.json.Json.write(applications), sandbox, Timestamps.utc(now), Timestamps.utc(now))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** The pool; with {@code lock}, held until the transaction ends (codes are awarded under it). */
    public Optional<Pool> pool(long id, boolean lock) {
        return poolById.find(jdbc, GiveawayStore::pool, lock, id);
    }

    public List<Pool> pools() {
        return jdbc.sql(POOL + " ORDER BY id").query(GiveawayStore::pool).list();
    }

    /** Adds an import's codes; returns the import's id. */
    public long importCodes(long poolId, Collection<Giveaway> codes, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO engine_giveaway_import (pool_id, amount, created) VALUES (?, ?, ?)")
                .params(poolId, codes.size(), Timestamps.utc(now)).update(keys, "id");
        long importId = keys.getKeyAs(Long.class);
        for (Giveaway g : codes) {
            jdbc.sql("INSERT INTO engine_giveaway (pool_id, code, start_date, end_date, attributes, import_id, created) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(poolId, g.code(), Timestamps.utc(g.startDate()), Timestamps.utc(g.endDate()), g.attributes(), importId,
                            Timestamps.utc(now)).update();
        }
        jdbc.sql("UPDATE engine_giveaway_pool SET modified = ? WHERE id = ?").params(Timestamps.utc(now), poolId).update();
        return importId;
    }

    /** The pool's codes that may be awarded at {@code at}, first imported first, at most {@link #CODES_READ}. */
    public List<GiveawayPoolView.Code> free(long poolId, Instant at) {
        return jdbc.sql("""
                        SELECT id, code FROM engine_giveaway
                         WHERE pool_id = ? AND awarded IS NULL AND (start_date IS NULL OR start_date <= ?) AND (end_date IS NULL OR end_date > ?)
                         ORDER BY id LIMIT ?""")
                .params(poolId, Timestamps.utc(at), Timestamps.utc(at), CODES_READ)
                .query((rs, n) -> new GiveawayPoolView.Code(rs.getLong(1), rs.getString(2))).list();
    }

    /** The pool's codes awarded to a session, in the order they were. */
    public List<GiveawayPoolView.Code> awardedTo(long poolId, String sessionId) {
        return jdbc.sql("SELECT id, code FROM engine_giveaway WHERE pool_id = ? AND session_id = ? ORDER BY id")
                .params(poolId, sessionId).query((rs, n) -> new GiveawayPoolView.Code(rs.getLong(1), rs.getString(2))).list();
    }

    /** Awards a code; false when it was awarded already. */
    public boolean award(long giveawayId, String profileId, String sessionId, Instant now) {
        return jdbc.sql("UPDATE engine_giveaway SET profile_id = ?, session_id = ?, awarded = ? WHERE id = ? AND awarded IS NULL")
                .params(profileId, sessionId, Timestamps.utc(now), giveawayId).update() == 1;
    }

    public List<Giveaway> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(CODE + " WHERE id IN (" + String.join(", ", ids.stream().map(i -> "?").toList()) + ") ORDER BY id")
                .params(List.copyOf(ids)).query(GiveawayStore::giveaway).list();
    }

    /** The pool's codes, by id, a page at a time (an export). */
    public List<Giveaway> codes(long poolId, int size, long afterId) {
        return jdbc.sql(CODE + " WHERE pool_id = ? AND id > ? ORDER BY id LIMIT ?").params(poolId, afterId, size)
                .query(GiveawayStore::giveaway).list();
    }

    /** Moves a profile's awarded codes to another (a merge, an erasure); how many moved. */
    public int moveProfile(String from, String to) {
        return jdbc.sql("UPDATE engine_giveaway SET profile_id = ? WHERE profile_id = ?").params(to, from).update();
    }

    private static Pool pool(ResultSet rs, int n) throws SQLException {
        List<Long> applications = io.tillgate.engine.json.Json.read(rs.getString("applications"),
                new com.fasterxml.jackson.core.type.TypeReference<List<Long>>() {
                });
        return new Pool(rs.getLong("id"), rs.getString("name"), rs.getString("description"), applications, rs.getBoolean("sandbox"),
                Timestamps.instant(rs, "created"), Timestamps.instant(rs, "modified"));
    }

    private static Giveaway giveaway(ResultSet rs, int n) throws SQLException {
        return new Giveaway(rs.getLong("id"), rs.getLong("pool_id"), rs.getString("code"), Timestamps.instant(rs, "start_date"),
                Timestamps.instant(rs, "end_date"), rs.getString("attributes"), rs.getLong("import_id"), Timestamps.instant(rs, "created"),
                rs.getString("profile_id"), Timestamps.instant(rs, "awarded"));
    }
}
