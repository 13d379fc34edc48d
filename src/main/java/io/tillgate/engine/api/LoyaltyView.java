package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.lifecycle.Tiering;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.store.LoyaltyCardStore;
import io.tillgate.engine.store.LoyaltyStore;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The {@code loyalty} part of an answer (Talon.One's {@code Loyalty}): the profile's ledger in each profile-based program,
 * with its tier where the program has tiers, and the session's cards with theirs (card-based programs' points are
 * their cards', not the profile's).
 */
@Component
class LoyaltyView {
    private final LoyaltyPrograms programs;
    private final LoyaltyStore loyalty;
    private final Tiering tiering;
    private final LoyaltyCardStore cards;
    private final Clock clock;

    LoyaltyView(LoyaltyPrograms programs, LoyaltyStore loyalty, Tiering tiering, LoyaltyCardStore cards, Clock clock) {
        this.cards = cards;
        this.programs = programs;
        this.loyalty = loyalty;
        this.tiering = tiering;
        this.clock = clock;
    }

    /** A profile's loyalty: its ledgers in the profile-based programs. */
    ObjectNode of(String profileId) {
        return of(profileId, List.of());
    }

    /**
     * A session's loyalty: its profile's ledgers (none for an anonymous session) and, as {@code cards}, the cards it showed
     * that are cards of a card-based program.
     */
    ObjectNode of(String profileId, List<String> sessionCards) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        Map<Long, LoyaltyProgram> all = programs.all();
        if (!sessionCards.isEmpty()) {
            ArrayNode shown = node.putArray("cards");
            all.values().stream().filter(LoyaltyProgram::cardBased).forEach(program -> sessionCards.forEach(identifier ->
                    cards.find(program.id(), identifier, false).ifPresent(card -> shown.add(card(program, card)))));
        }
        ObjectNode byProgram = node.putObject("programs");
        all.forEach((id, program) -> {
            if (program.cardBased() || profileId == null) {
                return;
            }
            ObjectNode ledger = byProgram.putObject(String.valueOf(id)).put("id", id).put("title", program.title())
                    .put("name", program.name());
            ObjectNode info = Views.ledger(loyalty.balance(id, profileId, clock.instant()));
            if (program.tiers().any()) {
                TierViews.current(info, program.tiers(), tiering.standing(program, profileId, clock.instant()));
                info.remove("nextTierName"); // LedgerInfo has the points to the next tier, not its name
            }
            ledger.set("ledger", info);
        });
        return node;
    }

    /** Talon.One's {@code LoyaltyCard}, with its ledger and linked profiles. */
    ObjectNode card(LoyaltyProgram program, LoyaltyCardStore.Card card) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("id", card.id()).put("created", card.created().toString())
                .put("programID", program.id()).put("programName", program.name()).put("programTitle", program.title())
                .put("status", card.status()).put("identifier", card.identifier())
                .put("usersPerCardLimit", program.cards().usersPerCardLimit()).put("modified", card.modified().toString());
        if (card.blockReason() != null) {
            n.put("blockReason", card.blockReason());
        }
        if (card.batchId() != null) {
            n.put("batchId", card.batchId());
        }
        ArrayNode linked = n.putArray("profiles");
        cards.profiles(program.id(), card.identifier()).forEach(l -> linked.addObject().put("integrationId", l.profileId())
                .put("timestamp", l.linked().toString()));
        n.set("ledger", Views.ledger(loyalty.balance(program.id(), card.identifier(), clock.instant())));
        return n;
    }
}
