package io.tillgate.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency of POS requests: a row per request key, written by the worker in the transaction that processes
 * the request, read by the door to answer a repeat (200 with the same job id, nothing queued) or a reused key
 * with other content (409). The door writes nothing: requests it queued that no worker has recorded yet are
 * in its memory ({@code io.tillgate.ingress.RequestClaims}), and their job ids are derived from key and
 * content ({@link RequestKey#jobIdFor}). Rows from before that ({@code PENDING}: claimed at the door, not
 * processed yet) are recorded like any other when their job is processed.
 */
@Repository
public class PosRequestStore {
    private final JdbcClient jdbc;
    private final String insert;

    public PosRequestStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.insert = dialect.insertIgnore("pos_request",
                new String[]{"credential", "client_id", "request_id", "fingerprint", "job_id", "store_id", "transaction_id",
                        "status", "received_at"},
                new String[]{"credential", "client_id", "request_id"});
    }

    /** A request key as recorded: the content it was first used for, that request's job, whether it was processed. */
    public record Seen(String fingerprint, String jobId, boolean processed, Instant receivedAt) {
    }

    /** The door's look-up: what was recorded under the key, if anything. */
    public Optional<Seen> find(RequestKey key) {
        return jdbc.sql("SELECT fingerprint, job_id, status, received_at FROM pos_request WHERE credential = ? AND client_id = ? AND request_id = ?")
                .params(key.credential(), key.clientId(), key.requestId())
                .query((rs, n) -> new Seen(rs.getString(1).trim(), rs.getString(2).trim(), "ACCEPTED".equals(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /**
     * Records the key as this job's, in the transaction that processes the job (so a rolled-back attempt records
     * nothing). A key recorded for other content longer ago than {@code retention} before this request came is
     * forgotten and taken over; within it, this request is a {@link RequestRecording.Conflict}.
     */
    public RequestRecording record(RequestKey key, String fingerprint, String jobId, String storeId, String transactionId,
                                   Instant receivedAt, Duration retention) {
        if (Dialect.insertIgnore(jdbc, insert, key.credential(), key.clientId(), key.requestId(), fingerprint, jobId, storeId,
                transactionId, "ACCEPTED", Timestamps.utc(receivedAt)) == 1) {
            return new RequestRecording.First();
        }
        Seen seen = find(key).orElseThrow(() -> new IllegalStateException("request " + key + " was neither inserted nor found"));
        if (seen.jobId().equals(jobId)) {
            // a PENDING row is a claim the door made before the worker recorded keys: this is its first processing
            return !seen.processed() && accept(key, jobId) ? new RequestRecording.First() : new RequestRecording.Repeat();
        }
        if (seen.receivedAt().isBefore(receivedAt.minus(retention))) {
            int replaced = jdbc.sql("""
                            UPDATE pos_request SET fingerprint = ?, job_id = ?, store_id = ?, transaction_id = ?,
                                   status = 'ACCEPTED', received_at = ?
                             WHERE credential = ? AND client_id = ? AND request_id = ? AND job_id = ?""")
                    .params(fingerprint, jobId, storeId, transactionId, Timestamps.utc(receivedAt),
                            key.credential(), key.clientId(), key.requestId(), seen.jobId())
                    .update();
            return replaced == 1 ? new RequestRecording.First()
                    : record(key, fingerprint, jobId, storeId, transactionId, receivedAt, retention);
        }
        // the same content under an older job id: a claim from before job ids were derived from the content
        return seen.fingerprint().equals(fingerprint) ? new RequestRecording.Repeat() : new RequestRecording.Conflict(seen.jobId());
    }

    private boolean accept(RequestKey key, String jobId) {
        return jdbc.sql("""
                        UPDATE pos_request SET status = 'ACCEPTED'
                         WHERE credential = ? AND client_id = ? AND request_id = ? AND job_id = ? AND status = 'PENDING'""")
                .params(key.credential(), key.clientId(), key.requestId(), jobId)
                .update() == 1;
    }

    public int purgeReceivedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM pos_request WHERE received_at < ?").param(Timestamps.utc(cutoff)).update();
    }
}
