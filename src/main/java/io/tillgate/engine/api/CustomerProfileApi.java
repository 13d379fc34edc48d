package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.lifecycle.SessionEngine;
import io.tillgate.engine.store.ProfileStore;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Customer profiles as Talon.One's Integration API updates them: {@code PUT /v2/customer_profiles/{integrationId}} and,
 * for up to 1,000 at once, {@code PUT /v2/customer_profiles}. Attributes given are set, an attribute given as null is
 * removed, the others stay; campaigns read them as {@code profile.attributes}. With {@code runRuleEngine=true} the
 * campaigns run on the update ({@link SessionEngine#profileUpdated}), {@code dry} keeping nothing. The audiences an
 * update joins and leaves ({@code audiencesChanges}) change first, so that its rules see them. Evaluating chosen campaigns
 * is not built: asking for it is refused, never ignored.
 */
@RestController
@RequestMapping(path = "/v2/customer_profiles", produces = "application/json")
public class CustomerProfileApi implements EngineSurface {
    static final int MAX_ATTRIBUTES = ProfileStore.MAX_ATTRIBUTES;
    static final int MAX_ATTRIBUTES_SIZE = ProfileStore.MAX_ATTRIBUTES_SIZE;
    private static final int MAX_BULK = 1000;
    private static final Set<String> FIELDS = Set.of("attributes", "audiencesChanges", "responseContent", "evaluableCampaignIds");

    private final Applications applications;
    private final ProfileStore profiles;
    private final SessionEngine engine;
    private final CampaignCatalog catalog;
    private final LoyaltyView loyaltyView;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final io.tillgate.engine.store.AudienceStore audienceStore;

    public CustomerProfileApi(Applications applications, ProfileStore profiles, SessionEngine engine, CampaignCatalog catalog,
                              LoyaltyView loyaltyView, TransactionTemplate transactions, Clock clock,
                              io.tillgate.engine.store.AudienceStore audienceStore) {
        this.audienceStore = audienceStore;
        this.applications = applications;
        this.profiles = profiles;
        this.engine = engine;
        this.catalog = catalog;
        this.loyaltyView = loyaltyView;
        this.transactions = transactions;
        this.clock = clock;
    }

    @PutMapping("/{integrationId}")
    public ResponseEntity<JsonNode> update(@PathVariable String integrationId,
                                           @RequestParam(defaultValue = "false") boolean runRuleEngine,
                                           @RequestParam(required = false) Boolean dry,
                                           @RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        Application app = application(auth);
        if (dry != null && !runRuleEngine) {
            throw EngineException.invalidParameter("dry", "dry works with runRuleEngine=true only");
        }
        checkId(integrationId, null);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", FIELDS, "a profile update");
        Set<String> content = responseContent(json.get("responseContent"), runRuleEngine);
        if (json.hasNonNull("evaluableCampaignIds") && !(json.get("evaluableCampaignIds").isArray() && json.get("evaluableCampaignIds").isEmpty())) {
            throw EngineException.invalid("/evaluableCampaignIds", "evaluating chosen campaigns is not supported yet");
        }
        AudienceChanges audienceChanges = audiences(json.get("audiencesChanges"), "/audiencesChanges");
        ObjectNode changes = changes(json.get("attributes"), "/attributes");
        boolean dryRun = Boolean.TRUE.equals(dry);
        ObjectNode answer = transactions.execute(status -> {
            ProfileStore.Profile saved = save(app, integrationId, changes, clock.instant(), "/attributes");
            audienceChanges.adds().forEach(a -> audienceStore.add(a, saved.integrationId(), clock.instant()));
            audienceChanges.deletes().forEach(a -> audienceStore.remove(a, saved.integrationId()));
            ObjectNode body0 = Json.MAPPER.createObjectNode();
            if (!runRuleEngine) {
                body0.set("customerProfile", Views.profile(saved, app.money()));
                body0.putArray("effects");
                body0.putArray("createdCoupons");
                body0.putArray("createdReferrals");
            } else {
                SessionEngine.ProfileOutcome outcome = engine.profileUpdated(app, saved.integrationId(), dryRun);
                ProfileStore.Profile after = profiles.find(app.id(), outcome.profileId()).orElse(saved);
                body0.set("customerProfile", Views.profile(after, app.money()));
                if (content.contains("triggeredCampaigns")) {
                    ArrayNode campaigns = body0.putArray("triggeredCampaigns");
                    outcome.triggeredCampaigns().forEach(id -> catalog.get(app.id(), id)
                            .ifPresent(c -> campaigns.add(Views.campaign(c, after.lastActivity()))));
                }
                if (content.contains("ruleFailureReasons")) {
                    body0.set("ruleFailureReasons", Views.failures(outcome.failures()));
                }
                if (content.contains("loyalty")) {
                    body0.set("loyalty", loyaltyView.of(outcome.profileId()));
                }
                body0.set("effects", Views.effects(outcome.effects()));
                ArrayNode created = body0.putArray("createdCoupons");
                outcome.createdCoupons().forEach(c -> created.add(Views.coupon(c, after.lastActivity())));
                ArrayNode referrals = body0.putArray("createdReferrals");
                outcome.createdReferrals().forEach(r -> referrals.add(Views.referral(r)));
            }
            if (dryRun) {
                status.setRollbackOnly();
            }
            return body0;
        });
        return ResponseEntity.ok(answer);
    }

    /** The parts a profile update with the rule engine may ask for; without it none (as Talon.One says). */
    private static Set<String> responseContent(JsonNode list, boolean runRuleEngine) {
        if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) {
            return Set.of();
        }
        if (!runRuleEngine) {
            throw EngineException.invalid("/responseContent", "responseContent works with runRuleEngine=true only");
        }
        if (!list.isArray()) {
            throw EngineException.invalid("/responseContent", "responseContent is an array");
        }
        Set<String> content = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String value = list.get(i).asText();
            if (value.equals("event") || value.equals("awardedGiveaways")) {
                throw EngineException.invalid("/responseContent/" + i, "'" + value + "' is not supported yet; tillgate fills "
                        + new java.util.TreeSet<>(PROFILE_CONTENT));
            }
            if (!PROFILE_CONTENT.contains(value)) {
                throw EngineException.invalid("/responseContent/" + i, "'" + value + "' is not one of " + new java.util.TreeSet<>(PROFILE_CONTENT));
            }
            content.add(value);
        }
        return content;
    }

    private static final Set<String> PROFILE_CONTENT = Set.of("customerProfile", "triggeredCampaigns", "loyalty", "ruleFailureReasons");

    @PutMapping
    public ResponseEntity<JsonNode> updateMany(@RequestParam(defaultValue = "yes") String silent,
                                               @RequestHeader(value = "Authorization", required = false) String auth,
                                               @RequestHeader(value = "Content-Type", required = false) String contentType,
                                               @RequestBody(required = false) String body) {
        Application app = application(auth);
        if (!silent.equals("yes") && !silent.equals("no")) {
            throw EngineException.invalidParameter("silent", "silent is yes or no");
        }
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("customerProfiles"), "a bulk profile update");
        JsonNode list = json.get("customerProfiles");
        if (list == null || !list.isArray() || list.size() > MAX_BULK) {
            throw EngineException.invalid("/customerProfiles", "customerProfiles is a list of at most " + MAX_BULK + " profiles");
        }
        record Item(String integrationId, ObjectNode changes, String pointer) {
        }
        List<Item> items = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "/customerProfiles/" + i;
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw EngineException.invalid(at, "a profile is an object with integrationId and attributes");
            }
            Bodies.onlyFields(item, at, Set.of("integrationId", "attributes"), "a profile in a bulk update");
            JsonNode id = item.get("integrationId");
            if (id == null || !id.isTextual()) {
                throw EngineException.invalid(at + "/integrationId", "integrationId is required, a string");
            }
            checkId(id.asText(), at + "/integrationId");
            if (!seen.add(id.asText())) {
                throw EngineException.invalid(at + "/integrationId", "profile '" + id.asText() + "' is listed twice");
            }
            items.add(new Item(id.asText(), changes(item.get("attributes"), at + "/attributes"), at + "/attributes"));
        }
        Instant now = clock.instant();
        // one transaction, the profiles locked in one order: two bulk updates sharing profiles wait, never deadlock
        List<Item> ordered = items.stream().sorted(java.util.Comparator.comparing(Item::integrationId)).toList();
        java.util.Map<String, ProfileStore.Profile> saved = transactions.execute(status -> {
            java.util.Map<String, ProfileStore.Profile> done = new java.util.HashMap<>();
            for (Item item : ordered) {
                done.put(item.integrationId(), save(app, item.integrationId(), item.changes(), now, item.pointer()));
            }
            return done;
        });
        if (silent.equals("yes")) {
            return ResponseEntity.noContent().build();
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode states = answer.putArray("integrationStates");
        items.forEach(item -> states.addObject().set("customerProfile", Views.profile(saved.get(item.integrationId()), app.money())));
        return ResponseEntity.ok(answer);
    }

    /** Merges the changes into the profile's attributes (null removes one), within the bounds, and keeps them. */
    private ProfileStore.Profile save(Application app, String named, ObjectNode changes, Instant now, String pointer) {
        // a merged profile is the one it went into, asked again once held: a merge may commit while this waits for it
        String integrationId = profiles.finalProfile(app.id(), named);
        JsonNode held = profiles.lockAttributes(app.id(), integrationId, now);
        if (profiles.mergedInto(app.id(), integrationId).isPresent()) {
            integrationId = profiles.finalProfile(app.id(), integrationId);
            held = profiles.lockAttributes(app.id(), integrationId, now);
            if (profiles.mergedInto(app.id(), integrationId).isPresent()) {
                throw EngineException.conflict("profile '" + named + "' is being merged; retry", null);
            }
        }
        ObjectNode attributes = (ObjectNode) held.deepCopy();
        changes.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                attributes.remove(e.getKey());
            } else {
                attributes.set(e.getKey(), e.getValue());
            }
        });
        if (attributes.size() > MAX_ATTRIBUTES || Json.write(attributes).length() > MAX_ATTRIBUTES_SIZE) {
            throw EngineException.invalid(pointer, "a profile has at most " + MAX_ATTRIBUTES + " attributes, "
                    + MAX_ATTRIBUTES_SIZE / 1024 + " KiB in all; '" + integrationId + "' would have more");
        }
        profiles.setAttributes(app.id(), integrationId, attributes);
        String kept = integrationId;
        return profiles.find(app.id(), kept).orElseThrow(() -> EngineException.conflict("profile '" + named + "' changed meanwhile; retry", null));
    }

    private static ObjectNode changes(JsonNode attributes, String pointer) {
        if (attributes == null || attributes.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!attributes.isObject()) {
            throw EngineException.invalid(pointer, "attributes is an object of attribute names and values");
        }
        attributes.fieldNames().forEachRemaining(name -> {
            if (name.isBlank() || name.length() > 255 || !ProfileIds.wellFormed(name)) {
                throw EngineException.invalid(pointer, "an attribute name is 1 to 255 characters, without unpaired surrogates");
            }
        });
        if (!ProfileIds.wellFormed(attributes)) {
            throw EngineException.invalid(pointer, "an attribute's text has an unpaired surrogate: it is not text");
        }
        return (ObjectNode) attributes;
    }

    /** The audiences a profile update joins and leaves. */
    private record AudienceChanges(List<Long> adds, List<Long> deletes) {
    }

    /** {@code audiencesChanges}: ids of audiences that exist, to join ({@code adds}) or leave ({@code deletes}). */
    private AudienceChanges audiences(JsonNode changes, String pointer) {
        List<Long> adds = new ArrayList<>();
        List<Long> deletes = new ArrayList<>();
        if (changes == null || changes.isNull()) {
            return new AudienceChanges(adds, deletes);
        }
        if (!changes.isObject()) {
            throw EngineException.invalid(pointer, "audiencesChanges is an object of adds and deletes");
        }
        changes.fields().forEachRemaining(e -> {
            String at = pointer + "/" + e.getKey();
            if (!e.getKey().equals("adds") && !e.getKey().equals("deletes")) {
                throw EngineException.invalid(at, "'" + e.getKey() + "' is not a field of audiencesChanges");
            }
            JsonNode list = e.getValue();
            if (list.isNull()) {
                return;
            }
            if (!list.isArray() || list.size() > MAX_BULK) {
                throw EngineException.invalid(at, e.getKey() + " is a list of at most " + MAX_BULK + " audience ids");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode id = list.get(i);
                if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                    throw EngineException.invalid(at + "/" + i, "an audience id is a whole number");
                }
                if (audienceStore.find(id.longValue()).isEmpty()) {
                    throw EngineException.invalid(at + "/" + i, "audience " + id.longValue() + " does not exist");
                }
                (e.getKey().equals("adds") ? adds : deletes).add(id.longValue());
            }
        });
        for (Long both : adds) {
            if (deletes.contains(both)) {
                throw EngineException.invalid(pointer, "audience " + both + " is both in adds and in deletes");
            }
        }
        return new AudienceChanges(adds, deletes);
    }

    private static void checkId(String integrationId, String pointer) {
        if (!ProfileIds.valid(integrationId)) {
            String details = ProfileIds.RULE;
            throw pointer == null ? EngineException.invalidParameter("integrationId", details) : EngineException.invalid(pointer, details);
        }
    }

    private Application application(String auth) {
        return applications.byApiKey(auth).orElseThrow(ApiRefusal::integrationKeyRequired);
    }
}
