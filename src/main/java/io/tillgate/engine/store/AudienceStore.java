package io.tillgate.engine.store;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Audiences and their members: profile integration ids, the deployment's as loyalty programs are. */
@Repository
public class AudienceStore {
    private static final String AUDIENCE = """
            SELECT id, name, description, integration, integration_id, sandbox, created_in_3rd_party, last_update, created
              FROM engine_audience
            """;
    private final JdbcClient jdbc;
    private final String insertMember;

    public AudienceStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.insertMember = dialect.insertIgnore("engine_audience_member", new String[]{"audience_id", "profile_id", "added"},
                new String[]{"audience_id", "profile_id"});
    }

    /** Talon.One's Audience, as stored. */
    public record Audience(long id, String name, String description, String integration, String integrationId, boolean sandbox,
                           boolean createdIn3rdParty, Instant lastUpdate, Instant created) {
    }

    public long create(Audience a) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO engine_audience (name, description, integration, integration_id, sandbox, created_in_3rd_party,
                                                     last_update, created)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.name(), a.description(), a.integration(), a.integrationId(), a.sandbox(), a.createdIn3rdParty(),
                        Timestamps.utc(a.lastUpdate()), Timestamps.utc(a.created()))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    public Optional<Audience> find(long id) {
        return jdbc.sql(AUDIENCE + " WHERE id = ?").param(id).query(AudienceStore::audience).optional();
    }

    public Optional<Audience> byIntegrationId(String integrationId) {
        return jdbc.sql(AUDIENCE + " WHERE integration_id = ?").param(integrationId).query(AudienceStore::audience).optional();
    }

    /** A page of the audiences, by id. */
    public List<Audience> page(int size, long skip) {
        return jdbc.sql(AUDIENCE + " ORDER BY id LIMIT ? OFFSET ?").params(size, skip).query(AudienceStore::audience).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM engine_audience").query(Long.class).single();
    }

    /** The names of these audiences, of those that exist. */
    public Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        List<Long> wanted = List.copyOf(new TreeSet<>(ids));
        jdbc.sql("SELECT id, name FROM engine_audience WHERE id IN (" + String.join(", ", wanted.stream().map(i -> "?").toList()) + ")")
                .params(wanted).query((rs, n) -> names.put(rs.getLong(1), rs.getString(2))).list();
        return names;
    }

    public boolean rename(long id, String name, Instant now) {
        return jdbc.sql("UPDATE engine_audience SET name = ?, last_update = ? WHERE id = ?")
                .params(name, Timestamps.utc(now), id).update() == 1;
    }

    /** Deletes an audience; its memberships go with it (the foreign key cascades). */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM engine_audience WHERE id = ?").param(id).update() == 1;
    }

    public int removeMembers(long audienceId) {
        return jdbc.sql("DELETE FROM engine_audience_member WHERE audience_id = ?").param(audienceId).update();
    }

    /** The audiences the profile is a member of. */
    public Set<Long> memberships(String profileId) {
        return new TreeSet<>(jdbc.sql("SELECT audience_id FROM engine_audience_member WHERE profile_id = ?").param(profileId)
                .query(Long.class).list());
    }

    /** Adds a member; whether it was not one before. */
    public boolean add(long audienceId, String profileId, Instant now) {
        return Dialect.insertIgnore(jdbc, insertMember, audienceId, profileId, Timestamps.utc(now)) == 1;
    }

    /** Removes a member; whether it was one. */
    public boolean remove(long audienceId, String profileId) {
        return jdbc.sql("DELETE FROM engine_audience_member WHERE audience_id = ? AND profile_id = ?")
                .params(audienceId, profileId).update() == 1;
    }

    /** Moves a profile's memberships to another (a merge, an erasure); returns how many moved. */
    public int moveProfile(String from, String to) {
        jdbc.sql("""
                        DELETE FROM engine_audience_member WHERE profile_id = ? AND audience_id IN (
                          SELECT o.audience_id FROM engine_audience_member o WHERE o.profile_id = ?)""")
                .params(from, to).update();
        return jdbc.sql("UPDATE engine_audience_member SET profile_id = ? WHERE profile_id = ?").params(to, from).update();
    }

    private static Audience audience(ResultSet rs, int n) throws SQLException {
        return new Audience(rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getString("integration"),
                rs.getString("integration_id"), rs.getBoolean("sandbox"), rs.getBoolean("created_in_3rd_party"),
                Timestamps.instant(rs, "last_update"), Timestamps.instant(rs, "created"));
    }
}
