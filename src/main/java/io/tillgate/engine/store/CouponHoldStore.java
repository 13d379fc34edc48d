package io.tillgate.engine.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.sql.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Coupons bound to sessions ({@code engine_coupon_hold}): locked for a while, or redeemed. Every change to a coupon's
 * holds is made while its coupon row is locked ({@link CouponStore#find} with lock), which serializes them.
 */
@Repository
public class CouponHoldStore {
    private static final TypeReference<List<Charge>> CHARGES = new TypeReference<>() {
    };
    private static final String SELECT = "SELECT coupon_id, session_id, kind, expires_at, charges, amount, created FROM engine_coupon_hold";

    public enum Kind { LOCK, REDEMPTION }

    /**
     * A hold: its session, its kind, when a lock expires, the budget charges a redemption made, and the discount the
     * engine answered the till's call with (null where no till call made it).
     */
    public record Hold(long couponId, String sessionId, Kind kind, Instant expiresAt, List<Charge> charges,
                       BigDecimal amount, Instant created) {
    }

    private final JdbcClient jdbc;

    public CouponHoldStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The live locks other sessions hold on the coupon: each a use of it while it lasts. */
    public int liveLocksElsewhere(long couponId, String sessionId, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM engine_coupon_hold WHERE coupon_id = ? AND kind = 'LOCK' AND expires_at > ?"
                        + " AND session_id <> ?")
                .params(couponId, Timestamps.utc(now), sessionId).query(Integer.class).single();
    }

    /** The coupon's live locks held by sessions whose id starts with {@code scope}. */
    public List<Hold> liveLocks(long couponId, String scope, Instant now) {
        return jdbc.sql(SELECT + " WHERE coupon_id = ? AND kind = 'LOCK' AND expires_at > ? AND LEFT(session_id, ?) = ?")
                .params(couponId, Timestamps.utc(now), scope.length(), scope).query(CouponHoldStore::hold).list();
    }

    /** The latest redemption of the coupon held by a session whose id starts with {@code scope}. */
    public Optional<Hold> latestRedemption(long couponId, String scope) {
        return jdbc.sql(SELECT + " WHERE coupon_id = ? AND kind = 'REDEMPTION' AND LEFT(session_id, ?) = ?"
                        + " ORDER BY created DESC, session_id DESC")
                .params(couponId, scope.length(), scope).query(CouponHoldStore::hold).stream().findFirst();
    }

    public Optional<Hold> find(long couponId, String sessionId) {
        return jdbc.sql(SELECT + " WHERE coupon_id = ? AND session_id = ?")
                .params(couponId, sessionId).query(CouponHoldStore::hold).optional();
    }

    /** What a session holds, in the order it was taken. */
    public List<Hold> ofSession(long applicationId, String sessionId) {
        return jdbc.sql(SELECT + " WHERE application_id = ? AND session_id = ? ORDER BY created, coupon_id")
                .params(applicationId, sessionId).query(CouponHoldStore::hold).list();
    }

    /** Binds the coupon to the session until {@code expiresAt}, replacing the session's lock of it. */
    public void lock(long applicationId, long couponId, String sessionId, Instant expiresAt, BigDecimal amount, Instant now) {
        release(couponId, sessionId);
        insert(applicationId, couponId, sessionId, Kind.LOCK, expiresAt, List.of(), amount, now);
    }

    /**
     * Records the coupon redeemed for the session, with the charges to give back; replaces the session's lock, whose
     * amount it keeps when {@code amount} is null.
     */
    public void redeemed(long applicationId, long couponId, String sessionId, List<Charge> charges, BigDecimal amount,
                         Instant now) {
        BigDecimal kept = amount != null ? amount : find(couponId, sessionId).map(Hold::amount).orElse(null);
        release(couponId, sessionId);
        insert(applicationId, couponId, sessionId, Kind.REDEMPTION, null, charges, kept, now);
    }

    public void release(long couponId, String sessionId) {
        jdbc.sql("DELETE FROM engine_coupon_hold WHERE coupon_id = ? AND session_id = ?").params(couponId, sessionId).update();
    }

    /** Frees what a session locked and did not redeem: it ended (closed or cancelled) without them. */
    public void releaseLocks(long applicationId, String sessionId) {
        jdbc.sql("DELETE FROM engine_coupon_hold WHERE application_id = ? AND session_id = ? AND kind = 'LOCK'")
                .params(applicationId, sessionId).update();
    }

    /**
     * Forgets locks that expired before {@code cutoff}. An expired lock binds nothing, but it is kept a while: the sale
     * it was taken for still names the offer by its id, which the lock lets it resolve.
     */
    public int purgeLocksExpiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM engine_coupon_hold WHERE kind = 'LOCK' AND expires_at < ?")
                .param(Timestamps.utc(cutoff)).update();
    }

    private void insert(long applicationId, long couponId, String sessionId, Kind kind, Instant expiresAt,
                        List<Charge> charges, BigDecimal amount, Instant now) {
        jdbc.sql("""
                        INSERT INTO engine_coupon_hold (coupon_id, session_id, application_id, kind, expires_at, charges,
                                                        amount, created)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(couponId, sessionId, applicationId, kind.name(), expiresAt == null ? null : Timestamps.utc(expiresAt),
                        Json.write(charges), amount, Timestamps.utc(now))
                .update();
    }

    private static Hold hold(ResultSet rs, int row) throws SQLException {
        return new Hold(rs.getLong("coupon_id"), rs.getString("session_id"), Kind.valueOf(rs.getString("kind")),
                Timestamps.instant(rs, "expires_at"), Json.read(rs.getString("charges"), CHARGES),
                rs.getBigDecimal("amount"), Timestamps.instant(rs, "created"));
    }
}
