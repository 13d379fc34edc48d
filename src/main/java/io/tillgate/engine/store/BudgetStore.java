package io.tillgate.engine.store;

import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.sql.Dialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Budget counters. A close locks the rows it may charge, in key order (so two closes never deadlock). */
@Repository
public class BudgetStore {
    private final JdbcClient jdbc;
    private final String insertIgnore;
    private final Dialect.KeyedRead byKey;

    public BudgetStore(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.byKey = dialect.keyedRead("SELECT counter FROM engine_budget", "engine_budget", "counter",
                "campaign_id = ? AND action = ? AND entity_key = ?");
        this.insertIgnore = dialect.insertIgnore("engine_budget", new String[]{"campaign_id", "action", "entity_key", "counter"},
                new String[]{"campaign_id", "action", "entity_key"});
    }

    private Optional<BigDecimal> counter(BudgetKey key, boolean lock) {
        return byKey.find(jdbc, (rs, n) -> rs.getBigDecimal(1), lock, key.campaignId(), key.action().name(), key.entityKey());
    }

    /** Reads the counters; with {@code lock}, creates missing rows and holds them until the transaction ends. */
    public Map<BudgetKey, BigDecimal> counters(Collection<BudgetKey> keys, boolean lock) {
        Map<BudgetKey, BigDecimal> counters = new TreeMap<>();
        for (BudgetKey key : new TreeSet<>(keys)) {
            Optional<BigDecimal> counter = counter(key, lock);
            if (counter.isEmpty() && lock) { // first use of this counter: create it, then lock it
                Dialect.insertIgnore(jdbc, insertIgnore, key.campaignId(), key.action().name(), key.entityKey(), BigDecimal.ZERO);
                counter = counter(key, true);
            }
            counter.ifPresent(value -> counters.put(key, value));
        }
        return counters;
    }

    public void add(BudgetKey key, BigDecimal delta) {
        jdbc.sql("UPDATE engine_budget SET counter = counter + ? WHERE campaign_id = ? AND action = ? AND entity_key = ?")
                .params(delta, key.campaignId(), key.action().name(), key.entityKey()).update();
    }

    public record Counter(BudgetAction action, String entityKey, BigDecimal counter) {
    }

    public List<Counter> ofCampaign(long campaignId) {
        return jdbc.sql("SELECT action, entity_key, counter FROM engine_budget WHERE campaign_id = ? ORDER BY action, entity_key")
                .param(campaignId)
                .query((rs, n) -> new Counter(BudgetAction.valueOf(rs.getString(1)), rs.getString(2), rs.getBigDecimal(3)))
                .list();
    }
}
