package io.tillgate.engine.store;

import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

/** Campaign documents as stored (JSON); compiled and indexed by the catalog. */
@Repository
public class CampaignStore {
    private final JdbcClient jdbc;

    public CampaignStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Row(long applicationId, long id, String document, Instant updatedAt) {
    }

    public void save(long applicationId, long id, String document, Instant now) {
        int updated = jdbc.sql("UPDATE engine_campaign SET document = ?, updated_at = ? WHERE application_id = ? AND id = ?")
                .params(document, Timestamps.utc(now), applicationId, id).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO engine_campaign (application_id, id, document, updated_at) VALUES (?, ?, ?, ?)")
                    .params(applicationId, id, document, Timestamps.utc(now)).update();
        }
    }

    /** Whether the stored campaign declares an achievement of this name (read as stored, not as any catalog has it). */
    public boolean declares(long applicationId, long id, String achievement) {
        return jdbc.sql("SELECT document FROM engine_campaign WHERE application_id = ? AND id = ?").params(applicationId, id)
                .query(String.class).optional().map(document -> {
                    var achievements = io.tillgate.engine.json.Json.parse(document).path("achievements");
                    for (var a : achievements) {
                        if (achievement.equals(a.path("name").asText(null))) {
                            return true;
                        }
                    }
                    return false;
                }).orElse(false);
    }

    public boolean delete(long applicationId, long id) {
        return jdbc.sql("DELETE FROM engine_campaign WHERE application_id = ? AND id = ?").params(applicationId, id).update() == 1;
    }

    public List<Row> all() {
        return jdbc.sql("SELECT application_id, id, document, updated_at FROM engine_campaign ORDER BY application_id, id")
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), Timestamps.instant(rs, "updated_at")))
                .list();
    }

    /** Changes whenever a campaign is stored or deleted anywhere: other instances reload when it moves. */
    public String version() {
        return jdbc.sql("SELECT COUNT(*) || ':' || COALESCE(CAST(MAX(updated_at) AS VARCHAR(64)), '') FROM engine_campaign")
                .query(String.class).single();
    }
}
