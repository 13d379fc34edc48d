package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.store.AdditionalCostStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The account's additional costs, with the management key, as Talon.One keeps them: created, listed, read and changed
 * (all but the name, which integrations send). A session of an application subscribed to a cost may carry its price.
 */
@RestController
public class AdditionalCostApi implements EngineSurface {
    private static final Pattern NAME = Pattern.compile("[A-Za-z]\\w*");
    private static final Pattern TITLE = Pattern.compile("[A-Za-z][A-Za-z0-9_.!~*'() -]*");
    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_APPLICATIONS = 100;
    private static final Set<String> FIELDS = Set.of("name", "title", "description", "subscribedApplicationsIds", "type");
    private final Applications applications;
    private final AdditionalCostStore store;
    private final Clock clock;
    private final io.tillgate.engine.catalog.CampaignAdmin campaigns;

    public AdditionalCostApi(Applications applications, AdditionalCostStore store, Clock clock,
                             io.tillgate.engine.catalog.CampaignAdmin campaigns) {
        this.campaigns = campaigns;
        this.applications = applications;
        this.store = store;
        this.clock = clock;
    }

    private record NewCost(String name, String title, String description, AdditionalCostStore.Type type, List<Long> applications) {
    }

    /** {@code createAdditionalCost}: 409 when a cost has the name or the title already. */
    @PostMapping(path = "/v1/additional_costs", produces = "application/json")
    public ResponseEntity<JsonNode> create(@RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        ApiRefusal.requireManagementKey(applications, auth);
        NewCost cost = read(Bodies.parse(contentType, body));
        taken(cost, -1);
        long id;
        try {
            id = store.create(cost.name(), cost.title(), cost.description(), cost.type(), cost.applications(), clock.instant());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw EngineException.conflict("an additional cost has this name or title", "/name");
        }
        return ResponseEntity.status(201).body(view(store.find(id).orElseThrow()));
    }

    /** {@code updateAdditionalCost}: the name stays what it is. */
    @PutMapping(path = "/v1/additional_costs/{additionalCostId}", produces = "application/json")
    public ResponseEntity<JsonNode> update(@PathVariable long additionalCostId,
                                           @RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        ApiRefusal.requireManagementKey(applications, auth);
        AdditionalCostStore.Cost existing = store.find(additionalCostId).orElseThrow(() -> notFound(additionalCostId));
        NewCost cost = read(Bodies.parse(contentType, body));
        if (!cost.name().equals(existing.name())) {
            throw EngineException.invalid("/name", "an additional cost's name is what integrations send; it stays '"
                    + existing.name() + "'");
        }
        taken(cost, additionalCostId);
        for (long application : existing.applications()) { // an application that loses the cost: its campaigns must not name it
            boolean subscribed = cost.applications().contains(application);
            List<Long> naming = campaigns.discounting(application, existing.name(), subscribed && cost.type() != AdditionalCostStore.Type.item,
                    subscribed && cost.type() != AdditionalCostStore.Type.session);
            if (!naming.isEmpty()) {
                throw EngineException.conflict("campaigns " + naming + " of application " + application + " discount '"
                        + existing.name() + "'; change them first", cost.applications().contains(application) ? "/type" : "/subscribedApplicationsIds");
            }
        }
        try {
            store.update(additionalCostId, cost.title(), cost.description(), cost.type(), cost.applications());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw EngineException.conflict("an additional cost has this title", "/title");
        }
        return ResponseEntity.ok(view(store.find(additionalCostId).orElseThrow(() -> notFound(additionalCostId))));
    }

    @GetMapping(path = "/v1/additional_costs/{additionalCostId}", produces = "application/json")
    public ResponseEntity<JsonNode> get(@PathVariable long additionalCostId,
                                        @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        return ResponseEntity.ok(view(store.find(additionalCostId).orElseThrow(() -> notFound(additionalCostId))));
    }

    /** {@code getAdditionalCosts}: by id ({@code sort}: {@code id} or {@code -id}). */
    @GetMapping(path = "/v1/additional_costs", produces = "application/json")
    public ResponseEntity<JsonNode> list(@RequestParam(defaultValue = "1000") int pageSize, @RequestParam(defaultValue = "0") int skip,
                                         @RequestParam(required = false) String sort,
                                         @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        Bodies.paging(pageSize, skip);
        if (sort != null && !sort.equals("id") && !sort.equals("-id")) {
            throw EngineException.invalidParameter("sort", "additional costs sort by id or -id");
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("totalResultSize", store.count());
        var data = body.putArray("data");
        store.list(skip, pageSize, "-id".equals(sort)).forEach(c -> data.add(view(c)));
        return ResponseEntity.ok(body);
    }

    private void taken(NewCost cost, long self) {
        store.byName(cost.name()).filter(c -> c.id() != self).ifPresent(c -> {
            throw EngineException.conflict("additional cost " + c.id() + " is named '" + cost.name() + "'", "/name");
        });
        store.byTitle(cost.title()).filter(c -> c.id() != self).ifPresent(c -> {
            throw EngineException.conflict("additional cost " + c.id() + " has the title '" + cost.title() + "'", "/title");
        });
    }

    private NewCost read(JsonNode json) {
        Bodies.onlyFields(json, "", FIELDS, "an additional cost");
        String name = Bodies.text(json, "name", true, MAX_NAME);
        if (!NAME.matcher(name).matches()) {
            throw EngineException.invalid("/name", "a name is a letter, then letters, digits and '_'");
        }
        String title = Bodies.text(json, "title", true, MAX_NAME);
        if (!TITLE.matcher(title).matches()) {
            throw EngineException.invalid("/title", "a title is a letter, then letters, digits, spaces and _.!~*'()-");
        }
        JsonNode description = json.get("description");
        if (description == null || !description.isTextual() || description.textValue().length() > MAX_DESCRIPTION
                || !ProfileIds.wellFormed(description.textValue())) {
            throw EngineException.invalid("/description", "description is required, a text of at most " + MAX_DESCRIPTION + " characters");
        }
        AdditionalCostStore.Type type = AdditionalCostStore.Type.session;
        JsonNode typeNode = json.get("type");
        if (typeNode != null && !typeNode.isNull()) {
            try {
                type = AdditionalCostStore.Type.valueOf(typeNode.asText());
            } catch (IllegalArgumentException e) {
                throw EngineException.invalid("/type", "type is session, item or both");
            }
        }
        return new NewCost(name, title, description.textValue(), type,
                Bodies.applicationIds(json, "subscribedApplicationsIds", applications, MAX_APPLICATIONS));
    }

    /** Talon.One's AccountAdditionalCost. */
    static ObjectNode view(AdditionalCostStore.Cost c) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", c.id()).put("created", c.created().toString()).put("accountId", 0)
                .put("name", c.name()).put("title", c.title()).put("description", c.description()).put("type", c.type().name());
        var ids = n.putArray("subscribedApplicationsIds");
        c.applications().forEach(ids::add);
        return n;
    }


    private static EngineException notFound(long id) {
        return EngineException.notFound("additional cost " + id + " does not exist");
    }
}
