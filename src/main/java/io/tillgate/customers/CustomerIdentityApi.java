package io.tillgate.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.api.ApiRefusal;
import io.tillgate.engine.api.Bodies;
import io.tillgate.engine.api.EngineSurface;
import io.tillgate.engine.api.ProfileIds;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.translate.CustomerIds;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.SessionMapping;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Links a customer's other ids to their profile (Management key): after {@code PUT
 * /v1/applications/1/customer_identities/SessionM_ID/sm-981 {"integrationId": "customer-42"}}, a sale paid with that
 * SessionM_ID counts for customer-42. Only the id types {@code mappings/session.yaml} resolves by link may be linked.
 * An id names one profile: linking it to another is a conflict, to be unlinked first. Two profiles of one person are
 * merged with {@code POST …/customer_merges {"from", "into"}}, and every merge is listed for the audit.
 */
@RestController
@RequestMapping(path = "/v1/applications/{applicationId}", produces = "application/json")
class CustomerIdentityApi implements EngineSurface {
    private final Applications applications;
    private final CustomerIdentities identities;
    private final MappingFile<SessionMapping> mapping;
    private final CustomerMerges merges;
    private final ProfileStore profiles;
    private final Clock clock;

    CustomerIdentityApi(Applications applications, CustomerIdentities identities, MappingFile<SessionMapping> mapping,
                        CustomerMerges merges, ProfileStore profiles, Clock clock) {
        this.profiles = profiles;
        this.applications = applications;
        this.identities = identities;
        this.merges = merges;
        this.mapping = mapping;
        this.clock = clock;
    }

    @PutMapping("/customer_identities/{idType}/{externalId}")
    ResponseEntity<JsonNode> link(@PathVariable long applicationId, @PathVariable String idType, @PathVariable String externalId,
                                  @RequestHeader(value = "Authorization", required = false) String auth,
                                  @RequestHeader(value = "Content-Type", required = false) String contentType,
                                  @RequestBody(required = false) String body) {
        authorize(auth, applicationId);
        checkId(idType, externalId);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("integrationId"), "a link; it has integrationId only");
        JsonNode id = json.get("integrationId");
        if (id == null || !id.isTextual() || !ProfileIds.valid(id.asText())) {
            throw EngineException.invalid("/integrationId", ProfileIds.RULE);
        }
        String integrationId = profiles.finalProfile(applicationId, id.asText()); // a merged profile: the one it went into
        CustomerIdentities.Link link = identities.link(applicationId, idType, externalId, integrationId, clock.instant());
        if (!link.integrationId().equals(integrationId)) {
            throw EngineException.conflict(idType + " '" + externalId + "' is linked to profile '" + link.integrationId()
                    + "'; unlink it first (DELETE this path)", "/integrationId");
        }
        return ResponseEntity.ok(view(link));
    }

    @GetMapping("/customer_identities/{idType}/{externalId}")
    ResponseEntity<JsonNode> get(@PathVariable long applicationId, @PathVariable String idType, @PathVariable String externalId,
                                 @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        return ResponseEntity.ok(view(identities.find(applicationId, idType, externalId).orElseThrow(
                () -> EngineException.notFound(idType + " '" + externalId + "' is linked to no profile"))));
    }

    @DeleteMapping("/customer_identities/{idType}/{externalId}")
    ResponseEntity<Void> unlink(@PathVariable long applicationId, @PathVariable String idType, @PathVariable String externalId,
                                @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        if (!identities.unlink(applicationId, idType, externalId)) {
            throw EngineException.notFound(idType + " '" + externalId + "' is linked to no profile");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/customer_profiles/{integrationId}/identities")
    ResponseEntity<JsonNode> ofProfile(@PathVariable long applicationId, @PathVariable String integrationId,
                                       @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        List<CustomerIdentities.Link> links = identities.ofProfile(applicationId, integrationId);
        ObjectNode page = Json.MAPPER.createObjectNode().put("totalResultSize", links.size());
        ArrayNode data = page.putArray("data");
        links.forEach(l -> data.add(view(l)));
        return ResponseEntity.ok(page);
    }

    /** Merges profile {@code from} into {@code into} ({@link CustomerMerges}); the merge as the audit keeps it. */
    @org.springframework.web.bind.annotation.PostMapping("/customer_merges")
    ResponseEntity<JsonNode> merge(@PathVariable long applicationId,
                                   @RequestHeader(value = "Authorization", required = false) String auth,
                                   @RequestHeader(value = "Content-Type", required = false) String contentType,
                                   @RequestBody(required = false) String body) {
        authorize(auth, applicationId);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("from", "into"), "a merge; it has from and into");
        String from = profileId(json, "from");
        String into = profileId(json, "into");
        CustomerMerges.Merge merge = merges.merge(applicationId, from, into);
        return ResponseEntity.status(201).body(view(merge));
    }

    @GetMapping("/customer_merges")
    ResponseEntity<JsonNode> merges(@PathVariable long applicationId,
                                    @org.springframework.web.bind.annotation.RequestParam(defaultValue = "50") int pageSize,
                                    @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        if (pageSize < 1 || pageSize > 1000) {
            throw EngineException.invalidParameter("pageSize", "pageSize is from 1 to 1000");
        }
        List<CustomerMerges.Merge> list = merges.merges(applicationId, pageSize);
        ObjectNode page = Json.MAPPER.createObjectNode().put("totalResultSize", list.size());
        ArrayNode data = page.putArray("data");
        list.forEach(m -> data.add(view(m)));
        return ResponseEntity.ok(page);
    }

    private static ObjectNode view(CustomerMerges.Merge merge) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", merge.id()).put("from", merge.from()).put("into", merge.into())
                .put("merged", merge.mergedAt().toString());
        n.set("moved", merge.moved());
        return n;
    }

    private static String profileId(JsonNode json, String field) {
        JsonNode id = json.get(field);
        if (id == null || !id.isTextual() || !ProfileIds.valid(id.asText())) {
            throw EngineException.invalid("/" + field, field + ": " + ProfileIds.RULE);
        }
        return id.asText();
    }

    private void checkId(String idType, String externalId) {
        Map<String, CustomerIds.Resolution> types = mapping.current().customer().types();
        if (types.get(idType) != CustomerIds.Resolution.LINKED) {
            List<String> linked = types.entrySet().stream().filter(e -> e.getValue() == CustomerIds.Resolution.LINKED)
                    .map(Map.Entry::getKey).sorted().toList();
            throw EngineException.invalidParameter("idType", "id type '" + idType + "' is not resolved by link in mappings/session.yaml"
                    + " (customer.types); the linked types are " + linked);
        }
        if (externalId.isBlank() || externalId.length() > ProfileStore.MAX_ID_LENGTH || hasControl(externalId)
                || !externalId.equals(externalId.strip()) || !ProfileIds.wellFormed(externalId)) {
            throw EngineException.invalidParameter("externalId", "an id is 1 to " + ProfileStore.MAX_ID_LENGTH
                    + " characters, without surrounding blanks, control characters or unpaired surrogates");
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static ObjectNode view(CustomerIdentities.Link link) {
        // a merged profile's own id shows as such
        return Json.MAPPER.createObjectNode().put("idType", link.idType().equals(CustomerMerges.MERGED) ? "mergedProfile" : link.idType())
                .put("id", link.externalId())
                .put("integrationId", link.integrationId()).put("created", link.created().toString());
    }

    private void authorize(String auth, long applicationId) {
        ApiRefusal.requireManagementKey(applications, auth);
        if (applications.byId(applicationId).isEmpty()) {
            throw EngineException.notFound("application " + applicationId + " does not exist");
        }
    }
}
