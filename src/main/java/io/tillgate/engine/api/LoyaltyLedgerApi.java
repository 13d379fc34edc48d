package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.lifecycle.Tiering;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.store.LoyaltyCardStore;
import io.tillgate.engine.store.LoyaltyStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * A customer's points, or a loyalty card's in a card-based program, as Talon.One's Integration API reads them:
 * balances, the ledger of transactions, and the points by status. A till reads them with its application's key (any application's: programs are the deployment's, as
 * Talon.One's are shared by the applications subscribed to them), a back office with the management key.
 */
@RestController
@RequestMapping(path = "/v1/loyalty_programs/{programId}", produces = "application/json")
public class LoyaltyLedgerApi implements EngineSurface {
    private final Applications applications;
    private final LoyaltyPrograms programs;
    private final LoyaltyStore loyalty;
    private final Tiering tiering;
    private final LoyaltyCardStore cards;
    private final Clock clock;

    public LoyaltyLedgerApi(Applications applications, LoyaltyPrograms programs, LoyaltyStore loyalty, Tiering tiering,
                            LoyaltyCardStore cards, Clock clock) {
        this.cards = cards;
        this.applications = applications;
        this.programs = programs;
        this.loyalty = loyalty;
        this.tiering = tiering;
        this.clock = clock;
    }

    /**
     * {@code LoyaltyBalancesWithTiers}. {@code endDate}: the statuses as of then, now or later (points are not kept as
     * they were). {@code includeTiers}: the tier now, the next and the points to it; {@code includeProjectedTier}: the
     * active points when the tier expires (points expiring before then gone) and the tier they would keep.
     */
    @GetMapping("/profile/{integrationId}/balances")
    public ResponseEntity<JsonNode> balances(@PathVariable long programId, @PathVariable String integrationId,
                                             @RequestParam(required = false) String endDate,
                                             @RequestParam(required = false) String subledgerId,
                                             @RequestParam(defaultValue = "false") boolean includeTiers,
                                             @RequestParam(defaultValue = "false") boolean includeProjectedTier,
                                             @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        program(programId, subledgerId, false);
        Instant at = asOf(endDate);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode balance = balance(body, loyalty.balance(programId, integrationId, at));
        LoyaltyProgram program = programs.all().get(programId);
        if ((includeTiers || includeProjectedTier) && program != null && program.tiers().any()) {
            Tiering.Standing standing = tiering.standing(program, integrationId, at);
            if (includeTiers) {
                TierViews.current(balance, program.tiers(), standing);
            }
            if (includeProjectedTier) {
                Instant expiry = standing.standing().expiry();
                BigDecimal projected = expiry == null ? standing.activePoints()
                        : loyalty.balance(programId, integrationId, expiry).activePoints();
                TierViews.projected(balance, program.tiers(), standing, projected, at);
            }
        }
        body.putObject("subledgerBalances");
        return ResponseEntity.ok(body);
    }

    /** The ledger, oldest first: every addition and subtraction, rollbacks included. */
    @GetMapping("/profile/{integrationId}/transactions")
    public ResponseEntity<JsonNode> transactions(@PathVariable long programId, @PathVariable String integrationId,
                                                 @RequestParam(required = false) List<String> customerSessionIDs,
                                                 @RequestParam(required = false) List<String> transactionUUIDs,
                                                 @RequestParam(required = false) String subledgerId,
                                                 @RequestParam(required = false) String loyaltyTransactionType,
                                                 @RequestParam(required = false) String startDate,
                                                 @RequestParam(required = false) String endDate,
                                                 @RequestParam(defaultValue = "50") int pageSize,
                                                 @RequestParam(defaultValue = "0") long skip,
                                                 @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        program(programId, subledgerId, false);
        LoyaltyStore.Page<LoyaltyStore.LedgerEntry> page = ledger(programId, integrationId, customerSessionIDs, transactionUUIDs,
                loyaltyTransactionType, startDate, endDate, pageSize, skip);
        return ResponseEntity.ok(page(page, e -> {
            ObjectNode n = ledgerEntry(programId, e);
            n.putObject("flags").put("createsNegativeBalance", e.createsNegative());
            return n;
        }));
    }

    /** The ledger of a profile or card, as the query asks for it. */
    private LoyaltyStore.Page<LoyaltyStore.LedgerEntry> ledger(long programId, String owner, List<String> customerSessionIDs,
                                                               List<String> transactionUUIDs, String loyaltyTransactionType,
                                                               String startDate, String endDate, int pageSize, long skip) {
        if (loyaltyTransactionType != null && !List.of("manual", "session", "import").contains(loyaltyTransactionType)) {
            throw EngineException.invalidParameter("loyaltyTransactionType", "loyaltyTransactionType is manual, session or import");
        }
        LoyaltyStore.LedgerFilter filter = filter(customerSessionIDs, transactionUUIDs,
                startDate == null ? null : time("startDate", startDate), endDate == null ? null : time("endDate", endDate));
        Bodies.paging(pageSize, skip);
        // every entry is a session's: points are added and deducted by campaigns only, never by hand or import
        return loyaltyTransactionType == null || loyaltyTransactionType.equals("session")
                ? loyalty.ledger(programId, owner, filter, skip, pageSize) : new LoyaltyStore.Page<>(List.of(), false);
    }

    /** A ledger entry's fields that a profile's and a card's share. */
    private static ObjectNode ledgerEntry(long programId, LoyaltyStore.LedgerEntry e) {
        ObjectNode n = entry(e.id(), e.transactionUUID(), programId, e.sessionId(), e.name(), e.amount(), e.created(),
                e.kind().equals("addition") ? e.start() : null, e.expiry());
        n.put("type", e.kind());
        if (e.ruleName() != null) {
            n.put("ruleName", e.ruleName());
        }
        return n;
    }

    /** {@code balances?endDate=}: now or a later time (an earlier one cannot be answered). */
    private Instant asOf(String endDate) {
        Instant now = clock.instant();
        Instant at = endDate == null ? now : time("endDate", endDate);
        if (at.isBefore(now)) {
            throw EngineException.invalidParameter("endDate", "endDate is now or later: tillgate keeps what remains of points,"
                    + " not what remained in the past");
        }
        return at;
    }

    /** Talon.One's {@code LoyaltyBalance}, put as {@code balance} on the answer. */
    private static ObjectNode balance(ObjectNode body, LoyaltyStore.Balance b) {
        return body.putObject("balance").put("activePoints", b.activePoints()).put("pendingPoints", b.pendingPoints())
                .put("spentPoints", b.spentPoints()).put("expiredPoints", b.expiredPoints())
                .put("negativePoints", b.negativePoints());
    }

    /** The points added that are active, pending or expired now, with what remains of each. */
    @GetMapping("/profile/{integrationId}/points")
    public ResponseEntity<JsonNode> points(@PathVariable long programId, @PathVariable String integrationId,
                                           @RequestParam(defaultValue = "active") String status,
                                           @RequestParam(required = false) String subledgerId,
                                           @RequestParam(required = false) List<String> customerSessionIDs,
                                           @RequestParam(required = false) List<String> transactionUUIDs,
                                           @RequestParam(defaultValue = "50") int pageSize,
                                           @RequestParam(defaultValue = "0") long skip,
                                           @RequestParam(required = false) String sort,
                                           @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        program(programId, subledgerId, false);
        return pointsOf(programId, integrationId, status, customerSessionIDs, transactionUUIDs, pageSize, skip, sort);
    }

    private ResponseEntity<JsonNode> pointsOf(long programId, String owner, String status, List<String> customerSessionIDs,
                                              List<String> transactionUUIDs, int pageSize, long skip, String sort) {
        LoyaltyStore.PointsStatus pointsStatus;
        try {
            pointsStatus = LoyaltyStore.PointsStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalidParameter("status", "status is active, pending or expired");
        }
        if (sort != null && !sort.equals("startDate") && !sort.equals("expiryDate")) {
            throw EngineException.invalidParameter("sort", "sort is startDate or expiryDate");
        }
        Bodies.paging(pageSize, skip);
        LoyaltyStore.Page<LoyaltyStore.PointsEntry> page = loyalty.points(programId, owner, pointsStatus, clock.instant(),
                filter(customerSessionIDs, transactionUUIDs, null, null), sort, skip, pageSize);
        return ResponseEntity.ok(page(page, p -> entry(p.id(), p.transactionUUID(), programId, p.sessionId(), p.name(),
                p.remaining(), p.created(), p.start(), p.expiry())));
    }

    /** The fields a ledger entry and a points entry share; a start at the creation is immediate. */
    private static ObjectNode entry(long id, String uuid, long programId, String sessionId, String name, java.math.BigDecimal amount,
                                    Instant created, Instant start, Instant expiry) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", id).put("transactionUUID", uuid).put("programId", programId)
                .put("created", created.toString()).put("name", name).put("amount", amount).put("subledgerId", "")
                .put("startDate", start == null || !start.isAfter(created) ? "immediate" : start.toString())
                .put("expiryDate", expiry == null ? "unlimited" : expiry.toString());
        if (sessionId != null) {
            n.put("customerSessionId", sessionId);
        }
        return n;
    }

    private static <T> ObjectNode page(LoyaltyStore.Page<T> page, Function<T, ObjectNode> view) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("hasMore", page.hasMore());
        ArrayNode data = body.putArray("data");
        page.items().forEach(item -> data.add(view.apply(item)));
        return body;
    }

    private static LoyaltyStore.LedgerFilter filter(List<String> sessions, List<String> uuids, Instant from, Instant to) {
        List<String> s = sessions == null ? List.of() : sessions;
        List<String> u = uuids == null ? List.of() : uuids;
        if (s.size() > Bodies.MAX_PAGE || u.size() > Bodies.MAX_PAGE) {
            throw EngineException.invalidParameter(s.size() > Bodies.MAX_PAGE ? "customerSessionIDs" : "transactionUUIDs",
                    "at most " + Bodies.MAX_PAGE + " ids");
        }
        return new LoyaltyStore.LedgerFilter(s, u, from, to);
    }

    /** An RFC 3339 date-time, or a date (its midnight, UTC), as Talon.One reads these parameters. */
    private static Instant time(String parameter, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw EngineException.invalidParameter(parameter, parameter + " is an RFC 3339 date-time (2026-03-01T00:00:00Z) or a date");
        }
    }

    /** The program, checked to be card-based or profile-based as the path says, without subledgers asked for. */
    private LoyaltyProgram program(long programId, String subledgerId, boolean cards) {
        LoyaltyProgram program = programs.all().get(programId);
        if (program == null) {
            throw EngineException.notFound("loyalty program " + programId + " does not exist");
        }
        if (subledgerId != null && !subledgerId.isEmpty()) {
            throw EngineException.invalidParameter("subledgerId", "loyalty program " + programId + " has no subledgers");
        }
        if (program.cardBased() != cards) {
            throw EngineException.notFound("loyalty program " + programId + (cards ? " is profile-based: its points are profiles'"
                    : " is card-based: its points are cards', under /cards/{cardId}"));
        }
        return program;
    }

    /** A card-based program's card: its balances, as a profile's, and the customers linked to it. */
    @GetMapping("/cards/{cardId}/balances")
    public ResponseEntity<JsonNode> cardBalances(@PathVariable long programId, @PathVariable String cardId,
                                                 @RequestParam(required = false) String endDate,
                                                 @RequestParam(required = false) String subledgerId,
                                                 @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        program(programId, subledgerId, true);
        card(programId, cardId);
        ObjectNode body = Json.MAPPER.createObjectNode();
        balance(body, loyalty.balance(programId, cardId, asOf(endDate)));
        body.putObject("subledgerBalances");
        ArrayNode profiles = body.putArray("profiles");
        cards.profiles(programId, cardId).forEach(l -> profiles.addObject().put("integrationId", l.profileId())
                .put("timestamp", l.linked().toString()));
        return ResponseEntity.ok(body);
    }

    @GetMapping("/cards/{cardId}/transactions")
    public ResponseEntity<JsonNode> cardTransactions(@PathVariable long programId, @PathVariable String cardId,
                                                     @RequestParam(required = false) List<String> customerSessionIDs,
                                                     @RequestParam(required = false) List<String> transactionUUIDs,
                                                     @RequestParam(required = false) String subledgerId,
                                                     @RequestParam(required = false) String loyaltyTransactionType,
                                                     @RequestParam(required = false) String startDate,
                                                     @RequestParam(required = false) String endDate,
                                                     @RequestParam(defaultValue = "50") int pageSize,
                                                     @RequestParam(defaultValue = "0") long skip,
                                                     @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        program(programId, subledgerId, true);
        card(programId, cardId);
        LoyaltyStore.Page<LoyaltyStore.LedgerEntry> page = ledger(programId, cardId, customerSessionIDs, transactionUUIDs,
                loyaltyTransactionType, startDate, endDate, pageSize, skip);
        return ResponseEntity.ok(page(page, e -> ledgerEntry(programId, e).put("cardIdentifier", cardId)));
    }

    @GetMapping("/cards/{cardId}/points")
    public ResponseEntity<JsonNode> cardPoints(@PathVariable long programId, @PathVariable String cardId,
                                               @RequestParam(defaultValue = "active") String status,
                                               @RequestParam(required = false) String subledgerId,
                                               @RequestParam(required = false) List<String> customerSessionIDs,
                                               @RequestParam(required = false) List<String> transactionUUIDs,
                                               @RequestParam(defaultValue = "50") int pageSize,
                                               @RequestParam(defaultValue = "0") long skip,
                                               @RequestParam(required = false) String sort,
                                               @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth);
        program(programId, subledgerId, true);
        card(programId, cardId);
        return pointsOf(programId, cardId, status, customerSessionIDs, transactionUUIDs, pageSize, skip, sort);
    }

    private void card(long programId, String cardId) {
        if (cards.find(programId, cardId, false).isEmpty()) {
            throw EngineException.notFound("loyalty card '" + cardId + "' of program " + programId + " does not exist");
        }
    }

    private void authorize(String auth) {
        if (!applications.isManagementKey(auth) && applications.byApiKey(auth).isEmpty()) {
            throw ApiRefusal.integrationKeyRequired();
        }
    }
}
