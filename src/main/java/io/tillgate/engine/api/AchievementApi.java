package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.AchievementState;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.CampaignDocument.AchievementDocument;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.catalog.CampaignAdmin;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.catalog.DeclaredAchievement;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.lifecycle.Achievements;
import io.tillgate.engine.store.AchievementStore;
import io.tillgate.engine.store.ProfileStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Achievements as Talon.One's APIs read them: a customer's standing in each and the history of their progress (the
 * Integration API, with the application's key), and a campaign's achievements and a customer's progress in them (the
 * Management API). Achievements live in their campaign's document: the Management API's create, update and delete
 * change that document as a PUT of the campaign would, checked the same way.
 */
@RestController
public class AchievementApi implements EngineSurface {
    private final Applications applications;
    private final CampaignCatalog catalog;
    private final Achievements achievements;
    private final AchievementStore store;
    private final ProfileStore profiles;
    private final CampaignAdmin admin;
    private final Clock clock;

    public AchievementApi(Applications applications, CampaignCatalog catalog, Achievements achievements, AchievementStore store,
                          ProfileStore profiles, CampaignAdmin admin, Clock clock) {
        this.admin = admin;
        this.applications = applications;
        this.catalog = catalog;
        this.achievements = achievements;
        this.store = store;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** {@code getCustomerAchievements}: the application's achievements and where the customer stands in each. */
    @GetMapping(path = "/v1/customer_profiles/{integrationId}/achievements", produces = "application/json")
    public ResponseEntity<JsonNode> customerAchievements(@PathVariable String integrationId,
                                                         @RequestParam(required = false) List<String> campaignIds,
                                                         @RequestParam(required = false) List<String> achievementIds,
                                                         @RequestParam(required = false) List<String> achievementStatus,
                                                         @RequestParam(required = false) List<String> currentProgressStatus,
                                                         @RequestParam(defaultValue = "1000") int pageSize,
                                                         @RequestParam(defaultValue = "0") long skip,
                                                         @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = applications.byApiKey(auth).orElseThrow(ApiRefusal::integrationKeyRequired);
        Bodies.paging(pageSize, skip);
        List<Long> campaigns = ids("campaignIds", campaignIds);
        List<Long> ids = ids("achievementIds", achievementIds);
        List<String> statuses = allowed("achievementStatus", achievementStatus, List.of("active", "scheduled"));
        List<String> progress = allowed("currentProgressStatus", currentProgressStatus,
                List.of("inprogress", "completed", "not_started", "expired"));
        Instant now = clock.instant();
        String profile = profile(app, integrationId);
        Map<String, AchievementState> standings = achievements.standings(app, profile, now);
        // the achievements a customer can take part in: their campaign runs, or is yet to start (scheduled)
        List<AchievementState> matching = standings.values().stream()
                .filter(s -> availability(app, s, now) != null)
                .filter(s -> campaigns == null || campaigns.contains(s.campaignId()))
                .filter(s -> ids == null || ids.contains(s.id()))
                .filter(s -> statuses == null ? availability(app, s, now).equals("active") : statuses.contains(availability(app, s, now)))
                .filter(s -> progress == null || progress.contains(s.standing().status().name()))
                .sorted(java.util.Comparator.comparingLong(AchievementState::id))
                .toList();
        ObjectNode body = Json.MAPPER.createObjectNode().put("totalResultSize", matching.size());
        ArrayNode data = body.putArray("data");
        Map<Long, Achievement.Tracker> latest = store.latest(app.id(), profile); // their dates, all read at once
        matching.stream().skip(skip).limit(pageSize).forEach(s -> {
            DeclaredAchievement d = catalog.achievements(app.id()).get(s.achievement().name());
            ObjectNode entry = definition(data.addObject(), d);
            entry.put("status", availability(app, s, now));
            progress(entry.putObject("currentProgress"), s.standing(), latest.get(s.id()));
        });
        return ResponseEntity.ok(body);
    }

    /** {@code getCustomerAchievementHistory}: every period of the customer's progress in the achievement, oldest first. */
    @GetMapping(path = "/v1/customer_profiles/{integrationId}/achievements/{achievementId}", produces = "application/json")
    public ResponseEntity<JsonNode> customerAchievementHistory(@PathVariable String integrationId, @PathVariable long achievementId,
                                                               @RequestParam(required = false) List<String> progressStatus,
                                                               @RequestParam(required = false) String startDate,
                                                               @RequestParam(required = false) String endDate,
                                                               @RequestParam(defaultValue = "1000") int pageSize,
                                                               @RequestParam(defaultValue = "0") long skip,
                                                               @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = applications.byApiKey(auth).orElseThrow(ApiRefusal::integrationKeyRequired);
        Bodies.paging(pageSize, skip);
        List<String> statuses = allowed("progressStatus", progressStatus, List.of("inprogress", "completed", "expired"));
        Instant from = time("startDate", startDate);
        Instant to = time("endDate", endDate);
        achievement(app.id(), achievementId);
        Instant now = clock.instant();
        String profile = profile(app, integrationId);
        List<Achievement.Tracker> history = store.history(app.id(), profile, achievementId).stream()
                .filter(t -> statuses == null || statuses.contains(status(t, now)))
                .filter(t -> from == null || !t.start().isBefore(from))
                .filter(t -> to == null || !t.start().isAfter(to))
                .toList();
        ObjectNode body = Json.MAPPER.createObjectNode().put("totalResultSize", history.size());
        ArrayNode data = body.putArray("data");
        history.stream().skip(skip).limit(pageSize).forEach(t -> tracker(data.addObject(), t, now));
        return ResponseEntity.ok(body);
    }

    /** {@code listAchievements}: the campaign's achievements, by id. */
    @GetMapping(path = "/v1/applications/{applicationId}/campaigns/{campaignId}/achievements", produces = "application/json")
    public ResponseEntity<JsonNode> list(@PathVariable long applicationId, @PathVariable long campaignId,
                                         @RequestParam(required = false) String title,
                                         @RequestParam(defaultValue = "50") int pageSize,
                                         @RequestParam(defaultValue = "0") long skip,
                                         @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = management(auth, applicationId);
        Bodies.paging(pageSize, skip);
        campaign(app, campaignId); // a 404 for one the application does not have
        List<DeclaredAchievement> declared = catalog.achievements(app.id()).values().stream()
                .filter(d -> d.campaignId() == campaignId)
                .filter(d -> title == null || d.achievement().title().equals(title))
                .sorted(java.util.Comparator.comparingLong(DeclaredAchievement::id)).toList();
        ObjectNode body = Json.MAPPER.createObjectNode().put("hasMore", declared.size() - skip > pageSize);
        ArrayNode data = body.putArray("data");
        declared.stream().skip(skip).limit(pageSize).forEach(d -> achievementView(app, data.addObject(), d, clock.instant()));
        return ResponseEntity.ok(body);
    }

    /** {@code getAchievement}. */
    @GetMapping(path = "/v1/applications/{applicationId}/campaigns/{campaignId}/achievements/{achievementId}",
            produces = "application/json")
    public ResponseEntity<JsonNode> get(@PathVariable long applicationId, @PathVariable long campaignId,
                                        @PathVariable long achievementId,
                                        @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = management(auth, applicationId);
        DeclaredAchievement d = achievement(app.id(), achievementId);
        if (d.campaignId() != campaignId) {
            throw EngineException.notFound("achievement " + achievementId + " is not campaign " + campaignId + "'s");
        }
        return ResponseEntity.ok(achievementView(app, Json.MAPPER.createObjectNode(), d, clock.instant()));
    }

    /** {@code createAchievement}: adds the achievement to the campaign's document, as a PUT of the campaign would. */
    @PostMapping(path = "/v1/applications/{applicationId}/campaigns/{campaignId}/achievements", produces = "application/json")
    public ResponseEntity<JsonNode> create(@PathVariable long applicationId, @PathVariable long campaignId,
                                           @RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        Application app = management(auth, applicationId);
        Bodies.parse(contentType, body);
        AchievementDocument doc = CampaignCatalog.parseAchievement(body);
        synchronized (this) {
            Campaign campaign = campaign(app, campaignId);
            List<AchievementDocument> declared = declared(campaign);
            for (AchievementDocument other : declared) {
                if (other.name().equals(doc.name()) || other.title().equals(doc.title())) {
                    throw EngineException.conflict("the campaign has an achievement of this name or title already", "/name");
                }
            }
            List<AchievementDocument> next = new java.util.ArrayList<>(declared);
            next.add(doc);
            save(app, campaign, next, declared.size());
        }
        return ResponseEntity.status(201).body(achievementView(app, Json.MAPPER.createObjectNode(),
                catalog.achievements(app.id()).get(doc.name()), clock.instant()));
    }

    /** {@code updateAchievement}: the fields sent replace the achievement's; its name stays. */
    @PutMapping(path = "/v1/applications/{applicationId}/campaigns/{campaignId}/achievements/{achievementId}",
            produces = "application/json")
    public ResponseEntity<JsonNode> update(@PathVariable long applicationId, @PathVariable long campaignId,
                                           @PathVariable long achievementId,
                                           @RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        Application app = management(auth, applicationId);
        Bodies.parse(contentType, body);
        AchievementDocument change = CampaignCatalog.parseAchievement(body);
        String name;
        synchronized (this) {
            Campaign campaign = campaign(app, campaignId);
            DeclaredAchievement d = ofCampaign(app, campaignId, achievementId);
            name = d.achievement().name();
            if (change.name() != null && !change.name().equals(name)) {
                throw EngineException.invalid("/name", "an achievement's name cannot change once it is created");
            }
            List<AchievementDocument> next = new java.util.ArrayList<>(declared(campaign));
            int at = indexOf(next, name);
            AchievementDocument was = next.get(at);
            next.set(at, new AchievementDocument(name, or(change.title(), was.title()), or(change.description(), was.description()),
                    or(change.target(), was.target()), or(change.period(), was.period()),
                    or(change.periodEndOverride(), was.periodEndOverride()), or(change.recurrencePolicy(), was.recurrencePolicy()),
                    or(change.activationPolicy(), was.activationPolicy()), or(change.fixedStartDate(), was.fixedStartDate()),
                    or(change.endDate(), was.endDate()), or(change.allowRollbackAfterCompletion(), was.allowRollbackAfterCompletion())));
            save(app, campaign, next, at);
        }
        return ResponseEntity.ok(achievementView(app, Json.MAPPER.createObjectNode(), catalog.achievements(app.id()).get(name),
                clock.instant()));
    }

    /** {@code deleteAchievement}: a 409 while a rule of the campaign makes progress in it. Customers' progress is kept. */
    @DeleteMapping(path = "/v1/applications/{applicationId}/campaigns/{campaignId}/achievements/{achievementId}")
    public ResponseEntity<Void> delete(@PathVariable long applicationId, @PathVariable long campaignId,
                                       @PathVariable long achievementId,
                                       @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = management(auth, applicationId);
        synchronized (this) {
            Campaign campaign = campaign(app, campaignId);
            String name = ofCampaign(app, campaignId, achievementId).achievement().name();
            List<AchievementDocument> next = new java.util.ArrayList<>(declared(campaign));
            next.remove(indexOf(next, name));
            try {
                admin.save(app.id(), campaignId, campaign.document().withAchievements(next));
            } catch (InvalidCampaignException e) {
                var problem = e.problems().get(0);
                throw EngineException.conflict(problem.pointer().startsWith("/rules/")
                        ? "a rule of the campaign makes progress in the achievement (" + problem.pointer() + "): change the rule first"
                        : problem.details(), "/");
            }
        }
        return ResponseEntity.noContent().build();
    }

    /** {@code getCustomerProfileAchievementProgress}: where the customer stands in the application's achievements. */
    @GetMapping(path = "/v1/applications/{applicationId}/achievement_progress/{integrationId}", produces = "application/json")
    public ResponseEntity<JsonNode> progress(@PathVariable long applicationId, @PathVariable String integrationId,
                                             @RequestParam(required = false) Long achievementId,
                                             @RequestParam(required = false) String title,
                                             @RequestParam(defaultValue = "50") int pageSize,
                                             @RequestParam(defaultValue = "0") long skip,
                                             @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = management(auth, applicationId);
        Bodies.paging(pageSize, skip);
        Instant now = clock.instant();
        String profile = profile(app, integrationId);
        List<AchievementState> matching = achievements.standings(app, profile, now).values().stream()
                .filter(s -> achievementId == null || s.id() == achievementId)
                .filter(s -> title == null || s.achievement().title().equals(title))
                .sorted(java.util.Comparator.comparingLong(AchievementState::id)).toList();
        ObjectNode body = Json.MAPPER.createObjectNode().put("hasMore", matching.size() - skip > pageSize);
        ArrayNode data = body.putArray("data");
        Map<Long, Achievement.Tracker> latest = store.latest(app.id(), profile);
        matching.stream().skip(skip).limit(pageSize).forEach(s -> {
            ObjectNode entry = data.addObject();
            progress(entry, s.standing(), latest.get(s.id()));
            Achievement a = s.achievement();
            entry.put("achievementId", s.id()).put("name", a.name()).put("title", a.title()).put("description", a.description())
                    .put("campaignId", s.campaignId()).put("target", a.target())
                    .put("achievementRecurrencePolicy", a.recurrence().name())
                    .put("achievementActivationPolicy", a.activation().name())
                    .put("achievementAllowRollbackAfterCompletion", a.allowRollbackAfterCompletion());
            if (a.startDate() != null) {
                entry.put("achievementFixedStartDate", a.startDate().toString());
            }
            if (a.endDate() != null) {
                entry.put("achievementEndDate", a.endDate().toString());
            }
        });
        return ResponseEntity.ok(body);
    }

    private Campaign campaign(Application app, long campaignId) {
        return catalog.get(app.id(), campaignId).orElseThrow(() -> EngineException.notFound(
                "campaign " + campaignId + " of application " + app.id() + " does not exist"));
    }

    private DeclaredAchievement ofCampaign(Application app, long campaignId, long achievementId) {
        DeclaredAchievement d = achievement(app.id(), achievementId);
        if (d.campaignId() != campaignId) {
            throw EngineException.notFound("achievement " + achievementId + " is not campaign " + campaignId + "'s");
        }
        return d;
    }

    private static List<AchievementDocument> declared(Campaign campaign) {
        List<AchievementDocument> declared = campaign.document().achievements();
        return declared == null ? List.of() : declared;
    }

    private static int indexOf(List<AchievementDocument> declared, String name) {
        for (int i = 0; i < declared.size(); i++) {
            if (name.equals(declared.get(i).name())) {
                return i;
            }
        }
        throw new IllegalStateException("achievement " + name + " is not in its campaign's document");
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    /**
     * Saves the campaign with these achievements; a problem of the achievement at {@code index} points into the request's
     * body, as the achievement was sent.
     */
    private void save(Application app, Campaign campaign, List<AchievementDocument> achievements, int index) {
        try {
            admin.save(app.id(), campaign.id(), campaign.document().withAchievements(achievements));
        } catch (InvalidCampaignException e) {
            String prefix = "/achievements/" + index;
            if (e.problems().stream().anyMatch(p -> p.pointer().equals(prefix + "/name") && p.title().equals("name taken"))) {
                throw EngineException.conflict("another campaign of the application has an achievement of this name", "/name");
            }
            throw new InvalidCampaignException(e.problems().stream().map(p -> p.pointer().equals(prefix) || p.pointer().startsWith(prefix + "/")
                    ? new io.tillgate.engine.campaign.CampaignProblem(p.pointer().equals(prefix) ? "/" : p.pointer().substring(prefix.length()),
                    p.title(), p.details()) : p).toList());
        }
    }

    /** The customer's profile as the id stands for it now (a merged id: the profile it went into); 404 when none. */
    private String profile(Application app, String integrationId) {
        if (!ProfileIds.valid(integrationId)) {
            throw EngineException.invalidParameter("integrationId", ProfileIds.RULE);
        }
        String profile = profiles.finalProfile(app.id(), integrationId);
        if (profiles.find(app.id(), profile).isEmpty()) {
            throw EngineException.notFound("customer profile '" + integrationId + "' does not exist");
        }
        return profile;
    }

    private DeclaredAchievement achievement(long applicationId, long achievementId) {
        return catalog.achievements(applicationId).values().stream().filter(d -> d.id() == achievementId).findFirst()
                .orElseThrow(() -> EngineException.notFound("achievement " + achievementId + " does not exist"));
    }

    /**
     * "active" or "scheduled" (its campaign, or its fixed schedule, is yet to start); null when the customer cannot take
     * part in it: its campaign is disabled or over, or the achievement ended.
     */
    private String availability(Application app, AchievementState s, Instant now) {
        Campaign campaign = catalog.get(app.id(), s.campaignId()).orElse(null);
        Achievement a = s.achievement();
        if (campaign == null || !campaign.enabled() || campaign.endTime() != null && !now.isBefore(campaign.endTime())
                || a.endDate() != null && !now.isBefore(a.endDate())) {
            return null;
        }
        boolean scheduled = campaign.startTime() != null && now.isBefore(campaign.startTime())
                || a.startDate() != null && now.isBefore(a.startDate());
        return scheduled ? "scheduled" : "active";
    }

    /** Talon.One's Achievement: the definition, whether anyone has made progress, its status. */
    private ObjectNode achievementView(Application app, ObjectNode n, DeclaredAchievement d, Instant now) {
        definition(n, d);
        n.put("userId", 0).put("hasProgress", store.hasProgress(d.id()));
        Achievement a = d.achievement();
        Campaign campaign = catalog.get(app.id(), d.campaignId()).orElse(null);
        boolean over = a.endDate() != null && !now.isBefore(a.endDate()) || campaign == null || !campaign.enabled()
                || campaign.endTime() != null && !now.isBefore(campaign.endTime());
        n.put("status", over ? "expired" : "inprogress");
        return n;
    }

    /** The fields an achievement's views share (AchievementBase, with its id, creation and campaign). */
    private static ObjectNode definition(ObjectNode n, DeclaredAchievement d) {
        Achievement a = d.achievement();
        n.put("id", d.id()).put("created", d.created().toString()).put("name", a.name()).put("title", a.title())
                .put("description", a.description()).put("target", a.target());
        if (a.period() != null) {
            n.put("period", a.period().toString());
        }
        n.put("recurrencePolicy", a.recurrence().name()).put("activationPolicy", a.activation().name());
        if (a.startDate() != null) {
            n.put("fixedStartDate", a.startDate().toString());
        }
        if (a.endDate() != null) {
            n.put("endDate", a.endDate().toString());
        }
        n.put("allowRollbackAfterCompletion", a.allowRollbackAfterCompletion()).put("campaignId", d.campaignId());
        return n;
    }

    /** AchievementProgress of a standing: the current tracker's dates, or none for a customer who has not started. */
    private static void progress(ObjectNode n, Achievement.Standing s, Achievement.Tracker latest) {
        n.put("status", s.status().name()).put("progress", s.progress());
        boolean current = latest != null && s.status() != Achievement.Standing.Status.not_started;
        if (current) {
            dates(n, latest);
        }
    }

    private static void tracker(ObjectNode n, Achievement.Tracker t, Instant now) {
        n.put("status", status(t, now)).put("progress", t.progress());
        dates(n, t);
    }

    private static void dates(ObjectNode n, Achievement.Tracker t) {
        n.put("startDate", t.start().toString());
        if (t.completionDate() != null) {
            n.put("completionDate", t.completionDate().toString());
        }
        if (t.end() != null) {
            n.put("endDate", t.end().toString());
        }
    }

    private static String status(Achievement.Tracker t, Instant now) {
        return t.completed() ? "completed" : t.end() != null && !now.isBefore(t.end()) ? "expired" : "inprogress";
    }

    private Application management(String auth, long applicationId) {
        ApiRefusal.requireManagementKey(applications, auth);
        return applications.byId(applicationId)
                .orElseThrow(() -> EngineException.notFound("application " + applicationId + " does not exist"));
    }

    /** The values of a list parameter, each one of {@code allowed}; null when there are none (no filter). */
    private static List<String> allowed(String parameter, List<String> values, List<String> allowed) {
        List<String> given = values == null ? List.of() : values.stream().filter(v -> !v.isBlank()).toList();
        if (!allowed.containsAll(given)) {
            throw EngineException.invalidParameter(parameter, parameter + " is one or more of " + allowed);
        }
        return given.isEmpty() ? null : given;
    }

    /** The ids of a list parameter; null when there are none (no filter). */
    private static List<Long> ids(String parameter, List<String> values) {
        List<String> given = values == null ? List.of() : values.stream().filter(v -> !v.isBlank()).toList();
        try {
            return given.isEmpty() ? null : given.stream().map(String::trim).map(Long::valueOf).toList();
        } catch (NumberFormatException e) {
            throw EngineException.invalidParameter(parameter, parameter + " is a comma-separated list of ids");
        }
    }

    private static Instant time(String parameter, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw EngineException.invalidParameter(parameter, parameter + " is an RFC 3339 time, such as 2026-03-01T00:00:00Z");
        }
    }
}
