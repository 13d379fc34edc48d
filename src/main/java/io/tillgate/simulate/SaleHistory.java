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
        public static Cursor start(Instant from) {
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
        // two index ranges, each in the index's order: the rest of the sessions that closed when the last page ended,
        // then those after; one range with an OR would read every session of that time again for each page
        List<Session> sessions = new ArrayList<>(jdbc.sql(SESSIONS + """
                         AND closed_at = ? AND integration_id > ?
                         ORDER BY application_id, closed_at, integration_id FETCH FIRST ? ROWS ONLY""")
                .params(applicationId, SOLD.get(0), SOLD.get(1), Timestamps.utc(after.closedAt()), after.sessionId(), limit)
                .query(SaleHistory::session).list());
        if (sessions.size() < limit) {
            sessions.addAll(jdbc.sql(SESSIONS + """
                             AND closed_at > ? AND closed_at < ?
                             ORDER BY application_id, closed_at, integration_id FETCH FIRST ? ROWS ONLY""")
                    .params(applicationId, SOLD.get(0), SOLD.get(1), Timestamps.utc(after.closedAt()), Timestamps.utc(to),
                            limit - sessions.size())
                    .query(SaleHistory::session).list());
        }
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

    private record Session(String id, String profileId, List<String> codes, JsonNode attributes, Instant closedAt) {
    }

    private static final String SESSIONS = """
            SELECT integration_id, profile_id, coupon_codes, attributes, closed_at FROM engine_session
             WHERE application_id = ? AND state IN (?, ?)""";

    private static Session session(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Session(rs.getString(1), rs.getString(2), Json.read(rs.getString(3), CODES), Json.parse(rs.getString(4)),
                Timestamps.instant(rs, 5));
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
            where.append(where.isEmpty() ? "" : ", ").append("(?, ?)");
            params.add(id.substring(0, split));
            params.add(id.substring(split + 1));
        }
        Map<String, List<CartLine>> carts = new HashMap<>();
        if (params.isEmpty()) {
            return carts;
        }
        params.add(SOLD.get(0));
        params.add(SOLD.get(1));
        // a row-value IN: H2 looks each key up in the primary key, where an OR of ANDs would scan the table
        jdbc.sql("SELECT session_id, cart FROM pos_transaction WHERE (store_id, transaction_id) IN (" + where + ") AND session_state IN (?, ?)")
                .params(params)
                .query((rs, n) -> carts.put(rs.getString(1), Json.read(rs.getString(2), CART)))
                .list();
        return carts;
    }
}
