package io.tillgate.store;

import io.tillgate.translate.Operation;
import io.tillgate.translate.CartLine;
import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.json.Json;
import io.tillgate.pos.FieldError;
import io.tillgate.engine.session.SessionState;
import io.tillgate.translate.StoredSession;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored originals and outcomes. Callers hold a database transaction around load, save and record. */
@Repository
public class TransactionStore {
    private static final TypeReference<List<CartLine>> CART = new TypeReference<>() {
    };
    private static final TypeReference<List<FieldError>> WARNINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Dialect.KeyedRead byKey;

    public TransactionStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.byKey = dialect.keyedRead("""
                        SELECT store_id, transaction_id, session_id, session_state, modified_time, fingerprint, original, cart
                          FROM pos_transaction""", "pos_transaction", "session_state", "store_id = ? AND transaction_id = ?");
    }

    /** Loads the stored original and locks its row until the surrounding transaction ends. */
    public Optional<TransactionRecord> loadForUpdate(String storeId, String transactionId) {
        return byKey.find(jdbc, TransactionStore::record, true, storeId, transactionId);
    }

    public Optional<TransactionRecord> load(String storeId, String transactionId) {
        return byKey.find(jdbc, TransactionStore::record, false, storeId, transactionId);
    }

    /** Inserts a first-seen transaction; a concurrent first insert fails with a duplicate key, to be retried. */
    public void insert(TransactionRecord record, Instant now) {
        StoredSession s = record.session();
        jdbc.sql("""
                        INSERT INTO pos_transaction (store_id, transaction_id, session_id, session_state, modified_time,
                                                     fingerprint, original, cart, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(record.storeId(), record.transactionId(), record.sessionId(), s.state().wireName(),
                        Timestamps.utc(s.modifiedTime()), s.fingerprint(), Json.write(record.original()),
                        Json.write(s.cart()), Timestamps.utc(now))
                .update();
    }

    public void update(TransactionRecord record, Instant now) {
        StoredSession s = record.session();
        jdbc.sql("""
                        UPDATE pos_transaction SET session_state = ?, modified_time = ?, fingerprint = ?, original = ?,
                                                   cart = ?, updated_at = ?
                         WHERE store_id = ? AND transaction_id = ?""")
                .params(s.state().wireName(), Timestamps.utc(s.modifiedTime()), s.fingerprint(),
                        Json.write(record.original()), Json.write(s.cart()), Timestamps.utc(now),
                        record.storeId(), record.transactionId())
                .update();
    }

    /** The recorded outcome of a job, if it was processed: a redelivery finds its events here to publish again. */
    public Optional<ProcessedJob> processed(String jobId) {
        return jdbc.sql("SELECT store_id, transaction_id, request_id, processed_at, effects, events FROM pos_outcome WHERE job_id = ?")
                .param(jobId)
                .query((rs, n) -> new ProcessedJob(rs.getString(1), rs.getString(2), rs.getString(3), Timestamps.instant(rs, 4),
                        rs.getString(5) == null ? Json.MAPPER.createArrayNode() : Json.parse(rs.getString(5)),
                        rs.getString(6) == null ? null : Json.read(rs.getString(6), OutcomeEvents.class)))
                .optional();
    }

    /** Records a processed request's outcome and the events it published, in the worker's transaction. */
    public void record(String storeId, String transactionId, Outcome outcome, OutcomeEvents events) {
        jdbc.sql("""
                        INSERT INTO pos_outcome (job_id, store_id, transaction_id, client_id, request_id, modified_time,
                                                 operation, reason, plan, warnings, processed_at, session_operation, effects,
                                                 events)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(outcome.jobId(), storeId, transactionId, outcome.clientId(), outcome.requestId(),
                        Timestamps.utc(outcome.modifiedTime()), outcome.operation().name(), outcome.reason(),
                        Json.write(outcome.plan()), Json.write(outcome.warnings()), Timestamps.utc(outcome.processedAt()),
                        outcome.sessionOperation(), outcome.effects() == null ? "[]" : Json.write(outcome.effects()),
                        Json.write(events))
                .update();
    }

    /** A page of a transaction's outcomes, oldest first: a transaction re-sent without end has no end of them. */
    public List<Outcome> outcomes(String storeId, String transactionId, int offset, int limit) {
        return jdbc.sql(OUTCOME_COLUMNS + " WHERE store_id = ? AND transaction_id = ? ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(storeId, transactionId, offset, limit)
                .query(TransactionStore::outcome)
                .list();
    }

    /** The outcome of one job, if it was processed. */
    public Optional<Outcome> outcome(String jobId) {
        return jdbc.sql(OUTCOME_COLUMNS + " WHERE job_id = ?").param(jobId).query(TransactionStore::outcome).optional();
    }

    private static final String OUTCOME_COLUMNS = """
            SELECT job_id, request_id, client_id, modified_time, operation, reason, plan, warnings, processed_at,
                   session_operation, effects
              FROM pos_outcome""";

    private static Outcome outcome(ResultSet rs, int row) throws SQLException {
        return new Outcome(rs.getString(1).trim(), rs.getString(2), rs.getString(3),
                Timestamps.instant(rs, 4), Operation.valueOf(rs.getString(5)), rs.getString(6), Json.parse(rs.getString(7)),
                Json.read(rs.getString(8), WARNINGS), Timestamps.instant(rs, 9), rs.getString(10),
                rs.getString(11) == null ? Json.MAPPER.createArrayNode() : Json.parse(rs.getString(11)));
    }

    public int outcomeCount(String storeId, String transactionId) {
        return jdbc.sql("SELECT COUNT(*) FROM pos_outcome WHERE store_id = ? AND transaction_id = ?")
                .params(storeId, transactionId).query(Integer.class).single();
    }

    private static TransactionRecord record(ResultSet rs, int row) throws SQLException {
        StoredSession session = new StoredSession(SessionState.fromWire(rs.getString(4)), Timestamps.instant(rs, 5),
                rs.getString(6).trim(), Json.read(rs.getString(8), CART));
        JsonNode original = Json.parse(rs.getString(7));
        return new TransactionRecord(rs.getString(1), rs.getString(2), rs.getString(3), original, session);
    }
}
