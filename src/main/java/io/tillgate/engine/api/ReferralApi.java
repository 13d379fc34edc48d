package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.ReferralView;
import io.tillgate.engine.store.ProfileStore;
import io.tillgate.engine.store.ReferralStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * Referral codes as Talon.One makes them: {@code POST /v1/referrals} with an application's key (the advocate's code
 * for a campaign of that application), and a campaign's codes listed with the management key. Codes made by rules
 * ({@code createReferral}) are in the same store.
 */
@RestController
public class ReferralApi implements EngineSurface {
    /** What the attributes column holds, written as JSON. */
    private static final int MAX_ATTRIBUTES = 4000;
    private static final int MAX_USAGE_LIMIT = io.tillgate.engine.effects.CreateReferral.MAX_USAGE_LIMIT;
    private static final Set<String> FIELDS = Set.of("startDate", "expiryDate", "usageLimit", "campaignId",
            "advocateProfileIntegrationId", "friendProfileIntegrationId", "attributes");
    /** Letters and digits a person reads back without doubt: no 0/O, 1/I/L. */
    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final int CODE_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Applications applications;
    private final ReferralStore store;
    private final CampaignCatalog catalog;
    private final ProfileStore profiles;
    private final Clock clock;

    public ReferralApi(Applications applications, ReferralStore store, CampaignCatalog catalog, ProfileStore profiles, Clock clock) {
        this.applications = applications;
        this.store = store;
        this.catalog = catalog;
        this.profiles = profiles;
        this.clock = clock;
    }

    /**
     * {@code createReferral}: a code for the advocate, valid for the campaign, for one friend or anyone; usable once unless
     * {@code usageLimit} says otherwise (0: no limit). Campaign budgets are not charged, as Talon.One's are not.
     */
    @PostMapping(path = "/v1/referrals", produces = "application/json")
    public ResponseEntity<JsonNode> create(@RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        Application app = applications.byApiKey(auth).orElseThrow(ApiRefusal::integrationKeyRequired);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", FIELDS, "a new referral");
        JsonNode campaign = json.get("campaignId");
        if (campaign == null || !campaign.isIntegralNumber() || !campaign.canConvertToLong()) {
            throw EngineException.invalid("/campaignId", "campaignId is required, a whole number");
        }
        long campaignId = campaign.longValue();
        if (catalog.get(app.id(), campaignId).isEmpty()) {
            throw EngineException.invalid("/campaignId", "campaign " + campaignId + " is not a campaign of this application");
        }
        String advocate = profileId(json, "advocateProfileIntegrationId", true);
        String friend = profileId(json, "friendProfileIntegrationId", false);
        // a merged customer is known by the profile it went into, as sessions know it
        advocate = profiles.finalProfile(app.id(), advocate);
        friend = friend == null ? null : profiles.finalProfile(app.id(), friend);
        if (advocate.equals(friend)) {
            throw EngineException.invalid("/friendProfileIntegrationId", "the friend is the advocate, " + advocate);
        }
        Instant start = Bodies.time(json, "startDate");
        Instant expiry = Bodies.time(json, "expiryDate");
        if (start != null && expiry != null && !expiry.isAfter(start)) {
            throw EngineException.invalid("/expiryDate", "expiryDate is after startDate");
        }
        int usageLimit = 1;
        JsonNode limit = json.get("usageLimit");
        if (limit != null && !limit.isNull()) {
            if (!limit.isIntegralNumber() || !limit.canConvertToInt() || limit.intValue() < 0 || limit.intValue() > MAX_USAGE_LIMIT) {
                throw EngineException.invalid("/usageLimit", "usageLimit is a whole number from 0 (no limit) to " + MAX_USAGE_LIMIT);
            }
            usageLimit = limit.intValue();
        }
        JsonNode attributes = json.get("attributes");
        if (attributes == null || attributes.isNull()) {
            attributes = Json.MAPPER.createObjectNode();
        } else if (!attributes.isObject() || Json.write(attributes).length() > MAX_ATTRIBUTES) {
            throw EngineException.invalid("/attributes", "attributes is an object of at most " + MAX_ATTRIBUTES + " characters as JSON");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (int attempt = 0; attempt < 5; attempt++) {
            var made = store.create(app.id(), new ReferralView(0, campaignId, code(), advocate, friend, start, expiry, usageLimit, 0,
                    attributes, now));
            if (made.isPresent()) {
                return ResponseEntity.status(201).body(Views.referral(made.get()));
            }
        }
        throw new IllegalStateException("five random referral codes were taken"); // 31^12 codes: not while the sun shines
    }

    /**
     * {@code getReferralsWithoutTotalCount}: a campaign's referral codes, by id ({@code sort}: {@code id} or {@code -id});
     * filtered by code (codes holding it, in any case), advocate, creation time, validity now and whether usable.
     */
    @GetMapping(path = "/v1/applications/{applicationId}/campaigns/{campaignId}/referrals/no_total", produces = "application/json")
    public ResponseEntity<JsonNode> list(@PathVariable long applicationId, @PathVariable long campaignId,
                                         @RequestParam(defaultValue = "1000") int pageSize,
                                         @RequestParam(defaultValue = "0") int skip,
                                         @RequestParam(required = false) String sort,
                                         @RequestParam(required = false) String code,
                                         @RequestParam(required = false) String advocate,
                                         @RequestParam(required = false) String createdBefore,
                                         @RequestParam(required = false) String createdAfter,
                                         @RequestParam(required = false) String valid,
                                         @RequestParam(required = false) String usable,
                                         @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        Bodies.paging(pageSize, skip);
        if (sort != null && !sort.equals("id") && !sort.equals("-id")) {
            throw EngineException.invalidParameter("sort", "referrals sort by id or -id");
        }
        ReferralStore.Validity validity = null;
        if (valid != null) {
            try {
                validity = ReferralStore.Validity.valueOf(valid);
            } catch (IllegalArgumentException e) {
                throw EngineException.invalidParameter("valid", "valid is expired, validNow or validFuture");
            }
        }
        if (usable != null && !usable.equals("true") && !usable.equals("false")) {
            throw EngineException.invalidParameter("usable", "usable is true or false");
        }
        ReferralStore.Filter filter = new ReferralStore.Filter(code, advocate, parameterTime("createdBefore", createdBefore),
                parameterTime("createdAfter", createdAfter), validity, usable == null ? null : usable.equals("true"), "-id".equals(sort));
        if (applications.byId(applicationId).isEmpty()) {
            throw EngineException.notFound("application " + applicationId + " does not exist");
        }
        if (catalog.get(applicationId, campaignId).isEmpty()) {
            throw EngineException.notFound("campaign " + campaignId + " does not exist in application " + applicationId);
        }
        var page = store.ofCampaign(applicationId, campaignId, filter, clock.instant(), skip, pageSize + 1);
        ObjectNode body = Json.MAPPER.createObjectNode().put("hasMore", page.size() > pageSize);
        var data = body.putArray("data");
        page.stream().limit(pageSize).forEach(r -> data.add(Views.referral(r)));
        return ResponseEntity.ok(body);
    }

    private static Instant parameterTime(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw EngineException.invalidParameter(name, name + " is an RFC 3339 time");
        }
    }

    private static String profileId(JsonNode json, String field, boolean required) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw EngineException.invalid("/" + field, field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || !ProfileIds.valid(value.textValue())) {
            throw EngineException.invalid("/" + field, ProfileIds.RULE);
        }
        return value.textValue();
    }

    private static String code() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
