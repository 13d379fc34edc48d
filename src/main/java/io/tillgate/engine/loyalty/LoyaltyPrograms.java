package io.tillgate.engine.loyalty;

import io.tillgate.engine.json.Json;
import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loyalty programs, stored as documents and read on demand (there are few, and they rarely change): every
 * read sees what another instance saved, and a document is compiled again only when its text changed.
 */
@Component
public class LoyaltyPrograms {
    private final JdbcClient jdbc;
    private final Map<Long, Compiled> compiled = new ConcurrentHashMap<>();

    private final Clock clock;

    public LoyaltyPrograms(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A program's document and when it was first saved. */
    public record Stored(LoyaltyProgramDocument document, Instant created) {
    }

    public LoyaltyProgram save(long id, LoyaltyProgramDocument document) {
        LoyaltyProgram program = document.compile(id);
        Optional<Stored> before = stored(id);
        if (before.isPresent() && before.get().document().compile(id).cardBased() != program.cardBased() && inUse(id)) {
            // points held by cards would become a profile's of the same id, or a profile's a card's
            throw new IllegalArgumentException("cardBased cannot change once the program has points or cards");
        }
        tiered = null; // this instance sees its own change at once
        String json = Json.write(document);
        if (jdbc.sql("UPDATE engine_loyalty_program SET document = ? WHERE id = ?").params(json, id).update() == 0) {
            jdbc.sql("INSERT INTO engine_loyalty_program (id, document, created) VALUES (?, ?, ?)")
                    .params(id, json, Timestamps.utc(clock.instant())).update();
        }
        return program;
    }

    private boolean inUse(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM engine_loyalty_account WHERE program_id = ?").param(id).query(Integer.class).single() > 0
                || jdbc.sql("SELECT COUNT(*) FROM engine_loyalty_card WHERE program_id = ?").param(id).query(Integer.class).single() > 0;
    }

    public Optional<Stored> stored(long id) {
        return jdbc.sql("SELECT document, created FROM engine_loyalty_program WHERE id = ?").param(id)
                .query((rs, n) -> new Stored(Json.read(rs.getString(1), LoyaltyProgramDocument.class), Timestamps.instant(rs, 2)))
                .optional();
    }

    public Map<Long, LoyaltyProgram> all() {
        Map<Long, LoyaltyProgram> programs = new HashMap<>();
        jdbc.sql("SELECT id, document FROM engine_loyalty_program").query((rs, n) -> {
            long id = rs.getLong(1);
            String json = rs.getString(2);
            Compiled known = compiled.get(id);
            if (known == null || !known.json().equals(json)) {
                known = new Compiled(json, Json.read(json, LoyaltyProgramDocument.class).compile(id));
                compiled.put(id, known);
            }
            programs.put(id, known.program());
            return null;
        }).list();
        return programs;
    }

    private record Compiled(String json, LoyaltyProgram program) {
    }

    /** The programs that have tiers, read again at most once a second: every evaluation of a known customer asks. */
    public Map<Long, LoyaltyProgram> tiered() {
        Tiered known = tiered;
        long now = System.nanoTime();
        if (known == null || now - known.readAt() > TIERED_FOR_NANOS) {
            Map<Long, LoyaltyProgram> programs = new java.util.TreeMap<>();
            all().forEach((id, program) -> {
                if (program.tiers().any()) {
                    programs.put(id, program);
                }
            });
            known = new Tiered(Map.copyOf(programs), now);
            tiered = known;
        }
        return known.programs();
    }

    private static final long TIERED_FOR_NANOS = 1_000_000_000L;
    private volatile Tiered tiered;

    private record Tiered(Map<Long, LoyaltyProgram> programs, long readAt) {
    }
}
