package io.tillgate.engine.store;

import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

@Repository
public class ProfileStore {
    /** What the profile's integration id column holds. */
    public static final int MAX_ID_LENGTH = 200;
    /** What a profile's attributes hold at most, whoever sets them (a client, or a rule's updateAttribute). */
    public static final int MAX_ATTRIBUTES = 200;
    public static final int MAX_ATTRIBUTES_SIZE = 64 * 1024;
    /** How an erased customer's anonymous id starts: reserved, no client or till may name a profile so. */
    public static final String ERASED_PREFIX = "erased-";

    private final JdbcClient jdbc;
    private final String insertIgnore;
    private final Dialect.KeyedRead attributes;

    public ProfileStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.attributes = dialect.keyedRead("SELECT attributes FROM engine_profile", "engine_profile", "attributes",
                "application_id = ? AND integration_id = ?");
        this.insertIgnore = dialect.insertIgnore("engine_profile",
                new String[]{"application_id", "integration_id", "attributes", "closed_sessions", "total_sales", "created", "last_activity"},
                new String[]{"application_id", "integration_id"});
    }

    public record Profile(long id, String integrationId, JsonNode attributes, int closedSessions, BigDecimal totalSales,
                          Instant created, Instant lastActivity) {
    }

    /**
     * Creates the profile on its first session; else records its activity. Either way the row stays locked until
     * the transaction ends. One statement for a known profile. The profile the session counts for: this one, or the
     * one it was merged into (whose activity is then recorded, and which is then held).
     */
    public String touch(long applicationId, String integrationId, Instant now) {
        if (recordActivity(applicationId, integrationId, now) == 0
                && Dialect.insertIgnore(jdbc, insertIgnore, applicationId, integrationId, "{}", 0, BigDecimal.ZERO,
                Timestamps.utc(now), Timestamps.utc(now)) == 0
                && recordActivity(applicationId, integrationId, now) == 0) { // else a concurrent first session inserted it
            String last = finalProfile(applicationId, integrationId);
            if (!last.equals(integrationId)) {
                return touch(applicationId, last, now);
            }
        }
        return integrationId;
    }

    /** How many merges a chain of merged profiles may take: merges never close a circle, this only bounds a mistake. */
    private static final int MAX_MERGES = 64;

    /** The profile a profile id stands for now: itself, or the last of the profiles it was merged into. */
    public String finalProfile(long applicationId, String integrationId) {
        String current = integrationId;
        for (int hop = 0; hop < MAX_MERGES; hop++) {
            Optional<String> next = mergedInto(applicationId, current);
            if (next.isEmpty() || next.get().equals(current)) {
                return current;
            }
            current = next.get();
        }
        throw new IllegalStateException("profile '" + integrationId + "' was merged more than " + MAX_MERGES + " times over");
    }

    private int recordActivity(long applicationId, String integrationId, Instant now) {
        return jdbc.sql("UPDATE engine_profile SET last_activity = ? WHERE application_id = ? AND integration_id = ? AND merged_into IS NULL")
                .params(Timestamps.utc(now), applicationId, integrationId).update();
    }

    /** The integration id of the profile of this internal id (Talon.One's {@code profileId} filters). */
    public Optional<String> integrationIdOf(long id) {
        return jdbc.sql("SELECT integration_id FROM engine_profile WHERE id = ? AND merged_into IS NULL").param(id)
                .query(String.class).optional();
    }

    /** The profile this one was merged into, if it was. */
    public Optional<String> mergedInto(long applicationId, String integrationId) {
        return jdbc.sql("SELECT merged_into FROM engine_profile WHERE application_id = ? AND integration_id = ? AND merged_into IS NOT NULL")
                .params(applicationId, integrationId).query(String.class).optional();
    }

    /** A closed session counts once towards the profile's sessions and sales; a cancel takes it back. */
    public void recordSale(long applicationId, String integrationId, int sessions, BigDecimal sales) {
        jdbc.sql("UPDATE engine_profile SET closed_sessions = closed_sessions + ?, total_sales = total_sales + ? WHERE application_id = ? AND integration_id = ?")
                .params(sessions, sales, applicationId, integrationId).update();
    }

    /**
     * The profile's attributes, its row locked until the transaction ends; a profile it did not have is created first
     * (without attributes or activity: an update of its attributes is not a visit).
     */
    public JsonNode lockAttributes(long applicationId, String integrationId, Instant now) {
        Optional<JsonNode> found = attributes.find(jdbc, (rs, n) -> Json.parse(rs.getString(1)), true, applicationId, integrationId);
        if (found.isPresent()) {
            return found.get();
        }
        Dialect.insertIgnore(jdbc, insertIgnore, applicationId, integrationId, "{}", 0, BigDecimal.ZERO,
                Timestamps.utc(now), Timestamps.utc(now));
        return attributes.find(jdbc, (rs, n) -> Json.parse(rs.getString(1)), true, applicationId, integrationId).orElseThrow();
    }

    /** Locks the profile's row, a merged profile's marker included, until the transaction ends; false when there is none. */
    public boolean lock(long applicationId, String integrationId) {
        return attributes.lock(jdbc, applicationId, integrationId);
    }

    /** Replaces the attributes of a profile the caller locked. */
    public void setAttributes(long applicationId, String integrationId, JsonNode attributes) {
        jdbc.sql("UPDATE engine_profile SET attributes = ? WHERE application_id = ? AND integration_id = ?")
                .params(Json.write(attributes), applicationId, integrationId).update();
    }

    public Optional<Profile> find(long applicationId, String integrationId) {
        return jdbc.sql("SELECT id, integration_id, attributes, closed_sessions, total_sales, created, last_activity FROM engine_profile"
                        + " WHERE application_id = ? AND integration_id = ? AND merged_into IS NULL")
                .params(applicationId, integrationId)
                .query((rs, n) -> new Profile(rs.getLong(1), rs.getString(2), Json.parse(rs.getString(3)), rs.getInt(4),
                        rs.getBigDecimal(5), Timestamps.instant(rs, "created"), Timestamps.instant(rs, "last_activity")))
                .optional();
    }
}
