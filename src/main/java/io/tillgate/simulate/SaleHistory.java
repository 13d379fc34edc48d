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

    /**
     * How many sessions closed in [from, to): what a simulation will look at (the voided ones and web shops' among them,
     * passed over). Counted in the index alone.
     */
    public int count(long applicationId, Instant from, Instant to) {
        return jdbc.sql("SELECT COUNT(*) FROM engine_session WHERE application_id = ? AND closed_at >= ? AND closed_at < ?")
                .params(applicationId, Timestamps.utc(from), Timestamps.utc(to))
                .query(Integer.class).single();
    }

    /**
     * The next {@code limit} sessions after {@code after} that closed before {@code to}, in close order, and the sales
     * among them. The sessions come from the index alone (a session's row, with its effects and ledger, is large); the
     * sales from their stored originals.
     */
    public Page page(long applicationId, Instant to, Cursor after, int limit) {
        // two index ranges, each in the index's order: the rest of the sessions that closed when the last page ended,
        // then those after; one range with an OR would read every session of that time again for each page
        List<Cursor> sessions = new ArrayList<>(jdbc.sql("""
                        SELECT closed_at, integration_id FROM engine_session
                         WHERE application_id = ? AND closed_at = ? AND integration_id > ?
                         ORDER BY application_id, closed_at, integration_id FETCH FIRST ? ROWS ONLY""")
                .params(applicationId, Timestamps.utc(after.closedAt()), after.sessionId(), limit)
                .query(SaleHistory::cursor).list());
        if (sessions.size() < limit) {
            sessions.addAll(jdbc.sql("""
                            SELECT closed_at, integration_id FROM engine_session
                             WHERE application_id = ? AND closed_at > ? AND closed_at < ?
                             ORDER BY application_id, closed_at, integration_id FETCH FIRST ? ROWS ONLY""")
                    .params(applicationId, Timestamps.utc(after.closedAt()), Timestamps.utc(to), limit - sessions.size())
                    .query(SaleHistory::cursor).list());
        }
        if (sessions.isEmpty()) {
            return new Page(0, List.of(), after);
        }
        Map<String, Stored> stored = originals(sessions.stream().map(Cursor::sessionId).toList());
        List<HistoricalSale> sales = new ArrayList<>();
        for (Cursor session : sessions) {
            Stored sale = stored.get(session.sessionId());
            if (sale != null) {
                sales.add(new HistoricalSale(sale.storeId(), sale.transactionId(), session.sessionId(), session.closedAt(),
                        sale.original(), sale.cart()));
            }
        }
        return new Page(sessions.size(), List.copyOf(sales), sessions.get(sessions.size() - 1));
    }

    private static Cursor cursor(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Cursor(Timestamps.instant(rs, 1), rs.getString(2));
    }

    private record Stored(String storeId, String transactionId, JsonNode original, List<CartLine> cart) {
    }

    /** The stored originals of those of these sessions that are tills' sales still sold, by session id. */
    private Map<String, Stored> originals(List<String> sessionIds) {
        StringBuilder keys = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (String id : sessionIds) {
            int split = id.indexOf(SendTransactionReader.SESSION_SEPARATOR);
            if (split < 0) {
                continue; // a web shop's session: no till named it
            }
            keys.append(keys.isEmpty() ? "" : ", ").append("(?, ?)");
            params.add(id.substring(0, split));
            params.add(id.substring(split + 1));
        }
        Map<String, Stored> sales = new HashMap<>();
        if (params.isEmpty()) {
            return sales;
        }
        params.add(SOLD.get(0));
        params.add(SOLD.get(1));
        // a row-value IN: H2 looks each key up in the primary key, where an OR of ANDs would scan the table
        jdbc.sql("SELECT session_id, store_id, transaction_id, original, cart FROM pos_transaction"
                        + " WHERE (store_id, transaction_id) IN (" + keys + ") AND session_state IN (?, ?)")
                .params(params)
                .query((rs, n) -> sales.put(rs.getString(1), new Stored(rs.getString(2), rs.getString(3),
                        Json.parse(rs.getString(4)), Json.read(rs.getString(5), CART))))
                .list();
        return sales;
    }
}
