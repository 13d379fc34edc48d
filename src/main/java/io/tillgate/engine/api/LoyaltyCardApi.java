package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.loyalty.Cards;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.LoyaltyProgramDocument;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.store.LoyaltyCardStore;
import io.tillgate.engine.store.LoyaltyStore;
import io.tillgate.engine.store.ProfileStore;
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
import java.util.Set;
import java.util.UUID;

/**
 * The cards of card-based loyalty programs, as Talon.One manages them: created in batches, listed, read, blocked
 * ({@code status: inactive}) and deleted (with its points: an identifier made again later starts afresh) with the
 * management key; linked to customer profiles with an application's key ({@code /v2/…/link_profile}). A card's points:
 * {@link LoyaltyLedgerApi}.
 */
@RestController
public class LoyaltyCardApi implements EngineSurface {
    static final int MAX_BATCH = 10_000;
    private static final Set<String> STATUSES = Set.of("active", "inactive");

    private final Applications applications;
    private final LoyaltyPrograms programs;
    private final LoyaltyCardStore cards;
    private final LoyaltyStore loyalty;
    private final ProfileStore profiles;
    private final TransactionTemplate transactions;
    private final LoyaltyView loyaltyView;
    private final Clock clock;

    public LoyaltyCardApi(Applications applications, LoyaltyPrograms programs, LoyaltyCardStore cards, LoyaltyStore loyalty,
                          ProfileStore profiles, TransactionTemplate transactions, LoyaltyView loyaltyView, Clock clock) {
        this.loyaltyView = loyaltyView;
        this.applications = applications;
        this.programs = programs;
        this.cards = cards;
        this.loyalty = loyalty;
        this.profiles = profiles;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** {@code LoyaltyCardBatch}: {@code numberOfCards} new cards from the program's code settings (or the batch's). */
    @PostMapping(path = "/v1/loyalty_programs/{programId}/cards/batch", produces = "application/json")
    public ResponseEntity<JsonNode> batch(@PathVariable long programId,
                                          @RequestHeader(value = "Authorization", required = false) String auth,
                                          @RequestHeader(value = "Content-Type", required = false) String contentType,
                                          @RequestBody(required = false) String body) {
        ApiRefusal.requireManagementKey(applications, auth);
        LoyaltyProgram program = cardProgram(programId);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("numberOfCards", "batchId", "status", "cardCodeSettings"), "a card batch");
        JsonNode count = json.get("numberOfCards");
        if (count == null || !count.canConvertToInt() || !count.isIntegralNumber() || count.intValue() < 1 || count.intValue() > MAX_BATCH) {
            throw EngineException.invalid("/numberOfCards", "numberOfCards is a whole number from 1 to " + MAX_BATCH);
        }
        String status = text(json, "status", "active");
        if (!STATUSES.contains(status)) {
            throw EngineException.invalid("/status", "status is active or inactive");
        }
        String batchId = text(json, "batchId", UUID.randomUUID().toString().substring(0, 8));
        if (batchId.isBlank() || batchId.length() > 100) {
            throw EngineException.invalid("/batchId", "batchId is 1 to 100 characters");
        }
        Cards settings = program.cards();
        if (json.hasNonNull("cardCodeSettings")) {
            LoyaltyProgramRequests.codeSettings(json.get("cardCodeSettings"), "/cardCodeSettings");
            try {
                settings = LoyaltyProgramDocument.cards(program.cards().usersPerCardLimit(),
                        Json.MAPPER.treeToValue(json.get("cardCodeSettings"), LoyaltyProgramDocument.CodeSettings.class));
            } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw EngineException.invalid("/cardCodeSettings", e instanceof IllegalArgumentException ? e.getMessage()
                        : "cardCodeSettings does not read as Talon.One's CodeGeneratorSettings");
            }
        }
        Cards codes = settings;
        Instant now = clock.instant();
        int wanted = count.intValue();
        int created = transactions.execute(tx -> {
            int made = 0;
            for (int attempts = 0; made < wanted; attempts++) {
                if (attempts > wanted * 2 + 100) { // most codes taken: say so, rather than hold the transaction for long
                    throw EngineException.invalid("/cardCodeSettings", "the code pattern has too few free identifiers left");
                }
                if (cards.create(programId, codes.newIdentifier(), status, batchId, now)) {
                    made++;
                }
            }
            return made;
        });
        return ResponseEntity.ok(Json.MAPPER.createObjectNode().put("numberOfCardsGenerated", created).put("batchId", batchId));
    }

    @GetMapping(path = "/v1/loyalty_programs/{programId}/cards", produces = "application/json")
    public ResponseEntity<JsonNode> list(@PathVariable long programId,
                                         @RequestParam(defaultValue = "1000") int pageSize,
                                         @RequestParam(defaultValue = "0") long skip,
                                         @RequestParam(required = false) String sort,
                                         @RequestParam(required = false) String identifier,
                                         @RequestParam(required = false) Long profileId,
                                         @RequestParam(required = false) String batchId,
                                         @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        LoyaltyProgram program = cardProgram(programId);
        Bodies.paging(pageSize, skip);
        if (sort != null && !sort.equals("created")) {
            throw EngineException.invalidParameter("sort", "cards are listed by creation; sort is created or absent");
        }
        String integrationId = null;
        if (profileId != null) {
            integrationId = profiles.integrationIdOf(profileId).orElse("\u0000none"); // an unknown profile has no cards
        }
        LoyaltyStore.Page<LoyaltyCardStore.Card> page = cards.list(programId, identifier, integrationId, batchId, skip, pageSize);
        ObjectNode body = Json.MAPPER.createObjectNode().put("hasMore", page.hasMore());
        ArrayNode data = body.putArray("data");
        page.items().forEach(c -> data.add(view(program, c)));
        return ResponseEntity.ok(body);
    }

    @GetMapping(path = "/v1/loyalty_programs/{programId}/cards/{cardId}", produces = "application/json")
    public ResponseEntity<JsonNode> get(@PathVariable long programId, @PathVariable String cardId,
                                        @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        LoyaltyProgram program = cardProgram(programId);
        return ResponseEntity.ok(view(program, card(programId, cardId, false)));
    }

    /** {@code UpdateLoyaltyCard}: {@code status} active or inactive (blocked, with an optional {@code blockReason}). */
    @PutMapping(path = "/v1/loyalty_programs/{programId}/cards/{cardId}", produces = "application/json")
    public ResponseEntity<JsonNode> update(@PathVariable long programId, @PathVariable String cardId,
                                           @RequestHeader(value = "Authorization", required = false) String auth,
                                           @RequestHeader(value = "Content-Type", required = false) String contentType,
                                           @RequestBody(required = false) String body) {
        ApiRefusal.requireManagementKey(applications, auth);
        LoyaltyProgram program = cardProgram(programId);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("status", "blockReason"), "a card update; it has status and blockReason");
        String status = text(json, "status", null);
        if (status == null || !STATUSES.contains(status)) {
            throw EngineException.invalid("/status", "status is active or inactive");
        }
        String reason = text(json, "blockReason", null);
        if (reason != null && reason.length() > 1000) {
            throw EngineException.invalid("/blockReason", "blockReason has at most 1000 characters");
        }
        LoyaltyCardStore.Card updated = transactions.execute(tx -> {
            card(programId, cardId, true);
            cards.setStatus(programId, cardId, status, status.equals("inactive") ? reason : null, clock.instant());
            return card(programId, cardId, false);
        });
        return ResponseEntity.ok(view(program, updated));
    }

    @DeleteMapping(path = "/v1/loyalty_programs/{programId}/cards/{cardId}", produces = "application/json")
    public ResponseEntity<Void> delete(@PathVariable long programId, @PathVariable String cardId,
                                       @RequestHeader(value = "Authorization", required = false) String auth) {
        ApiRefusal.requireManagementKey(applications, auth);
        cardProgram(programId);
        if (!transactions.execute(tx -> cards.delete(programId, cardId) && loyalty.forget(programId, cardId) >= 0)) {
            throw EngineException.notFound("loyalty card '" + cardId + "' of program " + programId + " does not exist");
        }
        return ResponseEntity.noContent().build();
    }

    /** {@code LoyaltyCardRegistration}: links a customer profile to the card, within the program's usersPerCardLimit. */
    @PostMapping(path = "/v2/loyalty_programs/{programId}/cards/{cardId}/link_profile", produces = "application/json")
    public ResponseEntity<JsonNode> link(@PathVariable long programId, @PathVariable String cardId,
                                         @RequestHeader(value = "Authorization", required = false) String auth,
                                         @RequestHeader(value = "Content-Type", required = false) String contentType,
                                         @RequestBody(required = false) String body) {
        Applications.Application app = applications.byApiKey(auth).orElseThrow(ApiRefusal::integrationKeyRequired);
        LoyaltyProgram program = cardProgram(programId);
        JsonNode json = Bodies.parse(contentType, body);
        Bodies.onlyFields(json, "", Set.of("integrationId"), "a card registration; it has integrationId");
        JsonNode id = json.get("integrationId");
        if (id == null || !id.isTextual() || !ProfileIds.valid(id.asText())) {
            throw EngineException.invalid("/integrationId", ProfileIds.RULE);
        }
        String profile = profiles.finalProfile(app.id(), id.asText()); // a merged profile: the one it went into
        LoyaltyCardStore.Card linked = transactions.execute(tx -> {
            LoyaltyCardStore.Card card = card(programId, cardId, true); // held: two links at once count each other
            if (!card.active()) {
                throw EngineException.conflict("loyalty card '" + cardId + "' is inactive (blocked): no profile can be linked", null);
            }
            int limit = program.cards().usersPerCardLimit();
            if (limit > 0 && !cards.profiles(programId, cardId).stream().anyMatch(l -> l.profileId().equals(profile))
                    && cards.profiles(programId, cardId).size() >= limit) {
                throw EngineException.conflict("loyalty card '" + cardId + "' is linked to " + limit + " profile(s), its"
                        + " program's usersPerCardLimit", "/integrationId");
            }
            cards.link(programId, cardId, profile, clock.instant());
            return card(programId, cardId, false);
        });
        return ResponseEntity.ok(view(program, linked));
    }

    private ObjectNode view(LoyaltyProgram program, LoyaltyCardStore.Card card) {
        return loyaltyView.card(program, card);
    }

    private LoyaltyCardStore.Card card(long programId, String cardId, boolean lock) {
        return cards.find(programId, cardId, lock).orElseThrow(() -> EngineException.notFound(
                "loyalty card '" + cardId + "' of program " + programId + " does not exist"));
    }

    private LoyaltyProgram cardProgram(long programId) {
        LoyaltyProgram program = programs.all().get(programId);
        if (program == null) {
            throw EngineException.notFound("loyalty program " + programId + " does not exist");
        }
        if (!program.cardBased()) {
            throw EngineException.notFound("loyalty program " + programId + " is profile-based: it has no cards");
        }
        return program;
    }

    private static String text(JsonNode json, String field, String absent) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isTextual()) {
            throw EngineException.invalid("/" + field, field + " is a string");
        }
        return value.asText();
    }

}
