package io.tillgate.simulate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.translate.CartLine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tills' sales of an application in the order they closed: sessions that closed in a period and were not voided
 * since, each with its stored original's cart. Sessions of web shops ({@code /v2}) have no stored original and are
 * not sales of a till: they are passed over.
 */
@Repository
public class SaleHistory {
    private static final TypeReference<List<CartLine>> CART = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> CODES = new TypeReference<>() {
    };
    private static final List<String> SOLD = List.of(SessionState.CLOSED.wireName(), SessionState.PARTIALLY_RETURNED.wireName());

    private final JdbcClient jdbc;

    public SaleHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a page ends: the next one starts after this session. */
    public record Cursor(Instant closedAt, String sessionId) {
        static Cursor start(Instant from) {
            return new Cursor(from, ""); // every session id sorts after "", so sessions closed at from are included
        }
    }

    /** A page of sessions and, of those that are tills' sales, the sales. */
    public record Page(int sessions, List<HistoricalSale> sales, Cursor next) {
    }

    /** How many sessions closed in [from, to) and are still sold: what a simulation will look at. */
    public int count(long applicationId, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM engine_session
                         WHERE application_id = ? AND closed_at >= ? AND closed_at < ? AND state IN (?, ?)""")
                .params(applicationId, Timestamps.utc(from), Timestamps.utc(to), SOLD.get(0), SOLD.get(1))
                .query(Integer.class).single();
    }

    /** The next {@code limit} sessions after {@code after} that closed before {@code to}, in close order. */
    public Page page(long applicationId, Instant to, Cursor after, int limit) {
        record Session(String id, String profileId, List<String> codes, JsonNode attributes, Instant closedAt) {
        }
        List<Session> sessions = jdbc.sql("""
                        SELECT integration_id, profile_id, coupon_codes, attributes, closed_at FROM engine_session
                         WHERE application_id = ? AND closed_at < ? AND state IN (?, ?)
                           AND (closed_at > ? OR (closed_at = ? AND integration_id > ?))
                         ORDER BY closed_at, integration_id
                         FETCH FIRST ? ROWS ONLY""")
                .params(applicationId, Timestamps.utc(to), SOLD.get(0), SOLD.get(1), Timestamps.utc(after.closedAt()),
                        Timestamps.utc(after.closedAt()), after.sessionId(), limit)
                .query((rs, n) -> new Session(rs.getString(1), rs.getString(2), Json.read(rs.getString(3), CODES),
                        Json.parse(rs.getString(4)), Timestamps.instant(rs, 5)))
                .list();
        if (sessions.isEmpty()) {
            return new Page(0, List.of(), after);
        }
        Map<String, List<CartLine>> carts = carts(sessions.stream().map(Session::id).toList());
        List<HistoricalSale> sales = new ArrayList<>();
        for (Session s : sessions) {
            List<CartLine> cart = carts.get(s.id());
            if (cart != null) {
                int split = s.id().indexOf(SendTransactionReader.SESSION_SEPARATOR);
                sales.add(new HistoricalSale(s.id().substring(0, split), s.id().substring(split + 1), s.id(), s.closedAt(),
                        s.profileId(), s.codes(), s.attributes(), cart));
            }
        }
        Session last = sessions.get(sessions.size() - 1);
        return new Page(sessions.size(), List.copyOf(sales), new Cursor(last.closedAt(), last.id()));
    }

    /** The stored carts of those of these sessions that are tills' sales still sold, by session id. */
    private Map<String, List<CartLine>> carts(List<String> sessionIds) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (String id : sessionIds) {
            int split = id.indexOf(SendTransactionReader.SESSION_SEPARATOR);
            if (split < 0) {
                continue; // a web shop's session: no till named it
            }
            where.append(where.isEmpty() ? "" : " OR ").append("(store_id = ? AND transaction_id = ?)");
            params.add(id.substring(0, split));
            params.add(id.substring(split + 1));
        }
        Map<String, List<CartLine>> carts = new HashMap<>();
        if (params.isEmpty()) {
            return carts;
        }
        params.add(SOLD.get(0));
        params.add(SOLD.get(1));
        jdbc.sql("SELECT session_id, cart FROM pos_transaction WHERE (" + where + ") AND session_state IN (?, ?)")
                .params(params)
                .query((rs, n) -> carts.put(rs.getString(1), Json.read(rs.getString(2), CART)))
                .list();
        return carts;
    }
}
