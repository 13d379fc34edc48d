package io.tillgate.engine.store;

import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.engine.session.CouponView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

@Repository
public class CouponStore {
    private static final String COLUMNS = "id, campaign_id, code, usage_limit, usage_counter, recipient, start_date, expiry_date, created";
    private final JdbcClient jdbc;
    private final String insertIgnore;
    private final Dialect.KeyedRead byCode;
    private final Dialect.KeyedRead byId;

    public CouponStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.byCode = dialect.keyedRead("SELECT " + COLUMNS + " FROM engine_coupon", "engine_coupon", "usage_limit",
                "application_id = ? AND code = ?");
        this.byId = dialect.keyedRead("SELECT " + COLUMNS + " FROM engine_coupon", "engine_coupon", "usage_limit",
                "application_id = ? AND id = ?");
        this.insertIgnore = dialect.insertIgnore("engine_coupon",
                new String[]{"application_id", "campaign_id", "code", "usage_limit", "usage_counter", "recipient", "expiry_date", "created"},
                new String[]{"application_id", "code"});
    }

    public record StoredCoupon(CouponView view, Instant created) {
    }

    /** The coupons of these codes; with {@code lock}, held until the transaction ends (in code order). */
    public Map<String, CouponView> find(long applicationId, Collection<String> codes, boolean lock) {
        Map<String, CouponView> found = new TreeMap<>();
        for (String code : new TreeSet<>(codes)) {
            byCode.find(jdbc, CouponStore::coupon, lock, applicationId, code).ifPresent(c -> found.put(code, c.view()));
        }
        return found;
    }

    /** The coupon of this id in the application; with {@code lock}, held until the transaction ends. */
    public Optional<CouponView> byId(long applicationId, long id, boolean lock) {
        return byId.find(jdbc, CouponStore::coupon, lock, applicationId, id).map(StoredCoupon::view);
    }

    /** Creates a coupon unless its code exists; true when created. */
    public boolean create(long applicationId, long campaignId, String code, int usageLimit, String recipient,
                          Instant expiry, Instant now) {
        return Dialect.insertIgnore(jdbc, insertIgnore, applicationId, campaignId, code, usageLimit, 0, recipient,
                Timestamps.utc(expiry), Timestamps.utc(now)) == 1;
    }

    public boolean exists(long applicationId, String code) {
        return jdbc.sql("SELECT COUNT(*) FROM engine_coupon WHERE application_id = ? AND code = ?")
                .params(applicationId, code).query(Integer.class).single() > 0;
    }

    public void redeem(long couponId, int delta) {
        jdbc.sql("UPDATE engine_coupon SET usage_counter = usage_counter + ? WHERE id = ?").params(delta, couponId).update();
    }

    public List<StoredCoupon> ofCampaign(long applicationId, long campaignId, Optional<String> code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM engine_coupon WHERE application_id = ? AND campaign_id = ?"
                        + (code.isPresent() ? " AND code = ?" : "") + " ORDER BY id")
                .params(code.isPresent() ? new Object[]{applicationId, campaignId, code.get()} : new Object[]{applicationId, campaignId})
                .query(CouponStore::coupon).list();
    }

    private static StoredCoupon coupon(ResultSet rs, int row) throws SQLException {
        return new StoredCoupon(new CouponView(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("code"),
                rs.getInt("usage_limit"), rs.getInt("usage_counter"), rs.getString("recipient"),
                Timestamps.instant(rs, "start_date"), Timestamps.instant(rs, "expiry_date")), Timestamps.instant(rs, "created"));
    }
}
