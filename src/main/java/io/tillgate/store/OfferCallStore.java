package io.tillgate.store;

import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Optional;

/**
 * The answers of the till's offer calls, by request id: a resend of a call gets the answer first given, and the same
 * request id with another call or payload is a conflict. An answer is recorded in the transaction that did the work,
 * so that the two stand or fall together.
 */
@Repository
public class OfferCallStore {
    private final JdbcClient jdbc;

    public OfferCallStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An answer as given: the call, the fingerprint of its body, its HTTP status and body, and when. */
    public record Answer(String call, String fingerprint, int status, String body, Instant receivedAt) {
    }

    public Optional<Answer> find(RequestKey key) {
        return jdbc.sql("""
                        SELECT call, fingerprint, status, answer, received_at FROM pos_offer_request
                         WHERE credential = ? AND client_id = ? AND request_id = ?""")
                .params(key.credential(), key.clientId(), key.requestId())
                .query((rs, n) -> new Answer(rs.getString(1), rs.getString(2).trim(), rs.getInt(3), rs.getString(4),
                        Timestamps.instant(rs, 5)))
                .optional();
    }

    /** Records the answer; a concurrent record of the same request id fails with a duplicate key. */
    public void record(RequestKey key, String storeId, String employeeId, Answer answer) {
        jdbc.sql("""
                        INSERT INTO pos_offer_request (credential, client_id, request_id, call, fingerprint, store_id,
                                                       employee_id, status, answer, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(key.credential(), key.clientId(), key.requestId(), answer.call(), answer.fingerprint(), storeId,
                        employeeId, answer.status(), answer.body(), Timestamps.utc(answer.receivedAt()))
                .update();
    }

    /** Forgets an answer older than the retention, so that its request id may be used again. */
    public void forget(RequestKey key) {
        jdbc.sql("DELETE FROM pos_offer_request WHERE credential = ? AND client_id = ? AND request_id = ?")
                .params(key.credential(), key.clientId(), key.requestId()).update();
    }

    public int purgeReceivedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM pos_offer_request WHERE received_at < ?").param(Timestamps.utc(cutoff)).update();
    }
}
