package io.tillgate.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
 * Erases a customer (Talon.One's {@code DELETE /v1/customer_data/{integrationId}}), in every application. The customer
 * is the profile the id stands for (a merged profile's id stands for the profile it went into), with the ids of the
 * profiles merged into it and the ids linked to it. The profile, the merged profiles' markers and the links are deleted;
 * the sessions, points, budget counters and coupons stay, so that budgets, balances and later returns still add up, but
 * under a new anonymous id ({@code erased-…}, which no till or client may name). Wherever the customer's ids were
 * stored as values (the sales' stored originals, the sessions' effects and ledgers, the processed requests' stored
 * effects, events and warnings, the merge audit) the anonymous id takes their place; the originals' and the payments'
 * {@code custom_data}, the sessions' attributes, and the values updateAttribute wrote or replaced, which may hold more of
 * the customer, are emptied. Events already on
 * the bus, or in the outbox on their way, are not recalled.
 */
@Component
public class CustomerErasure {
    /** How an erased customer's anonymous id starts; no profile id may start so. */
    public static final String ERASED = ProfileStore.ERASED_PREFIX;

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
    public boolean erase(String named) {
        if (named.startsWith(ERASED)) {
            return false; // erased already
        }
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = clock.instant();
            String anonymous = ERASED + UUID.randomUUID();
            Map<String, Integer> moved = new LinkedHashMap<>();
            int found = 0;
            Set<String> erased = new LinkedHashSet<>(List.of(named)); // every id of the customer's the stores may hold
            for (Applications.Application app : applications.all()) {
                String integrationId = profiles.finalProfile(app.id(), named);
                erased.add(integrationId);
                if (profiles.find(app.id(), integrationId).isPresent()) {
                    profiles.lockAttributes(app.id(), integrationId, now);
                    found++;
                }
                erased.addAll(jdbc.sql("SELECT integration_id FROM engine_profile WHERE application_id = ? AND merged_into = ?")
                        .params(app.id(), integrationId).query(String.class).list());
                identities.ofProfile(app.id(), integrationId).forEach(link -> erased.add(link.externalId()));
                List<String> sessions = jdbc.sql("SELECT integration_id FROM engine_session WHERE application_id = ? AND profile_id = ?")
                        .params(app.id(), integrationId).query(String.class).list();
                transfer.transfer(app.id(), integrationId, anonymous, now).forEach((kind, n) -> moved.merge(kind, n, Integer::sum));
                moved.merge("originals", scrubOriginals(sessions, erased, anonymous), Integer::sum);
                scrubSessions(app.id(), sessions, erased, anonymous);
                // the profile, and the markers of the profiles merged into it: their ids are the customer's too
                moved.merge("profiles", jdbc.sql("DELETE FROM engine_profile WHERE application_id = ? AND (integration_id = ? OR merged_into = ?)")
                        .params(app.id(), integrationId, integrationId).update(), Integer::sum);
            }
            for (String id : erased) {
                moved.merge("identities", identities.forget(id), Integer::sum);
                moved.merge("merges", jdbc.sql("UPDATE customer_merge SET from_id = CASE WHEN from_id = ? THEN ? ELSE from_id END,"
                                + " into_id = CASE WHEN into_id = ? THEN ? ELSE into_id END WHERE from_id = ? OR into_id = ?")
                        .params(id, anonymous, id, anonymous, id, id).update(), Integer::sum);
            }
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
     * finds and without their {@code custom_data}, and their outcomes' stored effects, events and warnings without the
     * customer's ids.
     */
    private int scrubOriginals(List<String> sessionIds, Set<String> erased, String anonymous) {
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
            Set<String> ids = new LinkedHashSet<>(erased);
            customer.found(original).forEach(f -> ids.add(f.value()));
            customer.replace(original, anonymous);
            if (original instanceof ObjectNode o) {
                o.remove("custom_data");
                o.path("payments").forEach(p -> {
                    if (p instanceof ObjectNode payment) {
                        payment.remove("custom_data");
                    }
                });
            }
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

    /**
     * The sessions' effects and ledgers, which name the customer as the recipient of points and coupons; no attributes,
     * and no custom identifiers (a device's id, an IP address, are the customer's too).
     */
    private void scrubSessions(long applicationId, List<String> sessionIds, Set<String> erased, String anonymous) {
        for (String sessionId : sessionIds) {
            jdbc.sql("SELECT effects, ledger FROM engine_session WHERE application_id = ? AND integration_id = ?")
                    .params(applicationId, sessionId).query((rs, n) -> new String[]{rs.getString(1), rs.getString(2)}).optional()
                    .ifPresent(row -> jdbc.sql("UPDATE engine_session SET effects = ?, ledger = ?, attributes = '{}', identifiers = NULL"
                                    + " WHERE application_id = ? AND integration_id = ?")
                            .params(without(row[0], erased, anonymous), without(row[1], erased, anonymous), applicationId, sessionId)
                            .update());
        }
    }

    /** The fields of stored effects, ledgers and events that hold a profile's id. */
    private static final Set<String> PROFILE_FIELDS = Set.of("profileId", "recipientIntegrationId", "recipient", "integrationId",
            "profileIntegrationId", "customerProfileId", "customerProfileID");

    /** A stored JSON text with the customer's ids replaced (see {@link #without(String, JsonNode, Set, String)}). */
    private static String without(String json, Set<String> ids, String anonymous) {
        return json == null ? null : Json.write(without(null, Json.parse(json), ids, anonymous));
    }

    /**
     * The tree with the customer's ids replaced by the anonymous id where a field that holds a profile's id holds one,
     * and where one is quoted in words (a warning's: {@code SessionM_ID 'sm-981' is linked to no profile}). Other values
     * are left alone, however they are spelt: a line id or an effect's name may be "1" as well as a customer id.
     */
    static JsonNode without(String field, JsonNode node, Set<String> ids, String anonymous) {
        if (node instanceof ObjectNode object && (object.path("effectType").asText().equals("updateAttribute")
                || object.path("kind").asText().equals("attributeUpdate"))) {
            // what a rule wrote into the customer's attributes, and what it replaced, is the customer's too
            JsonNode props = object.has("props") ? object.get("props") : object;
            if (props instanceof ObjectNode values) {
                java.util.List.of("value", "previous").forEach(name -> {
                    if (values.has(name)) {
                        values.putNull(name);
                    }
                });
            }
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> e.setValue(without(e.getKey(), e.getValue(), ids, anonymous)));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, without(field, array.get(i), ids, anonymous));
            }
            return array;
        }
        if (node != null && node.isTextual()) {
            String text = node.textValue();
            if (field != null && PROFILE_FIELDS.contains(field) && ids.contains(text)) {
                return TextNode.valueOf(anonymous);
            }
            String scrubbed = text;
            for (String id : ids) {
                scrubbed = scrubbed.replace("'" + id + "'", "'" + anonymous + "'");
            }
            return scrubbed.equals(text) ? node : TextNode.valueOf(scrubbed);
        }
        return node;
    }
}
