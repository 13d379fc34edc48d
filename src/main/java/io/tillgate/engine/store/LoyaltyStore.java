package io.tillgate.engine.store;

import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.engine.loyalty.ReturnPolicy;
import io.tillgate.engine.loyalty.Tiers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
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
                new String[]{"program_id", "profile_id", "spent_points", "negative_points", "joined"},
                new String[]{"program_id", "profile_id"});
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

    /**
     * Locks the profile's account in the program, creating it first if it has none (one statement when it has); a new
     * account joined the program {@code now}.
     */
    public void lockAccount(long programId, String profileId, Instant now) {
        if (lockExisting(programId, profileId)) {
            return;
        }
        Dialect.insertIgnore(jdbc, insertAccount, programId, profileId, BigDecimal.ZERO, BigDecimal.ZERO, Timestamps.utc(now));
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

    /** Forgets an owner's points in a program (a deleted card's): its additions, deductions, ledger and account. */
    public int forget(long programId, String owner) {
        jdbc.sql("DELETE FROM engine_loyalty_consumption WHERE deduction_id IN (SELECT id FROM engine_loyalty_deduction"
                + " WHERE program_id = ? AND profile_id = ?)").params(programId, owner).update();
        int rows = 0;
        for (String table : List.of("engine_loyalty_points", "engine_loyalty_deduction", "engine_loyalty_ledger", "engine_loyalty_account")) {
            rows += jdbc.sql("DELETE FROM " + table + " WHERE program_id = ? AND profile_id = ?").params(programId, owner).update();
        }
        return rows;
    }

    /** A profile's tier in a program as last kept, and when it joined the program (null: it has no account). */
    public record Account(Tiers.Standing standing, Instant joined) {
    }

    public Optional<Account> account(long programId, String profileId) {
        return jdbc.sql("SELECT tier_name, tier_since, tier_expiry, joined FROM engine_loyalty_account WHERE program_id = ? AND profile_id = ?")
                .params(programId, profileId)
                .query((rs, n) -> new Account(new Tiers.Standing(rs.getString(1), Timestamps.instant(rs, 2), Timestamps.instant(rs, 3)),
                        Timestamps.instant(rs, 4)))
                .optional();
    }

    /** Keeps the profile's tier; the caller holds the account. */
    public void keep(long programId, String profileId, Tiers.Standing standing) {
        jdbc.sql("UPDATE engine_loyalty_account SET tier_name = ?, tier_since = ?, tier_expiry = ? WHERE program_id = ? AND profile_id = ?")
                .params(standing.tier(), Timestamps.utc(standing.since()), Timestamps.utc(standing.expiry()), programId, profileId)
                .update();
    }

    /** What the ledger says of an addition or deduction: its name, and the session, campaign and rule it came from. */
    public record Note(String name, String sessionId, Long campaignId, String ruleName) {
    }

    /**
     * Adds points. A negative balance (points taken back under {@code unlimited} after they were spent) is paid
     * off first, as Talon.One does: of 10 new points on a balance of −8, 2 remain. The caller holds the account.
     */
    public void add(long programId, String profileId, String uuid, Note note, BigDecimal amount, Instant start,
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
                                                           start_date, expiry_date, created, name)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(programId, profileId, uuid, note.sessionId(), amount, amount.subtract(offset), Timestamps.utc(start),
                        Timestamps.utc(expiry), Timestamps.utc(now), note.name())
                .update();
        log(programId, profileId, uuid, ADDITION, amount, note, start, expiry, false, now);
    }

    private static final String ADDITION = "addition";
    private static final String SUBTRACTION = "subtraction";

    private void log(long programId, String profileId, String uuid, String kind, BigDecimal amount, Note note, Instant start,
                     Instant expiry, boolean createsNegative, Instant now) {
        jdbc.sql("""
                        INSERT INTO engine_loyalty_ledger (program_id, profile_id, transaction_uuid, kind, amount, name, session_id,
                                                           campaign_id, rule_name, start_date, expiry_date, creates_negative, created)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(programId, profileId, uuid, kind, amount, note.name(), note.sessionId(), note.campaignId(), note.ruleName(),
                        Timestamps.utc(start), Timestamps.utc(expiry), createsNegative, Timestamps.utc(now))
                .update();
    }

    /** The ledger entry of a rollback: the opposite of what the entry of {@code uuid} recorded, in its name. */
    private void logRollback(String uuid, String rolledBack, BigDecimal amount, boolean createsNegative, Instant now) {
        jdbc.sql("""
                        INSERT INTO engine_loyalty_ledger (program_id, profile_id, transaction_uuid, kind, amount, name, session_id,
                                                           campaign_id, rule_name, creates_negative, created)
                        SELECT program_id, profile_id, transaction_uuid, ?, ?, ?, session_id, campaign_id, rule_name, ?, ?
                          FROM engine_loyalty_ledger WHERE id = (SELECT MIN(id) FROM engine_loyalty_ledger
                                                                   WHERE transaction_uuid = ? AND kind = ?)""")
                .params(rolledBack.equals(ADDITION) ? SUBTRACTION : ADDITION, amount,
                        rolledBack.equals(ADDITION) ? "rollback of points added" : "rollback of points deducted",
                        createsNegative, Timestamps.utc(now), uuid, rolledBack)
                .update();
    }

    /** Spends {@code amount} active points in spend order; the caller checked the balance under the lock. */
    public void deduct(long programId, String profileId, String uuid, Note note, BigDecimal amount, Instant now) {
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
        log(programId, profileId, uuid, SUBTRACTION, amount.subtract(left), note, null, null, false, now);
    }

    /** Gives back what a deduction spent, to the additions it came from. */
    public BigDecimal rollbackDeduction(String uuid, Instant now) {
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
        if (total.signum() > 0) {
            logRollback(uuid, SUBTRACTION, total, false, now);
        }
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
        boolean negative = false;
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
                negative = true;
                left = BigDecimal.ZERO;
            }
        }
        BigDecimal taken = amount.subtract(left);
        if (taken.signum() > 0) {
            logRollback(uuid, ADDITION, taken, negative, now);
        }
        return taken;
    }

    /** An entry of a profile's ledger: a change to its points. {@code start} null: immediate; {@code expiry} null: unlimited. */
    public record LedgerEntry(long id, String transactionUUID, String kind, BigDecimal amount, String name, String sessionId,
                              Long campaignId, String ruleName, Instant start, Instant expiry, boolean createsNegative,
                              Instant created) {
    }

    /** Which ledger entries: of these sessions and transactions (empty: any), created in [from, to) (null: open). */
    public record LedgerFilter(List<String> sessionIds, List<String> transactionUUIDs, Instant from, Instant to) {
    }

    /** A page of entries, oldest first, and whether more follow. */
    public record Page<T>(List<T> items, boolean hasMore) {
    }

    public Page<LedgerEntry> ledger(long programId, String profileId, LedgerFilter filter, long skip, int pageSize) {
        List<Object> params = new ArrayList<>(List.of(programId, profileId));
        String where = filters(filter, "created", params);
        params.add(skip);
        params.add(pageSize + 1);
        List<LedgerEntry> entries = jdbc.sql("SELECT id, transaction_uuid, kind, amount, name, session_id, campaign_id, rule_name,"
                        + " start_date, expiry_date, creates_negative, created FROM engine_loyalty_ledger"
                        + " WHERE program_id = ? AND profile_id = ?" + where + " ORDER BY id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")
                .params(params)
                .query((rs, n) -> new LedgerEntry(rs.getLong(1), rs.getString(2).trim(), rs.getString(3), rs.getBigDecimal(4),
                        rs.getString(5), rs.getString(6), (Long) rs.getObject(7, Long.class), rs.getString(8),
                        Timestamps.instant(rs, 9), Timestamps.instant(rs, 10), rs.getBoolean(11), Timestamps.instant(rs, 12)))
                .list();
        return page(entries, pageSize);
    }

    /** Points added that are, at {@code at}, in a status, with what remains of them. */
    public record PointsEntry(long id, String transactionUUID, String name, String sessionId, BigDecimal remaining,
                              Instant start, Instant expiry, Instant created) {
    }

    /** Points of a status: active, pending or expired. */
    public enum PointsStatus {
        active(" AND start_date <= ? AND (expiry_date IS NULL OR expiry_date > ?)"),
        pending(" AND start_date > ?"),
        expired(" AND expiry_date <= ?");

        private final String where;

        PointsStatus(String where) {
            this.where = where;
        }
    }

    /** Points in a status with something remaining, ordered by {@code sort} (start or expiry, never-expiring last) then age. */
    public Page<PointsEntry> points(long programId, String profileId, PointsStatus status, Instant at, LedgerFilter filter,
                                    String sort, long skip, int pageSize) {
        List<Object> params = new ArrayList<>(List.of(programId, profileId));
        for (int i = 0; i < status.where.chars().filter(c -> c == '?').count(); i++) {
            params.add(Timestamps.utc(at));
        }
        String where = status.where + filters(filter, "created", params);
        String order = "expiryDate".equals(sort) ? "CASE WHEN expiry_date IS NULL THEN 1 ELSE 0 END, expiry_date, id"
                : "startDate".equals(sort) ? "start_date, id" : "id";
        params.add(skip);
        params.add(pageSize + 1);
        List<PointsEntry> entries = jdbc.sql("SELECT id, transaction_uuid, name, session_id, remaining, start_date, expiry_date, created"
                        + " FROM engine_loyalty_points WHERE program_id = ? AND profile_id = ? AND remaining > 0" + where
                        + " ORDER BY " + order + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")
                .params(params)
                .query((rs, n) -> new PointsEntry(rs.getLong(1), rs.getString(2).trim(), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), Timestamps.instant(rs, 6), Timestamps.instant(rs, 7), Timestamps.instant(rs, 8)))
                .list();
        return page(entries, pageSize);
    }

    private static String filters(LedgerFilter filter, String createdColumn, List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (!filter.sessionIds().isEmpty()) {
            where.append(" AND session_id IN (").append(String.join(", ", java.util.Collections.nCopies(filter.sessionIds().size(), "?"))).append(")");
            params.addAll(filter.sessionIds());
        }
        if (!filter.transactionUUIDs().isEmpty()) {
            where.append(" AND transaction_uuid IN (").append(String.join(", ", java.util.Collections.nCopies(filter.transactionUUIDs().size(), "?"))).append(")");
            params.addAll(filter.transactionUUIDs());
        }
        if (filter.from() != null) {
            where.append(" AND ").append(createdColumn).append(" >= ?");
            params.add(Timestamps.utc(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND ").append(createdColumn).append(" < ?");
            params.add(Timestamps.utc(filter.to()));
        }
        return where.toString();
    }

    private static <T> Page<T> page(List<T> fetched, int pageSize) {
        return fetched.size() > pageSize ? new Page<>(List.copyOf(fetched.subList(0, pageSize)), true) : new Page<>(fetched, false);
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
