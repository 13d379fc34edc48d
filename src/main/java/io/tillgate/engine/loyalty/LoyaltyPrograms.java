package io.tillgate.engine.loyalty;

import io.tillgate.json.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Loyalty programs, stored as documents and read on demand (there are few, and they rarely change). */
@Component
public class LoyaltyPrograms {
    private final JdbcClient jdbc;

    public LoyaltyPrograms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public LoyaltyProgram save(long id, LoyaltyProgramDocument document) {
        LoyaltyProgram program = document.compile(id);
        String json = Json.write(document);
        if (jdbc.sql("UPDATE engine_loyalty_program SET document = ? WHERE id = ?").params(json, id).update() == 0) {
            jdbc.sql("INSERT INTO engine_loyalty_program (id, document) VALUES (?, ?)").params(id, json).update();
        }
        return program;
    }

    public Optional<LoyaltyProgramDocument> document(long id) {
        return jdbc.sql("SELECT document FROM engine_loyalty_program WHERE id = ?").param(id).query(String.class).optional()
                .map(json -> Json.read(json, LoyaltyProgramDocument.class));
    }

    public Map<Long, LoyaltyProgram> all() {
        Map<Long, LoyaltyProgram> programs = new HashMap<>();
        jdbc.sql("SELECT id, document FROM engine_loyalty_program").query((rs, n) -> {
            programs.put(rs.getLong(1), Json.read(rs.getString(2), LoyaltyProgramDocument.class).compile(rs.getLong(1)));
            return null;
        }).list();
        return programs;
    }
}
