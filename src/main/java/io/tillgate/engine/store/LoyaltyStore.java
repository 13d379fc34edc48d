package io.tillgate.engine.store;

import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.engine.loyalty.ReturnPolicy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Points ledgers. Every operation on a profile's points first locks its account row, so concurrent
 * sessions of one customer cannot spend the same points twice.
 */
@Repository
public class LoyaltyStore {
    /** Spend order: earliest expiry first, points that never expire last, older before newer. */
    private static final String SPEND_ORDER = " ORDER BY CASE WHEN expiry_date IS NULL THEN 1 ELSE 0 END, expiry_date, created, id";
    private final JdbcClient jdbc;
    private final String insertAccount;
    private final Dialect.KeyedRead account;

    public LoyaltyStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.insertAccount = dialect.insertIgnore("engine_loyalty_account",
                new String[]{"program_id", "profile_id", "spent_points", "negative_points"}, new String[]{"program_id", "profile_id"});
        this.account = dialect.keyedRead("SELECT spent_points FROM engine_loyalty_account", "engine_loyalty_account",
                "spent_points", "program_id = ? AND profile_id = ?");
    }

    /** A profile's points in a program, each to the hundredth as points are held (0.00, never 0 beside 0.00). */
    public record Balance(BigDecimal activePoints, BigDecimal pendingPoints, BigDecimal spentPoints,
                          BigDecimal expiredPoints, BigDecimal negativePoints) {
        public Balance {
            activePoints = points(activePoints);
            pendingPoints = points(pendingPoints);
            spentPoints = points(spentPoints);
            expiredPoints = points(expiredPoints);
            negativePoints = points(negativePoints);
        }

        private static BigDecimal points(BigDecimal value) {
            return value.setScale(io.tillgate.engine.session.BudgetAction.POINTS_SCALE, java.math.RoundingMode.UNNECESSARY);
        }
    }

    /** Locks the profile's account in the program, creating it first if it has none (one statement when it has). */
    public void lockAccount(long programId, String profileId) {
        if (lockExisting(programId, profileId)) {
            return;
        }
        Dialect.insertIgnore(jdbc, insertAccount, programId, profileId, BigDecimal.ZERO, BigDecimal.ZERO);
        if (!lockExisting(programId, profileId)) {
            throw new IllegalStateException("loyalty account " + programId + "/" + profileId + " neither found nor created");
        }
    }

    private boolean lockExisting(long programId, String profileId) {
        return account.lock(jdbc, programId, profileId);
    }

    public Balance balance(long programId, String profileId, Instant now) {
        var at = Timestamps.utc(now);
        BigDecimal[] points = jdbc.sql("""
                        SELECT COALESCE(SUM(CASE WHEN start_date <= ? AND (expiry_date IS NULL OR expiry_date > ?) THEN remaining END), 0),
                               COALESCE(SUM(CASE WHEN start_date > ? THEN remaining END), 0),
                               COALESCE(SUM(CASE WHEN expiry_date <= ? THEN remaining END), 0)
                          FROM engine_loyalty_points WHERE program_id = ? AND profile_id = ?""")
                .params(at, at, at, at, programId, profileId)
                .query((rs, n) -> new BigDecimal[]{rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3)})
                .single();
        var account = jdbc.sql("SELECT spent_points, negative_points FROM engine_loyalty_account WHERE program_id = ? AND profile_id = ?")
                .params(programId, profileId).query((rs, n) -> new BigDecimal[]{rs.getBigDecimal(1), rs.getBigDecimal(2)})
                .optional().orElse(new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
        return new Balance(points[0].subtract(account[1]).max(BigDecimal.ZERO), points[1], account[0], points[2], account[1]);
    }

    /**
     * Adds points. A negative balance (points taken back under {@code unlimited} after they were spent) is paid
     * off first, as Talon.One does: of 10 new points on a balance of −8, 2 remain. The caller holds the account.
     */
    public void add(long programId, String profileId, String uuid, String sessionId, BigDecimal amount, Instant start,
                    Instant expiry, Instant now) {
        BigDecimal negative = jdbc.sql("SELECT negative_points FROM engine_loyalty_account WHERE program_id = ? AND profile_id = ?")
                .params(programId, profileId).query(BigDecimal.class).optional().orElse(BigDecimal.ZERO);
        BigDecimal offset = negative.min(amount).max(BigDecimal.ZERO);
        if (offset.signum() > 0) {
            jdbc.sql("UPDATE engine_loyalty_account SET negative_points = negative_points - ? WHERE program_id = ? AND profile_id = ?")
                    .params(offset, programId, profileId).update();
        }
        jdbc.sql("""
                        INSERT INTO engine_loyalty_points (program_id, profile_id, transaction_uuid, session_id, amount, remaining,
                                                           start_date, expiry_date, created)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(programId, profileId, uuid, sessionId, amount, amount.subtract(offset), Timestamps.utc(start),
                        Timestamps.utc(expiry), Timestamps.utc(now))
                .update();
    }

    /** Spends {@code amount} active points in spend order; the caller checked the balance under the lock. */
    public void deduct(long programId, String profileId, String uuid, BigDecimal amount, Instant now) {
        jdbc.sql("INSERT INTO engine_loyalty_deduction (program_id, profile_id, transaction_uuid, amount, rolled_back, created) VALUES (?, ?, ?, ?, FALSE, ?)")
                .params(programId, profileId, uuid, amount, Timestamps.utc(now)).update();
        long deductionId = jdbc.sql("SELECT id FROM engine_loyalty_deduction WHERE transaction_uuid = ?").param(uuid).query(Long.class).single();
        BigDecimal left = amount;
        for (Slice slice : active(programId, profileId, now)) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal take = slice.remaining().min(left);
            jdbc.sql("UPDATE engine_loyalty_points SET remaining = remaining - ? WHERE id = ?").params(take, slice.id()).update();
            jdbc.sql("INSERT INTO engine_loyalty_consumption (deduction_id, points_id, amount) VALUES (?, ?, ?)")
                    .params(deductionId, slice.id(), take).update();
            left = left.subtract(take);
        }
        jdbc.sql("UPDATE engine_loyalty_account SET spent_points = spent_points + ? WHERE program_id = ? AND profile_id = ?")
                .params(amount.subtract(left), programId, profileId).update();
    }

    /** Gives back what a deduction spent, to the additions it came from. */
    public BigDecimal rollbackDeduction(String uuid) {
        Optional<long[]> deduction = jdbc.sql("SELECT id, program_id FROM engine_loyalty_deduction WHERE transaction_uuid = ? AND rolled_back = FALSE")
                .param(uuid).query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).optional();
        if (deduction.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal total = BigDecimal.ZERO;
        for (var c : jdbc.sql("SELECT points_id, amount FROM engine_loyalty_consumption WHERE deduction_id = ?")
                .param(deduction.get()[0]).query((rs, n) -> new Object[]{rs.getLong(1), rs.getBigDecimal(2)}).list()) {
            jdbc.sql("UPDATE engine_loyalty_points SET remaining = remaining + ? WHERE id = ?").params(c[1], c[0]).update();
            total = total.add((BigDecimal) c[1]);
        }
        jdbc.sql("UPDATE engine_loyalty_deduction SET rolled_back = TRUE WHERE id = ?").param(deduction.get()[0]).update();
        String profile = jdbc.sql("SELECT profile_id FROM engine_loyalty_deduction WHERE id = ?").param(deduction.get()[0]).query(String.class).single();
        jdbc.sql("UPDATE engine_loyalty_account SET spent_points = spent_points - ? WHERE program_id = ? AND profile_id = ?")
                .params(total, deduction.get()[1], profile).update();
        return total;
    }

    /**
     * Takes back up to {@code amount} of the points added by transaction {@code uuid}, as the return policy
     * allows, and returns how many were taken back. Points of the transaction still unspent go first; what
     * was spent meanwhile comes out of the rest of the balance ({@code within_balance}: only as far as it
     * goes; {@code unlimited}: the shortfall becomes negative points).
     */
    public BigDecimal rollbackAddition(String uuid, BigDecimal amount, ReturnPolicy policy, Instant now) {
        Optional<Slice> row = jdbc.sql("SELECT id, program_id, profile_id, remaining, start_date FROM engine_loyalty_points WHERE transaction_uuid = ?")
                .param(uuid).query((rs, n) -> new Slice(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4),
                        Timestamps.instant(rs, "start_date"))).optional();
        if (row.isEmpty() || amount.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        Slice own = row.get();
        boolean pending = own.start().isAfter(now);
        if (policy == ReturnPolicy.only_pending && !pending) {
            return BigDecimal.ZERO;
        }
        BigDecimal fromOwn = own.remaining().min(amount);
        jdbc.sql("UPDATE engine_loyalty_points SET remaining = remaining - ? WHERE id = ?").params(fromOwn, own.id()).update();
        BigDecimal left = amount.subtract(fromOwn);
        if (left.signum() > 0 && policy != ReturnPolicy.only_pending) {
            for (Slice other : active(own.programId(), own.profileId(), now)) {
                if (left.signum() <= 0) {
                    break;
                }
                BigDecimal take = other.remaining().min(left);
                jdbc.sql("UPDATE engine_loyalty_points SET remaining = remaining - ? WHERE id = ?").params(take, other.id()).update();
                left = left.subtract(take);
            }
            if (left.signum() > 0 && policy == ReturnPolicy.unlimited) {
                jdbc.sql("UPDATE engine_loyalty_account SET negative_points = negative_points + ? WHERE program_id = ? AND profile_id = ?")
                        .params(left, own.programId(), own.profileId()).update();
                left = BigDecimal.ZERO;
            }
        }
        return amount.subtract(left);
    }

    private record Slice(long id, long programId, String profileId, BigDecimal remaining, Instant start) {
    }

    private List<Slice> active(long programId, String profileId, Instant now) {
        return jdbc.sql("SELECT id, program_id, profile_id, remaining, start_date FROM engine_loyalty_points WHERE program_id = ? AND profile_id = ?"
                        + " AND remaining > 0 AND start_date <= ? AND (expiry_date IS NULL OR expiry_date > ?)" + SPEND_ORDER)
                .params(programId, profileId, Timestamps.utc(now), Timestamps.utc(now))
                .query((rs, n) -> new Slice(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4), Timestamps.instant(rs, "start_date")))
                .list();
    }
}
