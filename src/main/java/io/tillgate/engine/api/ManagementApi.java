package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.campaign.Budget;
import io.tillgate.engine.campaign.BudgetEntity;
import io.tillgate.engine.campaign.BudgetPeriod;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.catalog.CampaignAdmin;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.catalog.CampaignCompiler;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.LoyaltyProgramDocument;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.loyalty.Tiers;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.store.LoyaltyStore;
import io.tillgate.engine.json.Json;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** The Management API ({@code Authorization: ManagementKey-v1 <key>}): campaigns, coupons, loyalty programs. */
@RestController
@RequestMapping(path = "/v1", produces = "application/json")
public class ManagementApi {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Applications applications;
    private final CampaignAdmin admin;
    private final CampaignCatalog catalog;
    private final BudgetStore budgets;
    private final CouponStore coupons;
    private final LoyaltyPrograms programs;
    private final LoyaltyStore loyalty;
    private final Clock clock;

    public ManagementApi(Applications applications, CampaignAdmin admin, CampaignCatalog catalog, BudgetStore budgets,
                         CouponStore coupons, LoyaltyPrograms programs, LoyaltyStore loyalty, Clock clock) {
        this.applications = applications;
        this.admin = admin;
        this.catalog = catalog;
        this.budgets = budgets;
        this.coupons = coupons;
        this.programs = programs;
        this.loyalty = loyalty;
        this.clock = clock;
    }

    @PutMapping("/applications/{applicationId}/campaigns/{campaignId}")
    public ResponseEntity<JsonNode> putCampaign(@PathVariable long applicationId, @PathVariable long campaignId,
                                                @RequestHeader(value = "Authorization", required = false) String auth,
                                                @RequestHeader(value = "Content-Type", required = false) String contentType,
                                                @RequestBody(required = false) String body) {
        authorize(auth, applicationId);
        Bodies.parse(contentType, body);
        Campaign campaign = admin.save(applicationId, campaignId, CampaignCatalog.parse(body));
        return ResponseEntity.ok(view(campaign));
    }

    @GetMapping("/applications/{applicationId}/campaigns/{campaignId}")
    public ResponseEntity<JsonNode> getCampaign(@PathVariable long applicationId, @PathVariable long campaignId,
                                                @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        return ResponseEntity.ok(view(campaign(applicationId, campaignId)));
    }

    @DeleteMapping("/applications/{applicationId}/campaigns/{campaignId}")
    public ResponseEntity<Void> deleteCampaign(@PathVariable long applicationId, @PathVariable long campaignId,
                                               @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        if (!admin.delete(applicationId, campaignId)) {
            throw EngineException.notFound("campaign " + campaignId + " of application " + applicationId + " does not exist");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/applications/{applicationId}/campaigns/{campaignId}/coupons")
    public ResponseEntity<JsonNode> listCoupons(@PathVariable long applicationId, @PathVariable long campaignId,
                                                @RequestParam Optional<String> value,
                                                @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        campaign(applicationId, campaignId);
        return ResponseEntity.ok(couponPage(coupons.ofCampaign(applicationId, campaignId, value)));
    }

    /** Creates {@code numberOfCoupons} coupons, from {@code couponPattern} ({@code #}: a random digit). */
    @PostMapping("/applications/{applicationId}/campaigns/{campaignId}/coupons")
    public ResponseEntity<JsonNode> createCoupons(@PathVariable long applicationId, @PathVariable long campaignId,
                                                  @RequestHeader(value = "Authorization", required = false) String auth,
                                                  @RequestHeader(value = "Content-Type", required = false) String contentType,
                                                  @RequestBody(required = false) String body) {
        authorize(auth, applicationId);
        Campaign campaign = campaign(applicationId, campaignId);
        JsonNode json = Bodies.parse(contentType, body);
        JsonNode count = json.get("numberOfCoupons");
        if (count == null || !count.isIntegralNumber() || count.intValue() < 1 || count.intValue() > 1000) {
            throw EngineException.invalid("/numberOfCoupons", "numberOfCoupons must be a whole number from 1 to 1000");
        }
        JsonNode limit = json.get("usageLimit");
        if (limit == null || !limit.isIntegralNumber() || limit.intValue() < 0) {
            throw EngineException.invalid("/usageLimit", "usageLimit must be a whole number ≥ 0 (0: unlimited)");
        }
        String pattern = json.path("couponPattern").asText(campaign.name().replaceAll("[^A-Za-z0-9]", "").toUpperCase() + "-######");
        if (pattern.chars().filter(c -> c == '#').count() < 4) {
            throw EngineException.invalid("/couponPattern", "a coupon pattern needs at least four '#'");
        }
        if (pattern.length() > CampaignCompiler.MAX_CODE_LENGTH) {
            throw EngineException.invalid("/couponPattern", "a coupon pattern has at most " + CampaignCompiler.MAX_CODE_LENGTH + " characters");
        }
        Instant expiry = null;
        if (json.hasNonNull("expiryDate")) {
            try {
                expiry = Instant.parse(json.get("expiryDate").asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw EngineException.invalid("/expiryDate", "expiryDate must be an ISO-8601 instant");
            }
        }
        String recipient = json.hasNonNull("recipientIntegrationId") ? json.get("recipientIntegrationId").asText() : null;
        Instant now = clock.instant();
        java.util.List<CouponStore.StoredCoupon> created = new java.util.ArrayList<>();
        for (int i = 0, attempts = 0; i < count.intValue(); attempts++) {
            if (attempts > count.intValue() * 20) {
                throw EngineException.invalid("/couponPattern", "the pattern has too few free codes left");
            }
            StringBuilder code = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                code.append(c == '#' ? (char) ('0' + RANDOM.nextInt(10)) : c);
            }
            if (coupons.create(applicationId, campaignId, code.toString(), limit.intValue(), recipient, expiry, now)) {
                created.addAll(coupons.ofCampaign(applicationId, campaignId, Optional.of(code.toString())));
                i++;
            }
        }
        return ResponseEntity.ok(couponPage(created));
    }

    @PutMapping("/loyalty_programs/{programId}")
    public ResponseEntity<JsonNode> putProgram(@PathVariable long programId,
                                               @RequestHeader(value = "Authorization", required = false) String auth,
                                               @RequestHeader(value = "Content-Type", required = false) String contentType,
                                               @RequestBody(required = false) String body) {
        authorizeAny(auth);
        LoyaltyProgramDocument doc = LoyaltyProgramRequests.document(programId, Bodies.parse(contentType, body));
        try {
            programs.save(programId, doc);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(pointerOf(e.getMessage()), e.getMessage());
        }
        return getProgram(programId, auth);
    }

    @GetMapping("/loyalty_programs/{programId}")
    public ResponseEntity<JsonNode> getProgram(@PathVariable long programId,
                                               @RequestHeader(value = "Authorization", required = false) String auth) {
        authorizeAny(auth);
        LoyaltyPrograms.Stored stored = programs.stored(programId)
                .orElseThrow(() -> EngineException.notFound("loyalty program " + programId + " does not exist"));
        LoyaltyProgramDocument doc = stored.document();
        LoyaltyProgram program = doc.compile(programId);
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", programId).put("name", program.name())
                .put("title", program.title()).put("description", doc.description() == null ? "" : doc.description()).put("accountID", 1)
                .put("defaultPending", doc.defaultPending() == null ? "immediate" : doc.defaultPending())
                .put("defaultValidity", doc.defaultValidity() == null ? "unlimited" : doc.defaultValidity())
                .put("returnPolicy", program.returnPolicy().name())
                .put("returnWindow", doc.returnWindow() == null ? "12M" : doc.returnWindow())
                .put("allowSubledger", false).put("cardBased", program.cardBased()).put("sandbox", false).put("timezone", "UTC")
                .put("created", stored.created().toString());
        body.putArray("subscribedApplications");
        if (program.cardBased()) {
            body.put("usersPerCardLimit", program.cards().usersPerCardLimit());
            ObjectNode settings = body.putObject("cardCodeSettings").put("couponPattern", program.cards().pattern());
            program.cards().validCharacters().forEach(settings.putArray("validCharacters")::add);
        }
        Tiers tiers = program.tiers();
        if (tiers.any()) {
            ArrayNode list = body.putArray("tiers");
            for (int i = 0; i < tiers.levels().size(); i++) {
                Tiers.Tier tier = tiers.levels().get(i);
                list.addObject().put("id", i + 1).put("created", stored.created().toString()).put("programID", programId)
                        .put("programName", program.name()).put("programTitle", program.title()).put("name", tier.name())
                        .put("minPoints", tier.minPoints());
            }
            if (tiers.expireIn() != null) {
                body.put("tiersExpireIn", doc.tiersExpireIn()).put("tiersExpirationPolicy", tiers.expiration().name())
                        .put("tiersDowngradePolicy", tiers.downgrade().name());
                if (tiers.cycleStart() != null) {
                    body.put("tierCycleStartDate", tiers.cycleStart().toString());
                }
            }
        }
        return ResponseEntity.ok(body);
    }

    /** The field a program's refusal names ("tiers[1].minPoints …" → /tiers/1/minPoints), or the body. */
    private static String pointerOf(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([a-zA-Z]+)(?:\\[(\\d+)\\])?(?:\\.([a-zA-Z]+))?[ :,]").matcher(message);
        if (!m.find() || !java.util.Set.of("name", "title", "defaultPending", "defaultValidity", "returnPolicy", "returnWindow",
                "tiers", "tiersExpireIn", "tiersExpirationPolicy", "tiersDowngradePolicy", "tierCycleStartDate", "usersPerCardLimit",
                "cardCodeSettings").contains(m.group(1))) {
            return "/";
        }
        return "/" + m.group(1) + (m.group(2) == null ? "" : "/" + m.group(2)) + (m.group(3) == null ? "" : "/" + m.group(3));
    }

    private ObjectNode view(Campaign campaign) {
        ObjectNode body = Json.MAPPER.valueToTree(campaign.document());
        body.put("id", campaign.id()).put("applicationId", campaign.applicationId());
        ArrayNode list = body.putArray("budgets");
        var counters = budgets.ofCampaign(campaign.id());
        int currencyScale = applications.byId(campaign.applicationId()).map(a -> a.money().scale()).orElse(2);
        for (Budget budget : campaign.budgets()) {
            // limits and counters in the action's unit: 20000.00 (money), 8000 (coupons), 10.50 (points)
            int scale = budget.action().scale(currencyScale);
            BigDecimal limit = budget.limit().setScale(scale, java.math.RoundingMode.DOWN);
            if (budget.entity() == BudgetEntity.Campaign && budget.period() == BudgetPeriod.overall) {
                BigDecimal counter = counters.stream()
                        .filter(c -> c.action() == budget.action() && budget.counts(c.entityKey()))
                        .map(BudgetStore.Counter::counter).findFirst().orElse(BigDecimal.ZERO);
                list.addObject().put("action", budget.action().name()).put("limit", limit)
                        .put("counter", counter.setScale(scale, java.math.RoundingMode.DOWN));
            } else {
                ObjectNode entry = list.addObject().put("action", budget.action().name()).put("limit", limit)
                        .put("entity", budget.entity().name());
                if (budget.period() != BudgetPeriod.overall) {
                    entry.put("period", budget.period().name());
                }
                ArrayNode entities = entry.putArray("counters");
                counters.stream().filter(c -> c.action() == budget.action() && budget.counts(c.entityKey()))
                        .forEach(c -> entities.addObject().put("key", c.entityKey())
                                .put("counter", c.counter().setScale(scale, java.math.RoundingMode.DOWN)));
            }
        }
        return body;
    }

    private static ObjectNode couponPage(java.util.List<CouponStore.StoredCoupon> list) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("totalResultSize", list.size());
        ArrayNode data = body.putArray("data");
        list.forEach(c -> data.add(Views.coupon(c.view(), c.created())));
        return body;
    }

    private Campaign campaign(long applicationId, long campaignId) {
        return catalog.get(applicationId, campaignId).orElseThrow(() -> EngineException.notFound(
                "campaign " + campaignId + " of application " + applicationId + " does not exist"));
    }

    private void authorize(String auth, long applicationId) {
        authorizeAny(auth);
        if (applications.byId(applicationId).isEmpty()) {
            throw EngineException.notFound("application " + applicationId + " does not exist");
        }
    }

    private void authorizeAny(String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
    }
}
