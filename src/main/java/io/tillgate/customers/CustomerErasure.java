package io.tillgate.customers;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.engine.store.ProfileTransfer;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.translate.CustomerIds;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.SessionMapping;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Erases a customer (Talon.One's {@code DELETE /v1/customer_data/{integrationId}}), in every application: the profile
 * and its attributes and the ids linked to it are deleted; its sessions, points, budget counters and coupons stay, so
 * that budgets, balances and later returns still add up, but under a new anonymous id; the stored originals of its
 * sales get that id in place of every customer id the mapping finds in them, and its sessions' effects and ledgers, and
 * its processed requests' stored effects, events and warnings, lose the ids too. Events already on the bus, or in the
 * outbox on their way, are not recalled.
 */
@Component
public class CustomerErasure {
    private final JdbcClient jdbc;
    private final Applications applications;
    private final ProfileStore profiles;
    private final ProfileTransfer transfer;
    private final CustomerIdentities identities;
    private final MappingFile<SessionMapping> mapping;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public CustomerErasure(JdbcClient jdbc, Applications applications, ProfileStore profiles, ProfileTransfer transfer,
                           CustomerIdentities identities, MappingFile<SessionMapping> mapping, TransactionTemplate transactions,
                           Clock clock) {
        this.jdbc = jdbc;
        this.applications = applications;
        this.profiles = profiles;
        this.transfer = transfer;
        this.identities = identities;
        this.mapping = mapping;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Erases the customer; false when nothing was known of them. */
    public boolean erase(String integrationId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = clock.instant();
            String anonymous = "erased-" + UUID.randomUUID();
            Map<String, Integer> moved = new LinkedHashMap<>();
            int found = 0;
            for (Applications.Application app : applications.all()) {
                if (profiles.find(app.id(), integrationId).isPresent()) {
                    profiles.lockAttributes(app.id(), integrationId, now);
                    found++;
                }
                List<String> sales = jdbc.sql("SELECT integration_id FROM engine_session WHERE application_id = ? AND profile_id = ?")
                        .params(app.id(), integrationId).query(String.class).list();
                transfer.transfer(app.id(), integrationId, anonymous, now).forEach((kind, n) -> moved.merge(kind, n, Integer::sum));
                moved.merge("originals", scrub(sales, integrationId, anonymous), Integer::sum);
                scrubSessions(app.id(), sales, integrationId, anonymous);
                // the profile, and the profiles merged into it: their ids are the customer's too
                moved.merge("profiles", jdbc.sql("DELETE FROM engine_profile WHERE application_id = ? AND (integration_id = ? OR merged_into = ?)")
                        .params(app.id(), integrationId, integrationId).update(), Integer::sum);
            }
            moved.put("identities", identities.forget(integrationId));
            if (found == 0 && moved.values().stream().allMatch(n -> n == 0)) {
                return false;
            }
            jdbc.sql("INSERT INTO customer_erasure (erased_as, moved, erased_at) VALUES (?, ?, ?)")
                    .params(anonymous, Json.write(moved), Timestamps.utc(now)).update();
            return true;
        }));
    }

    /**
     * The stored originals of the customer's sales, with the anonymous id in place of every customer id the mapping
     * finds (the linked ids as well as the profile's), and their outcomes' stored events and warnings without them.
     */
    private int scrub(List<String> sessionIds, String integrationId, String anonymous) {
        CustomerIds customer = mapping.current().customer();
        int scrubbed = 0;
        for (String sessionId : sessionIds) {
            int split = sessionId.indexOf(SendTransactionReader.SESSION_SEPARATOR);
            if (split < 0) {
                continue; // a web shop's session: no original is kept
            }
            String store = sessionId.substring(0, split);
            String transaction = sessionId.substring(split + 1);
            List<String> originals = jdbc.sql("SELECT original FROM pos_transaction WHERE store_id = ? AND transaction_id = ?")
                    .params(store, transaction).query(String.class).list();
            if (originals.isEmpty()) {
                continue;
            }
            JsonNode original = Json.parse(originals.get(0));
            Set<String> ids = new LinkedHashSet<>(List.of(integrationId));
            customer.found(original).forEach(f -> ids.add(f.value()));
            customer.replace(original, anonymous);
            jdbc.sql("UPDATE pos_transaction SET original = ? WHERE store_id = ? AND transaction_id = ?")
                    .params(Json.write(original), store, transaction).update();
            for (var outcome : jdbc.sql("SELECT id, events, warnings, effects FROM pos_outcome WHERE store_id = ? AND transaction_id = ?")
                    .params(store, transaction)
                    .query((rs, n) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}).list()) {
                jdbc.sql("UPDATE pos_outcome SET events = ?, warnings = ?, effects = ? WHERE id = ?")
                        .params(without(outcome[1], ids, anonymous), without(outcome[2], ids, anonymous),
                                without(outcome[3], ids, anonymous), Long.parseLong(outcome[0]))
                        .update();
            }
            scrubbed++;
        }
        return scrubbed;
    }

    /** The sessions' effects and ledgers, which name the customer as the recipient of points and coupons. */
    private void scrubSessions(long applicationId, List<String> sessionIds, String integrationId, String anonymous) {
        Set<String> ids = Set.of(integrationId);
        for (String sessionId : sessionIds) {
            jdbc.sql("SELECT effects, ledger FROM engine_session WHERE application_id = ? AND integration_id = ?")
                    .params(applicationId, sessionId).query((rs, n) -> new String[]{rs.getString(1), rs.getString(2)}).optional()
                    .ifPresent(row -> jdbc.sql("UPDATE engine_session SET effects = ?, ledger = ? WHERE application_id = ? AND integration_id = ?")
                            .params(without(row[0], ids, anonymous), without(row[1], ids, anonymous), applicationId, sessionId).update());
        }
    }

    /** A stored JSON text with each id, as JSON spells it inside a string, replaced. */
    private static String without(String json, Set<String> ids, String anonymous) {
        if (json == null) {
            return null;
        }
        String text = json;
        for (String id : ids) {
            String spelled = Json.write(id);
            text = text.replace(spelled.substring(1, spelled.length() - 1), anonymous);
        }
        return text;
    }
}
