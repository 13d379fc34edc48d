package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.store.GiveawayStore;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Giveaway pools, with the management key: made (tillgate's {@code POST}, in Talon.One's NewGiveawaysPool shape, as
 * Talon.One makes them in its Campaign Manager), read, filled by a CSV import (Talon.One's), and exported.
 */
@RestController
public class GiveawayApi implements EngineSurface {
    private static final Set<String> POOL_FIELDS = Set.of("name", "description", "subscribedApplicationsIds", "sandbox");
    private static final int MAX_TEXT = 1000;
    private static final int MAX_APPLICATIONS = 100;
    private static final int EXPORT_PAGE = 1000;
    private final Applications applications;
    private final GiveawayStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public GiveawayApi(Applications applications, GiveawayStore store, TransactionTemplate transactions, Clock clock) {
        this.applications = applications;
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/giveaways/pools", produces = "application/json")
    public ResponseEntity<JsonNode> create(@RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        ApiRefusal.requireManagementKey(applications, auth);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", POOL_FIELDS, "a giveaway pool");
        String name = Bodies.text(json, "name", true, MAX_TEXT);
        String description = Bodies.text(json, "description", false, MAX_TEXT);
        JsonNode sandbox = json.get("sandbox");
        if (sandbox == null || !sandbox.isBoolean()) {
            throw EngineException.invalid("/sandbox", "sandbox is required, true or false");
        }
        List<Long> subscribed = Bodies.applicationIds(json, "subscribedApplicationsIds", applications, MAX_APPLICATIONS);
        long id = store.createPool(name, description, subscribed, sandbox.booleanValue(), clock.instant());
        return ResponseEntity.status(201).body(view(pool(id)));
    }

    @GetMapping(path = "/v1/giveaways/pools", produces = "application/json")
    public ResponseEntity<JsonNode> list(@RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode data = body.putArray("data");
        store.pools().forEach(p -> data.add(view(p)));
        return ResponseEntity.ok(body.put("totalResultSize", data.size()));
    }

    @GetMapping(path = "/v1/giveaways/pools/{poolId}", produces = "application/json")
    public ResponseEntity<JsonNode> get(@PathVariable long poolId, @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        return ResponseEntity.ok(view(pool(poolId)));
    }

    /**
     * {@code importPoolGiveaways}: the {@code upFile} part's CSV ({@code code}, and optionally {@code startdate},
     * {@code enddate}, {@code attributes}), all of it or none; a line in error is named.
     */
    @PostMapping(path = "/v1/giveaways/pools/{poolId}/import", produces = "application/json")
    public ResponseEntity<JsonNode> importCodes(@PathVariable long poolId,
                                                @RequestHeader(value = "Authorization", required = false) String auth,
                                                @RequestHeader(value = "Content-Type", required = false) String contentType,
                                                @RequestBody(required = false) String body) {
        ApiRefusal.requireManagementKey(applications, auth);
        pool(poolId);
        String csv = MultipartBody.part(contentType, body, "upFile");
        List<GiveawayStore.Giveaway> codes = GiveawayCsv.read(csv);
        Instant now = clock.instant();
        Long importId = transactions.execute(status -> store.importCodes(poolId, codes, now));
        ObjectNode answer = Json.MAPPER.createObjectNode().put("id", importId).put("created", now.toString()).put("accountId", 0)
                .put("userId", 0).put("entity", "GiveawayPool").put("amount", codes.size());
        return ResponseEntity.ok(answer);
    }

    /** {@code exportPoolGiveaways}: every code of the pool as CSV, awarded ones with their customer. */
    @GetMapping(path = "/v1/giveaways/pools/{poolId}/export", produces = "application/csv")
    public ResponseEntity<String> export(@PathVariable long poolId,
                                         @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        pool(poolId);
        StringBuilder csv = new StringBuilder("id,poolid,code,startdate,enddate,attributes,used,importid,created,profileintegrationid\n");
        long after = 0;
        for (List<GiveawayStore.Giveaway> page = store.codes(poolId, EXPORT_PAGE, after); !page.isEmpty();
             page = store.codes(poolId, EXPORT_PAGE, after)) {
            for (GiveawayStore.Giveaway g : page) {
                csv.append(g.id()).append(',').append(g.poolId()).append(',').append(GiveawayCsv.quoted(g.code())).append(',')
                        .append(g.startDate() == null ? "" : g.startDate()).append(',').append(g.endDate() == null ? "" : g.endDate())
                        .append(',').append(GiveawayCsv.quoted(g.attributes())).append(',').append(g.awarded() != null).append(',')
                        .append(g.importId()).append(',').append(g.created()).append(',')
                        .append(g.profileId() == null ? "" : GiveawayCsv.quoted(g.profileId())).append('\n');
                after = g.id();
            }
        }
        return ResponseEntity.ok().header("Content-Type", "application/csv").body(csv.toString());
    }

    /** Talon.One's Giveaway, as {@code awardedGiveaways} lists it. */
    static ObjectNode giveaway(GiveawayStore.Giveaway g) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", g.id()).put("created", g.created().toString()).put("code", g.code())
                .put("poolId", g.poolId());
        if (g.startDate() != null) {
            n.put("startDate", g.startDate().toString());
        }
        if (g.endDate() != null) {
            n.put("endDate", g.endDate().toString());
        }
        n.set("attributes", Json.parse(g.attributes()));
        n.put("used", g.awarded() != null).put("importId", g.importId());
        if (g.profileId() != null) {
            n.put("profileIntegrationId", g.profileId());
        }
        return n;
    }

    private static ObjectNode view(GiveawayStore.Pool p) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", p.id()).put("created", p.created().toString()).put("accountId", 0)
                .put("name", p.name());
        if (p.description() != null) {
            n.put("description", p.description());
        }
        ArrayNode apps = n.putArray("subscribedApplicationsIds");
        p.applications().forEach(apps::add);
        return n.put("sandbox", p.sandbox()).put("modified", p.modified().toString()).put("createdBy", 0);
    }

    private GiveawayStore.Pool pool(long poolId) {
        return store.pool(poolId, false).orElseThrow(() -> EngineException.notFound("giveaway pool " + poolId + " does not exist"));
    }

}
