package io.tillgate.engine.store;

import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.CustomerSession;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.ReturnedItem;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.json.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@Repository
public class SessionStore {
    private static final TypeReference<List<CartItem>> CART = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> CODES = new TypeReference<>() {
    };
    private static final TypeReference<List<Effect>> EFFECTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Grant>> LEDGER = new TypeReference<>() {
    };
    private static final String SELECT = """
            SELECT application_id, integration_id, id, profile_id, store_id, state, cart, coupon_codes, attributes, effects, ledger,
                   first_session, created, updated, closed_at, loyalty_cards, identifiers, referral_code,
                   additional_costs
              FROM engine_session""";
    private final JdbcClient jdbc;
    private final Dialect.KeyedRead byKey;

    public SessionStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.byKey = dialect.keyedRead(SELECT, "engine_session", "state", "application_id = ? AND integration_id = ?");
    }

    public Optional<CustomerSession> find(long applicationId, String integrationId, boolean lock) {
        return byKey.find(jdbc, SessionStore::session, lock, applicationId, integrationId);
    }

    /** Inserts a new session and returns its internal id. */
    public long insert(CustomerSession s) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO engine_session (application_id, integration_id, profile_id, store_id, state, cart,
                                                    coupon_codes, attributes, effects, ledger, first_session, created, updated,
                                                    closed_at, loyalty_cards, identifiers, referral_code,
                                                    additional_costs)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.applicationId(), s.integrationId(), s.profileId(), s.storeId(), s.state().wireName(), Json.write(s.cartItems()),
                        Json.write(s.couponCodes()), Json.write(s.attributes()), Json.write(s.effects()), Json.write(s.ledger(), LEDGER),
                        s.firstSession(), Timestamps.utc(s.created()), Timestamps.utc(s.updated()), Timestamps.utc(s.closedAt()),
                        cards(s), list(s.identifiers()), s.referralCode(), costs(s))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    public void update(CustomerSession s) {
        jdbc.sql("""
                        UPDATE engine_session SET profile_id = ?, store_id = ?, state = ?, cart = ?, coupon_codes = ?,
                               attributes = ?, effects = ?, ledger = ?, updated = ?, closed_at = ?, loyalty_cards = ?,
                               identifiers = ?, referral_code = ?, additional_costs = ?
                         WHERE application_id = ? AND integration_id = ?""")
                .params(s.profileId(), s.storeId(), s.state().wireName(), Json.write(s.cartItems()), Json.write(s.couponCodes()),
                        Json.write(s.attributes()), Json.write(s.effects()), Json.write(s.ledger(), LEDGER), Timestamps.utc(s.updated()),
                        Timestamps.utc(s.closedAt()), cards(s), list(s.identifiers()), s.referralCode(), costs(s), s.applicationId(), s.integrationId())
                .update();
    }

    /** A return of the session as it was asked for: positions and quantities. */
    public record Return(long id, long sessionId, List<ReturnedItem> items, Instant created) {
    }

    private static final TypeReference<List<ReturnedItem>> RETURNED = new TypeReference<>() {
    };

    public void recordReturn(long applicationId, long sessionId, List<ReturnedItem> items, Instant now) {
        jdbc.sql("INSERT INTO engine_session_return (application_id, session_id, returned, created) VALUES (?, ?, ?, ?)")
                .params(applicationId, sessionId, Json.write(items), Timestamps.utc(now)).update();
    }

    /** The session's returns, oldest first. */
    public List<Return> returns(long sessionId) {
        return jdbc.sql("SELECT id, session_id, returned, created FROM engine_session_return WHERE session_id = ? ORDER BY id")
                .param(sessionId)
                .query((rs, n) -> new Return(rs.getLong(1), rs.getLong(2), Json.read(rs.getString(3), RETURNED), Timestamps.instant(rs, 4)))
                .list();
    }

    public boolean hasClosedSession(long applicationId, String profileId) {
        return jdbc.sql("""
                        SELECT 1 FROM engine_session WHERE application_id = ? AND profile_id = ? AND closed_at IS NOT NULL
                         FETCH FIRST 1 ROWS ONLY""")
                .params(applicationId, profileId).query(Integer.class).optional().isPresent();
    }

    private static CustomerSession session(ResultSet rs, int row) throws SQLException {
        return new CustomerSession(rs.getLong("application_id"), rs.getString("integration_id"), rs.getLong("id"),
                rs.getString("profile_id"), rs.getString("store_id"), SessionState.fromWire(rs.getString("state")), Json.read(rs.getString("cart"), CART),
                Json.read(rs.getString("coupon_codes"), CODES), Json.parse(rs.getString("attributes")),
                Json.read(rs.getString("effects"), EFFECTS), Json.read(rs.getString("ledger"), LEDGER),
                rs.getBoolean("first_session"), Timestamps.instant(rs, "created"), Timestamps.instant(rs, "updated"), Timestamps.instant(rs, "closed_at"),
                rs.getString("loyalty_cards") == null ? List.of() : Json.read(rs.getString("loyalty_cards"), CODES),
                rs.getString("identifiers") == null ? List.of() : Json.read(rs.getString("identifiers"), CODES),
                rs.getString("referral_code"),
                rs.getString("additional_costs") == null ? List.of() : Json.read(rs.getString("additional_costs"), COSTS));
    }

    private static final TypeReference<List<io.tillgate.engine.session.AdditionalCost>> COSTS = new TypeReference<>() {
    };

    /** A session's additional costs as its column holds them: null for none. */
    private static String costs(CustomerSession s) {
        return s.additionalCosts().isEmpty() ? null : Json.write(s.additionalCosts());
    }

    private static String list(List<String> values) {
        return values == null || values.isEmpty() ? null : Json.write(values);
    }

    /** A session's cards; none is no column value (sessions stored before cards have none either). */
    private static String cards(CustomerSession s) {
        return s.loyaltyCards() == null || s.loyaltyCards().isEmpty() ? null : Json.write(s.loyaltyCards());
    }
}
