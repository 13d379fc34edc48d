package io.tillgate.engine.store;

import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The cards of card-based loyalty programs, and the customers linked to each. */
@Repository
public class LoyaltyCardStore {
    private static final String COLUMNS = "id, program_id, identifier, status, block_reason, batch_id, created, modified";
    private final JdbcClient jdbc;
    private final String insertIgnore;
    private final Dialect.KeyedRead card;

    public LoyaltyCardStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.insertIgnore = dialect.insertIgnore("engine_loyalty_card",
                new String[]{"program_id", "identifier", "status", "batch_id", "created", "modified"},
                new String[]{"program_id", "identifier"});
        this.card = dialect.keyedRead("SELECT " + COLUMNS + " FROM engine_loyalty_card", "engine_loyalty_card", "status",
                "program_id = ? AND identifier = ?");
    }

    public record Card(long id, long programId, String identifier, String status, String blockReason, String batchId,
                       Instant created, Instant modified) {
        public boolean active() {
            return status.equals("active");
        }
    }

    /** A profile linked to a card, and when. */
    public record Link(String profileId, Instant linked) {
    }

    /** Creates a card unless its identifier is taken; true when created. */
    public boolean create(long programId, String identifier, String status, String batchId, Instant now) {
        return Dialect.insertIgnore(jdbc, insertIgnore, programId, identifier, status, batchId, Timestamps.utc(now), Timestamps.utc(now)) == 1;
    }

    /** The card; with {@code lock}, held until the transaction ends. */
    public Optional<Card> find(long programId, String identifier, boolean lock) {
        return card.find(jdbc, LoyaltyCardStore::card, lock, programId, identifier);
    }

    /** Of these identifiers, the active cards of the program, by identifier. */
    public Map<String, Card> active(long programId, Collection<String> identifiers) {
        Map<String, Card> found = new TreeMap<>();
        for (String identifier : identifiers) {
            find(programId, identifier, false).filter(Card::active).ifPresent(c -> found.put(identifier, c));
        }
        return found;
    }

    /** A page of the program's cards in creation order, with a filter by identifier, linked profile or batch. */
    public LoyaltyStore.Page<Card> list(long programId, String identifier, String profileId, String batchId, long skip, int pageSize) {
        StringBuilder where = new StringBuilder(" WHERE c.program_id = ?");
        List<Object> params = new ArrayList<>(List.of(programId));
        if (identifier != null) {
            where.append(" AND c.identifier = ?");
            params.add(identifier);
        }
        if (batchId != null) {
            where.append(" AND c.batch_id = ?");
            params.add(batchId);
        }
        if (profileId != null) {
            where.append(" AND EXISTS (SELECT 1 FROM engine_loyalty_card_profile p WHERE p.program_id = c.program_id"
                    + " AND p.identifier = c.identifier AND p.profile_id = ?)");
            params.add(profileId);
        }
        params.add(skip);
        params.add(pageSize + 1);
        List<Card> cards = jdbc.sql("SELECT c.id, c.program_id, c.identifier, c.status, c.block_reason, c.batch_id, c.created, c.modified"
                        + " FROM engine_loyalty_card c" + where + " ORDER BY c.id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")
                .params(params).query(LoyaltyCardStore::card).list();
        return cards.size() > pageSize ? new LoyaltyStore.Page<>(List.copyOf(cards.subList(0, pageSize)), true)
                : new LoyaltyStore.Page<>(cards, false);
    }

    public void setStatus(long programId, String identifier, String status, String blockReason, Instant now) {
        jdbc.sql("UPDATE engine_loyalty_card SET status = ?, block_reason = ?, modified = ? WHERE program_id = ? AND identifier = ?")
                .params(status, blockReason, Timestamps.utc(now), programId, identifier).update();
    }

    public boolean delete(long programId, String identifier) {
        jdbc.sql("DELETE FROM engine_loyalty_card_profile WHERE program_id = ? AND identifier = ?").params(programId, identifier).update();
        return jdbc.sql("DELETE FROM engine_loyalty_card WHERE program_id = ? AND identifier = ?").params(programId, identifier).update() == 1;
    }

    public List<Link> profiles(long programId, String identifier) {
        return jdbc.sql("SELECT profile_id, linked FROM engine_loyalty_card_profile WHERE program_id = ? AND identifier = ? ORDER BY linked, profile_id")
                .params(programId, identifier).query((rs, n) -> new Link(rs.getString(1), Timestamps.instant(rs, 2))).list();
    }

    /** Links a profile to a card the caller locked; false when it was linked already. */
    public boolean link(long programId, String identifier, String profileId, Instant now) {
        if (jdbc.sql("SELECT COUNT(*) FROM engine_loyalty_card_profile WHERE program_id = ? AND identifier = ? AND profile_id = ?")
                .params(programId, identifier, profileId).query(Integer.class).single() > 0) {
            return false;
        }
        jdbc.sql("INSERT INTO engine_loyalty_card_profile (program_id, identifier, profile_id, linked) VALUES (?, ?, ?, ?)")
                .params(programId, identifier, profileId, Timestamps.utc(now)).update();
        jdbc.sql("UPDATE engine_loyalty_card SET modified = ? WHERE program_id = ? AND identifier = ?")
                .params(Timestamps.utc(now), programId, identifier).update();
        return true;
    }

    private static Card card(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Card(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                Timestamps.instant(rs, 7), Timestamps.instant(rs, 8));
    }
}
