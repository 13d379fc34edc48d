package io.tillgate.engine.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tillgate.engine.json.Json;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The account's additional costs (Talon.One's AccountAdditionalCost). */
@Repository
public class AdditionalCostStore {
    private static final String SELECT = "SELECT id, name, title, description, type, applications, created FROM engine_additional_cost";
    private static final TypeReference<List<Long>> IDS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;

    public AdditionalCostStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a cost is added per: the session, each item, or both. */
    public enum Type { session, item, both }

    public record Cost(long id, String name, String title, String description, Type type, List<Long> applications, Instant created) {
        public boolean perSession() {
            return type != Type.item;
        }

        public boolean perItem() {
            return type != Type.session;
        }
    }

    public long create(String name, String title, String description, Type type, List<Long> applications, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO engine_additional_cost (name, title, description, type, applications, created) VALUES (?, ?, ?, ?, ?, ?)")
                .params(name, title, description, type.name(), Json.write(applications), Timestamps.utc(now))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Changes all but the name; false when there is no such cost. */
    public boolean update(long id, String title, String description, Type type, List<Long> applications) {
        return jdbc.sql("UPDATE engine_additional_cost SET title = ?, description = ?, type = ?, applications = ? WHERE id = ?")
                .params(title, description, type.name(), Json.write(applications), id).update() == 1;
    }

    public Optional<Cost> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(AdditionalCostStore::cost).optional();
    }

    public Optional<Cost> byName(String name) {
        return jdbc.sql(SELECT + " WHERE name = ?").param(name).query(AdditionalCostStore::cost).optional();
    }

    public Optional<Cost> byTitle(String title) {
        return jdbc.sql(SELECT + " WHERE title = ?").param(title).query(AdditionalCostStore::cost).optional();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM engine_additional_cost").query(Long.class).single();
    }

    /** The costs of these names, by name. */
    public Map<String, Cost> byNames(Collection<String> names) {
        Map<String, Cost> found = new TreeMap<>();
        names.stream().distinct().forEach(n -> byName(n).ifPresent(c -> found.put(n, c)));
        return found;
    }

    /** By id, {@code limit} from {@code skip}; newest first with {@code descending}. */
    public List<Cost> list(int skip, int limit, boolean descending) {
        return jdbc.sql(SELECT + " ORDER BY id" + (descending ? " DESC" : "") + " LIMIT ? OFFSET ?").params(limit, skip)
                .query(AdditionalCostStore::cost).list();
    }

    private static Cost cost(ResultSet rs, int row) throws SQLException {
        return new Cost(rs.getLong("id"), rs.getString("name"), rs.getString("title"), rs.getString("description"),
                Type.valueOf(rs.getString("type")), Json.read(rs.getString("applications"), IDS), Timestamps.instant(rs, "created"));
    }
}
