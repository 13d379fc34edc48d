package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.catalog.CampaignAdmin;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.store.AudienceStore;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Audiences as Talon.One's Integration API keeps them: created, renamed and deleted with an application's key, their
 * members added and removed in bulk ({@code /v2/customer_audiences}); listed with the management key. Like loyalty
 * programs they are the deployment's: any application's key reaches every audience.
 */
@RestController
public class AudienceApi implements EngineSurface {
    /** What the text columns hold. */
    private static final int MAX_TEXT = 1000;
    private static final int MAX_CHANGES = 1000;
    private static final Set<String> NEW_FIELDS = Set.of("name", "sandbox", "description", "integration", "integrationId",
            "createdIn3rdParty", "lastUpdate");
    private final Applications applications;
    private final AudienceStore store;
    private final CampaignAdmin campaigns;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final io.tillgate.engine.store.ProfileStore profiles;

    public AudienceApi(Applications applications, AudienceStore store, CampaignAdmin campaigns, TransactionTemplate transactions,
                       Clock clock, io.tillgate.engine.store.ProfileStore profiles) {
        this.profiles = profiles;
        this.applications = applications;
        this.store = store;
        this.campaigns = campaigns;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** {@code createAudienceV2}: 409 when an audience has the integrationId already. */
    @PostMapping(path = "/v2/audiences", produces = "application/json")
    public ResponseEntity<JsonNode> create(@RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        integration(auth);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", NEW_FIELDS, "an audience");
        String integrationId = Bodies.text(json, "integrationId", false, MAX_TEXT);
        Instant lastUpdate = Bodies.time(json, "lastUpdate");
        AudienceStore.Audience audience = new AudienceStore.Audience(0, Bodies.text(json, "name", true, MAX_TEXT),
                Bodies.text(json, "description", false, MAX_TEXT), Bodies.text(json, "integration", false, MAX_TEXT), integrationId,
                bool(json, "sandbox"), bool(json, "createdIn3rdParty"),
                lastUpdate, clock.instant());
        long id;
        try {
            id = transactions.execute(status -> {
                if (integrationId != null && store.byIntegrationId(integrationId).isPresent()) {
                    throw EngineException.conflict("an audience with integrationId '" + integrationId + "' exists", "/integrationId");
                }
                return store.create(audience);
            });
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw EngineException.conflict("an audience with integrationId '" + integrationId + "' exists", "/integrationId");
        }
        return ResponseEntity.status(201).body(view(store.find(id).orElseThrow()));
    }

    /** {@code updateAudienceV2}: the name only. */
    @PutMapping(path = "/v2/audiences/{audienceId}", produces = "application/json")
    public ResponseEntity<JsonNode> rename(@PathVariable long audienceId,
                                           @RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        integration(auth);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("name"), "an audience update: only its name changes");
        String name = Bodies.text(json, "name", true, MAX_TEXT);
        if (!store.rename(audienceId, name, clock.instant())) {
            throw notFound(audienceId);
        }
        return ResponseEntity.ok(view(store.find(audienceId).orElseThrow(() -> notFound(audienceId))));
    }

    /** {@code deleteAudienceV2}: its memberships go with it; a 409 while a campaign's effect names it. */
    @DeleteMapping(path = "/v2/audiences/{audienceId}")
    public ResponseEntity<Void> delete(@PathVariable long audienceId,
                                       @RequestHeader(value = "Authorization", required = false) String auth) {
        integration(auth);
        List<Long> naming = campaigns.naming(audienceId);
        if (!naming.isEmpty()) {
            throw EngineException.conflict("campaigns " + naming + " add to or remove from audience " + audienceId + ": change them first", "/");
        }
        if (!transactions.execute(status -> store.delete(audienceId))) {
            throw notFound(audienceId);
        }
        return ResponseEntity.noContent().build();
    }

    /** {@code deleteAudienceMembershipsV2}: every member leaves. */
    @DeleteMapping(path = "/v2/audiences/{audienceId}/memberships")
    public ResponseEntity<Void> empty(@PathVariable long audienceId,
                                      @RequestHeader(value = "Authorization", required = false) String auth) {
        integration(auth);
        if (store.find(audienceId).isEmpty()) {
            throw notFound(audienceId);
        }
        store.removeMembers(audienceId);
        return ResponseEntity.noContent().build();
    }

    /** {@code updateCustomerProfileAudiences}: memberships added and removed, all or none. */
    @PostMapping(path = "/v2/customer_audiences")
    public ResponseEntity<Void> memberships(@RequestHeader(value = "Authorization", required = false) String auth,
                                            @RequestHeader(value = "Content-Type", required = false) String contentType,
                                            @RequestBody(required = false) String body) {
        io.tillgate.engine.Applications.Application app = applications.byApiKey(auth).orElseThrow(ApiRefusal::integrationKeyRequired);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("data"), "a membership request; the changes are in data");
        JsonNode data = json.get("data");
        if (data == null || !data.isArray() || data.size() > MAX_CHANGES) {
            throw EngineException.invalid("/data", "data is a list of at most " + MAX_CHANGES + " changes");
        }
        record Change(boolean add, long audienceId, String profileId) {
        }
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            String at = "/data/" + i;
            JsonNode item = data.get(i);
            if (!item.isObject()) {
                throw EngineException.invalid(at, "a change is an object of action, profileIntegrationId and audienceId");
            }
            Bodies.onlyFields(item, at, Set.of("action", "profileIntegrationId", "audienceId"), "a membership change");
            String action = item.path("action").asText("");
            if (!action.equals("add") && !action.equals("delete")) {
                throw EngineException.invalid(at + "/action", "action is add or delete");
            }
            String profile = item.path("profileIntegrationId").isTextual() ? item.get("profileIntegrationId").textValue() : null;
            if (!ProfileIds.valid(profile)) {
                throw EngineException.invalid(at + "/profileIntegrationId", ProfileIds.RULE);
            }
            JsonNode audience = item.get("audienceId");
            if (audience == null || !audience.isIntegralNumber() || !audience.canConvertToLong()) {
                throw EngineException.invalid(at + "/audienceId", "audienceId is required, a whole number");
            }
            if (store.find(audience.longValue()).isEmpty()) {
                throw EngineException.invalid(at + "/audienceId", "audience " + audience.longValue() + " does not exist");
            }
            changes.add(new Change(action.equals("add"), audience.longValue(), profile));
        }
        Instant now = clock.instant();
        try {
            transactions.executeWithoutResult(status -> changes.forEach(c -> {
                // a merged id names the profile it went into, as sessions and profile updates do
                String profile = profiles.finalProfile(app.id(), c.profileId());
                if (c.add()) {
                    store.add(c.audienceId(), profile, now);
                } else {
                    store.remove(c.audienceId(), profile);
                }
            }));
        } catch (org.springframework.dao.DataIntegrityViolationException deleted) {
            throw EngineException.conflict("an audience of the changes was deleted meanwhile; nothing was changed", "/data");
        }
        return ResponseEntity.noContent().build();
    }

    /** {@code getAudiences}, with the management key. */
    @GetMapping(path = "/v1/audiences", produces = "application/json")
    public ResponseEntity<JsonNode> list(@RequestParam(defaultValue = "1000") int pageSize,
                                         @RequestParam(defaultValue = "0") long skip,
                                         @RequestParam(defaultValue = "false") boolean withTotalResultSize,
                                         @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        Bodies.paging(pageSize, skip);
        long total = store.count();
        ObjectNode body = Json.MAPPER.createObjectNode().put("hasMore", total - skip > pageSize);
        if (withTotalResultSize) {
            body.put("totalResultSize", total);
        }
        ArrayNode data = body.putArray("data");
        store.page(pageSize, skip).forEach(a -> data.add(view(a)));
        return ResponseEntity.ok(body);
    }

    /** Talon.One's Audience; tillgate has one account, 0. */
    static ObjectNode view(AudienceStore.Audience a) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("accountId", 0).put("id", a.id()).put("created", a.created().toString())
                .put("name", a.name()).put("sandbox", a.sandbox());
        if (a.description() != null) {
            n.put("description", a.description());
        }
        if (a.integration() != null) {
            n.put("integration", a.integration());
        }
        if (a.integrationId() != null) {
            n.put("integrationId", a.integrationId());
        }
        n.put("createdIn3rdParty", a.createdIn3rdParty());
        if (a.lastUpdate() != null) {
            n.put("lastUpdate", a.lastUpdate().toString());
        }
        return n;
    }

    private void integration(String auth) {
        if (applications.byApiKey(auth).isEmpty()) {
            throw ApiRefusal.integrationKeyRequired();
        }
    }

    private static EngineException notFound(long audienceId) {
        return EngineException.notFound("audience " + audienceId + " does not exist");
    }

    /** A text field: 1 to 1,000 characters of text (required or absent). */

    private static boolean bool(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw EngineException.invalid("/" + field, field + " is true or false");
        }
        return value.booleanValue();
    }
}
