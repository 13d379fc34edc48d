package io.tillgate.engine.store;

import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.time.Instant;

/** The built-in events a client asked to see: an id for each, with what it was. */
@Repository
public class EventStore {
    private final JdbcClient jdbc;

    public EventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the event and returns its id. */
    public long record(long applicationId, String sessionId, String type, Instant at) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO engine_event (application_id, session_id, type, created) VALUES (?, ?, ?, ?)")
                .params(applicationId, sessionId, type, Timestamps.utc(at)).update(keys, "id");
        return keys.getKeyAs(Long.class);
    }
}
