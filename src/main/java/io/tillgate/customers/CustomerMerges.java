package io.tillgate.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.lifecycle.Tiering;
import io.tillgate.engine.sql.Timestamps;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.engine.store.ProfileTransfer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges two profiles of one person into the one they are to be known by: sessions, points, budget counters, coupons,
 * linked ids and attributes (the kept profile's win) move, and the merged id is linked to the kept one, so that a sale
 * that still names it counts for the kept profile. Both profiles are locked first, in one order, as the worker locks
 * customers: a merge and the sales of either customer wait for each other. Each merge is kept for the audit.
 */
@Component
public class CustomerMerges {
    /** The id type of a link from a merged profile's own id to the profile it was merged into. */
    static final String MERGED = "";

    private final JdbcClient jdbc;
    private final io.tillgate.engine.Applications applications;
    private final ProfileStore profiles;
    private final ProfileTransfer transfer;
    private final CustomerIdentities identities;
    private final Tiering tiering;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public CustomerMerges(JdbcClient jdbc, io.tillgate.engine.Applications applications, ProfileStore profiles,
                          ProfileTransfer transfer, CustomerIdentities identities, Tiering tiering,
                          TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.applications = applications;
        this.profiles = profiles;
        this.transfer = transfer;
        this.identities = identities;
        this.tiering = tiering;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A merge as the audit keeps it. */
    public record Merge(long id, String from, String into, JsonNode moved, Instant mergedAt) {
    }

    /**
     * Merges {@code from} into {@code into} (or, if that was merged itself, into the profile it went into). A profile id
     * is one customer in every application, as Talon.One's are unique within a deployment and as points are shared: the
     * merge is made in every application where {@code from} has a profile, one audit row each; the one named must be
     * among them. The merge as the named application's audit keeps it.
     */
    public Merge merge(long applicationId, String from, String named) {
        if (from.startsWith(CustomerErasure.ERASED) || named.startsWith(CustomerErasure.ERASED)) {
            throw EngineException.invalid(from.startsWith(CustomerErasure.ERASED) ? "/from" : "/into",
                    "ids starting with '" + CustomerErasure.ERASED + "' are erased customers'");
        }
        return transactions.execute(status -> {
            Instant now = clock.instant();
            String into = profiles.finalProfile(applicationId, named);
            // both rows held first, in the worker's order, then asked again: a merge that committed while this one waited
            // (the other way round, or the same one) is seen, and no two merges close a circle
            for (String id : new java.util.TreeSet<>(List.of(from, into))) {
                profiles.lock(applicationId, id);
            }
            if (profiles.find(applicationId, from).isEmpty()) {
                throw EngineException.notFound(profiles.mergedInto(applicationId, from)
                        .map(where -> "profile '" + from + "' was merged into '" + where + "' already")
                        .orElse("profile '" + from + "' does not exist in application " + applicationId));
            }
            String held = profiles.finalProfile(applicationId, named);
            if (held.equals(from)) {
                throw EngineException.invalid("/into", "a profile is merged into another one, not into itself"
                        + (held.equals(named) ? "" : " ('" + named + "' was merged into '" + from + "')"));
            }
            if (!held.equals(into)) {
                throw EngineException.conflict("profile '" + named + "' was merged into '" + held + "' meanwhile; retry", "/into");
            }
            Merge answer = null;
            for (io.tillgate.engine.Applications.Application app : applications.all()) {
                if (app.id() != applicationId && profiles.find(app.id(), from).isEmpty()) {
                    continue;
                }
                Merge merge = mergeIn(app.id(), from, into, now);
                if (app.id() == applicationId) {
                    answer = merge;
                }
            }
            return answer;
        });
    }

    /** The merge in one application: both profiles held, in the worker's order; the kept one created if it is new. */
    private Merge mergeIn(long applicationId, String from, String into, Instant now) {
        Map<String, JsonNode> attributes = new HashMap<>();
        for (String id : new java.util.TreeSet<>(List.of(from, into))) {
            attributes.put(id, profiles.lockAttributes(applicationId, id, now));
        }
        ObjectNode kept = ((ObjectNode) attributes.get(from)).deepCopy();
        kept.setAll((ObjectNode) attributes.get(into));
        Map<String, Integer> moved = new java.util.LinkedHashMap<>(transfer.transfer(applicationId, from, into, now));
        transfer.fold(applicationId, from, into, kept);
        moved.put("identities", identities.repoint(applicationId, from, into));
        identities.link(applicationId, MERGED, from, into, now);
        tiering.settle(into, accounts(into), now);
        JsonNode movedJson = Json.MAPPER.valueToTree(moved);
        jdbc.sql("INSERT INTO customer_merge (application_id, from_id, into_id, moved, merged_at) VALUES (?, ?, ?, ?, ?)")
                .params(applicationId, from, into, Json.write(movedJson), Timestamps.utc(now)).update();
        long id = jdbc.sql("SELECT MAX(id) FROM customer_merge WHERE application_id = ? AND from_id = ?")
                .params(applicationId, from).query(Long.class).single();
        return new Merge(id, from, into, movedJson, now);
    }

    /** The application's merges, newest first, at most {@code limit}. */
    public List<Merge> merges(long applicationId, int limit) {
        return jdbc.sql("SELECT id, from_id, into_id, moved, merged_at FROM customer_merge WHERE application_id = ?"
                        + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
                .params(applicationId, limit)
                .query((rs, n) -> new Merge(rs.getLong(1), rs.getString(2), rs.getString(3), Json.parse(rs.getString(4)),
                        Timestamps.instant(rs, 5)))
                .list();
    }

    /** The programs the profile has points in, none announcing a tier (a merge is no earning). */
    private Map<Long, io.tillgate.engine.session.Effect.Origin> accounts(String profileId) {
        Map<Long, io.tillgate.engine.session.Effect.Origin> programs = new HashMap<>();
        jdbc.sql("SELECT program_id FROM engine_loyalty_account WHERE profile_id = ?").param(profileId).query(Long.class).list()
                .forEach(program -> programs.put(program, null));
        return programs;
    }
}
