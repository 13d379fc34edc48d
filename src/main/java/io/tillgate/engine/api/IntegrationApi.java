package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.session.CustomerSession;
import io.tillgate.engine.lifecycle.SessionEngine;
import io.tillgate.engine.lifecycle.SessionOutcome;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.engine.json.Json;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Talon.One-compatible Integration API ({@code Authorization: ApiKey-v1 <key>}). A plain controller,
 * not a Camel route: these calls are synchronous request and answer, with no integration step between.
 */
@RestController
@RequestMapping(path = "/v2/customer_sessions", produces = "application/json")
public class IntegrationApi {
    /** The parts a request may ask for, all filled. */
    private static final Set<String> CONTENT = Set.of("customerSession", "customerProfile", "coupons", "triggeredCampaigns",
            "ruleFailureReasons", "loyalty", "awardedGiveaways", "previousReturns", "referral", "event");
    /** Talon.One's other parts: not built yet, so refused rather than left out without a word. */
    private static final Set<String> NOT_BUILT = Set.of("campaignEligibility");
    private final Applications applications;
    private final SessionEngine engine;
    private final ProfileStore profiles;
    private final CampaignCatalog catalog;
    private final LoyaltyView loyaltyView;
    private final io.tillgate.engine.store.GiveawayStore giveaways;
    private final io.tillgate.engine.store.ReferralStore referrals;
    private final io.tillgate.engine.store.EventStore events;

    public IntegrationApi(Applications applications, SessionEngine engine, ProfileStore profiles, CampaignCatalog catalog,
                          LoyaltyView loyaltyView, io.tillgate.engine.store.GiveawayStore giveaways,
                          io.tillgate.engine.store.ReferralStore referrals, io.tillgate.engine.store.EventStore events) {
        this.referrals = referrals;
        this.events = events;
        this.giveaways = giveaways;
        this.applications = applications;
        this.engine = engine;
        this.profiles = profiles;
        this.catalog = catalog;
        this.loyaltyView = loyaltyView;
    }

    @PutMapping("/{id}")
    public ResponseEntity<JsonNode> update(@PathVariable String id, @RequestParam(defaultValue = "false") boolean dry,
                                           @RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        Application app = application(auth);
        JsonNode json = Bodies.parse(contentType, body);
        Set<String> content = responseContent(json);
        SessionOutcome outcome = engine.update(app, SessionRequests.sessionId(id), SessionRequests.update(json, app.money()), dry);
        return ResponseEntity.ok(state(app, outcome, content, dry));
    }

    @PostMapping("/{id}/returns")
    public ResponseEntity<JsonNode> returns(@PathVariable String id, @RequestParam(defaultValue = "false") boolean dry,
                                            @RequestHeader(value = "Authorization", required = false) String auth,
                                            @RequestHeader(value = "Content-Type", required = false) String contentType,
                                            @RequestBody(required = false) String body) {
        Application app = application(auth);
        JsonNode json = Bodies.parse(contentType, body);
        Set<String> content = responseContent(json);
        SessionOutcome outcome = engine.returnItems(app, SessionRequests.sessionId(id), SessionRequests.returns(json), dry);
        return ResponseEntity.ok(state(app, outcome, content, dry));
    }

    @PutMapping("/{id}/reopen")
    public ResponseEntity<JsonNode> reopen(@PathVariable String id,
                                           @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = application(auth);
        SessionOutcome outcome = engine.reopen(app, SessionRequests.sessionId(id));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("effects", Views.effects(outcome.effects()));
        return ResponseEntity.ok(body);
    }

    @GetMapping("/{id}")
    public ResponseEntity<JsonNode> get(@PathVariable String id,
                                        @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = application(auth);
        CustomerSession session = engine.get(app, SessionRequests.sessionId(id))
                .orElseThrow(() -> EngineException.notFound("customer session '" + id + "' does not exist"));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("customerSession", Views.session(session, app.money()));
        body.set("effects", Views.effects(session.effects()));
        return ResponseEntity.ok(body);
    }

    /** Talon.One's Return: no event ids or accounts in tillgate (0). */
    private ObjectNode returnView(Application app, CustomerSession session, io.tillgate.engine.store.SessionStore.Return r) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", r.id()).put("created", r.created().toString())
                .put("applicationId", app.id()).put("accountId", 0);
        ArrayNode items = n.putArray("returnedCartItems");
        r.items().forEach(i -> items.addObject().put("position", i.position()).put("quantity", i.quantity()));
        n.put("eventId", 0).put("sessionId", session.id()).put("sessionIntegrationId", session.integrationId());
        if (session.profileId() != null) {
            profiles.find(app.id(), session.profileId()).ifPresent(p -> n.put("profileId", p.id()));
            n.put("profileIntegrationId", session.profileId());
        }
        return n;
    }

    private Application application(String auth) {
        return applications.byApiKey(auth).orElseThrow(ApiRefusal::integrationKeyRequired);
    }

    private static Set<String> responseContent(JsonNode body) {
        Set<String> content = new HashSet<>();
        JsonNode list = body.get("responseContent");
        if (list == null || list.isNull()) {
            return content;
        }
        if (!list.isArray()) {
            throw EngineException.invalid("/responseContent", "responseContent must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            String value = list.get(i).asText();
            if (NOT_BUILT.contains(value)) {
                throw EngineException.invalid("/responseContent/" + i, "'" + value + "' is not supported yet; tillgate fills "
                        + new java.util.TreeSet<>(CONTENT));
            }
            if (!CONTENT.contains(value)) {
                throw EngineException.invalid("/responseContent/" + i, "'" + value + "' is not one of " + CONTENT);
            }
            content.add(value);
        }
        return content;
    }

    /**
     * Talon.One's Event of this request: the built-in event it was, with this request's effects. Its id is recorded, so
     * that each is unique; a dry run's, which happened nowhere, is 0. tillgate has no events API to read one back.
     */
    private ObjectNode event(Application app, SessionOutcome outcome, boolean dry) {
        CustomerSession session = outcome.session();
        ObjectNode event = Json.MAPPER.createObjectNode()
                .put("id", dry ? 0 : events.record(app.id(), session.integrationId(), outcome.event(), session.updated()))
                .put("created", session.updated().toString())
                .put("applicationId", app.id());
        if (session.profileId() != null) {
            event.put("profileId", session.profileId());
        }
        if (session.storeId() != null) {
            event.put("storeIntegrationId", session.storeId());
        }
        event.put("type", outcome.event()).putObject("attributes");
        event.put("sessionId", session.integrationId());
        event.set("effects", Views.effects(outcome.effects()));
        return event;
    }

    private ObjectNode state(Application app, SessionOutcome outcome, Set<String> content, boolean dry) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        CustomerSession session = outcome.session();
        if (content.contains("customerSession")) {
            body.set("customerSession", Views.session(session, app.money()));
        }
        if (content.contains("customerProfile") && session.profileId() != null) {
            profiles.find(app.id(), session.profileId()).ifPresent(p -> body.set("customerProfile", Views.profile(p, app.money())));
        }
        if (content.contains("coupons")) {
            ArrayNode coupons = body.putArray("coupons");
            outcome.coupons().forEach(c -> coupons.add(Views.integrationCoupon(c)));
        }
        if (content.contains("triggeredCampaigns")) {
            ArrayNode campaigns = body.putArray("triggeredCampaigns");
            outcome.triggeredCampaigns().forEach(id -> catalog.get(app.id(), id)
                    .ifPresent(c -> campaigns.add(Views.campaign(c, session.created()))));
        }
        if (content.contains("ruleFailureReasons")) {
            body.set("ruleFailureReasons", Views.failures(outcome.failures()));
        }
        if (content.contains("loyalty") && (session.profileId() != null || !session.loyaltyCards().isEmpty())) {
            body.set("loyalty", loyaltyView.of(session.profileId(), session.loyaltyCards()));
        }
        if (content.contains("previousReturns")) {
            // the returns before this request: a return made by it is not a previous one
            ArrayNode previous = body.putArray("previousReturns");
            engine.returns(session).stream().filter(r -> r.created().isBefore(session.updated()))
                    .forEach(r -> previous.add(returnView(app, session, r)));
        }
        if (content.contains("event")) {
            body.set("event", event(app, outcome, dry));
        }
        if (content.contains("referral") && session.referralCode() != null) {
            // the session's referral code as it stands after this request, with the customers who used it
            referrals.find(app.id(), session.referralCode(), false).ifPresent(r -> body.set("referral",
                    Views.referral(r).set("referredCustomers", Json.MAPPER.valueToTree(referrals.referred(r.id())))));
        }
        if (content.contains("awardedGiveaways")) {
            ArrayNode awarded = body.putArray("awardedGiveaways");
            List<Long> ids = outcome.effects().stream().filter(e -> e.props() instanceof io.tillgate.engine.effects.AwardGiveaway.Props)
                    .map(e -> ((io.tillgate.engine.effects.AwardGiveaway.Props) e.props()).giveawayId()).toList();
            giveaways.byIds(ids).forEach(g -> awarded.add(GiveawayApi.giveaway(g)));
        }
        body.set("effects", Views.effects(outcome.effects()));
        ArrayNode created = body.putArray("createdCoupons");
        outcome.createdCoupons().forEach(c -> created.add(Views.coupon(c, session.updated())));
        ArrayNode createdReferrals = body.putArray("createdReferrals");
        outcome.createdReferrals().forEach(r -> createdReferrals.add(Views.referral(r)));
        return body;
    }

}
