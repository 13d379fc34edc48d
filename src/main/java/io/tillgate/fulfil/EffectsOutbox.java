package io.tillgate.fulfil;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.json.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tillgate.engine.sql.Timestamps;
import java.util.List;

/** The transactional outbox of session events: a row per event not yet on the broker, deleted once it is. */
@Repository
public class EffectsOutbox {
    private static final TypeReference<List<Effect>> EFFECTS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;

    public EffectsOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(SessionEvent e) {
        jdbc.sql("""
                        INSERT INTO effect_outbox (event_id, event_type, occurred_at, store_id, transaction_id, session_id,
                                                   profile_id, state, effects)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(e.eventId(), e.eventType(), Timestamps.utc(e.occurredAt()), e.storeId(), e.transactionId(),
                        e.customerSessionId(), e.profileId(), e.state(), Json.write(e.effects(), EFFECTS))
                .update();
    }

    public record Pending(long id, SessionEvent event) {
    }

    /** The oldest unpublished events, locked so that a second instance's publisher waits instead of doubling them. */
    public List<Pending> lockPending(int limit) {
        return jdbc.sql("""
                        SELECT id, event_id, event_type, occurred_at, store_id, transaction_id, session_id, profile_id, state, effects
                          FROM effect_outbox ORDER BY id FETCH FIRST %d ROWS ONLY FOR UPDATE""".formatted(limit))
                .query((rs, n) -> new Pending(rs.getLong(1), new SessionEvent(rs.getString(2).trim(), rs.getString(3),
                        Timestamps.instant(rs, 4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), Json.read(rs.getString(10), EFFECTS))))
                .list();
    }

    /** Removes exactly these rows: an event with an id in between may have committed later and is still pending. */
    public void published(List<Long> ids) {
        jdbc.sql("DELETE FROM effect_outbox WHERE id IN (:ids)").param("ids", ids).update();
    }

    public long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM effect_outbox").query(Long.class).single();
    }
}
