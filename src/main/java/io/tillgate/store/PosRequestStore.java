package io.tillgate.store;

import io.tillgate.engine.sql.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency of POS requests. A request is claimed before it is queued and confirmed by the worker that
 * processes it, so a claim whose message a crash lost stays unconfirmed, and a retry queues it again under
 * the same job id (the worker processes a job id once).
 */
@Repository
public class PosRequestStore {
    private final JdbcClient jdbc;
    private final DurableCommits durable;

    public PosRequestStore(JdbcClient jdbc, DurableCommits durable) {
        this.jdbc = jdbc;
        this.durable = durable;
    }

    /** Claims the request (on disk when it returns, see {@link DurableCommits}), or says whose it is. */
    public RequestClaim claim(RequestKey key, String fingerprint, String storeId, String transactionId,
                              Instant now, Duration retention) {
        RequestClaim claim = claimOrFind(key, fingerprint, storeId, transactionId, now, retention);
        if (claim instanceof RequestClaim.Fresh) {
            durable.flush();
        }
        return claim;
    }

    private RequestClaim claimOrFind(RequestKey key, String fingerprint, String storeId, String transactionId,
                                     Instant now, Duration retention) {
        String jobId = UUID.randomUUID().toString();
        try {
            insert(key, fingerprint, jobId, storeId, transactionId, now);
            return new RequestClaim.Fresh(jobId);
        } catch (DuplicateKeyException seen) {
            Optional<Row> row = find(key);
            if (row.isEmpty()) { // purged between the two statements
                return claimOrFind(key, fingerprint, storeId, transactionId, now, retention);
            }
            Row existing = row.get();
            if (existing.receivedAt().isBefore(now.minus(retention))) {
                int replaced = jdbc.sql("""
                                UPDATE pos_request SET fingerprint = ?, job_id = ?, store_id = ?, transaction_id = ?,
                                       status = 'PENDING', received_at = ?
                                 WHERE credential = ? AND client_id = ? AND request_id = ? AND job_id = ?""")
                        .params(fingerprint, jobId, storeId, transactionId, Timestamps.utc(now),
                                key.credential(), key.clientId(), key.requestId(), existing.jobId())
                        .update();
                return replaced == 1 ? new RequestClaim.Fresh(jobId)
                        : claimOrFind(key, fingerprint, storeId, transactionId, now, retention);
            }
            if (!existing.fingerprint().equals(fingerprint)) {
                return new RequestClaim.Conflict();
            }
            return "ACCEPTED".equals(existing.status()) ? new RequestClaim.Accepted(existing.jobId())
                    : new RequestClaim.Unconfirmed(existing.jobId());
        }
    }

    /**
     * Marks the job's claim accepted, in the transaction that processes the job. True when it was pending: then
     * this is the job's first processing (only this step accepts a claim, with the job's outcome), and the
     * caller need not look for an outcome. False when it was accepted already, or replaced, or never existed.
     */
    public boolean confirm(RequestKey key, String jobId) {
        return jdbc.sql("""
                        UPDATE pos_request SET status = 'ACCEPTED'
                         WHERE credential = ? AND client_id = ? AND request_id = ? AND job_id = ? AND status = 'PENDING'""")
                .params(key.credential(), key.clientId(), key.requestId(), jobId)
                .update() == 1;
    }

    /** The request a job id was answered to, while its claim is kept (the idempotency retention). */
    public Optional<AcceptedJob> job(String jobId) {
        return jdbc.sql("""
                        SELECT job_id, credential, client_id, request_id, store_id, transaction_id, received_at
                          FROM pos_request WHERE job_id = ?""")
                .param(jobId)
                .query((rs, n) -> new AcceptedJob(rs.getString(1).trim(), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Timestamps.instant(rs, 7)))
                .optional();
    }

    public int purgeReceivedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM pos_request WHERE received_at < ?").param(Timestamps.utc(cutoff)).update();
    }

    private void insert(RequestKey key, String fingerprint, String jobId, String storeId, String transactionId, Instant now) {
        jdbc.sql("""
                        INSERT INTO pos_request (credential, client_id, request_id, fingerprint, job_id, store_id,
                                                 transaction_id, status, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""")
                .params(key.credential(), key.clientId(), key.requestId(), fingerprint, jobId, storeId, transactionId,
                        Timestamps.utc(now))
                .update();
    }

    private Optional<Row> find(RequestKey key) {
        return jdbc.sql("SELECT fingerprint, job_id, status, received_at FROM pos_request WHERE credential = ? AND client_id = ? AND request_id = ?")
                .params(key.credential(), key.clientId(), key.requestId())
                .query((rs, n) -> new Row(rs.getString(1).trim(), rs.getString(2).trim(), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    private record Row(String fingerprint, String jobId, String status, Instant receivedAt) {
    }
}
