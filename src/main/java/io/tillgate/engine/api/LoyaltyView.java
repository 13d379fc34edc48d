package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.lifecycle.Tiering;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.store.LoyaltyStore;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * The {@code loyalty} part of an answer (Talon.One's {@code Loyalty}): the profile's ledger in each profile-based program,
 * with its tier where the program has tiers. Card-based programs' points are their cards', not the profile's.
 */
@Component
class LoyaltyView {
    private final LoyaltyPrograms programs;
    private final LoyaltyStore loyalty;
    private final Tiering tiering;
    private final Clock clock;

    LoyaltyView(LoyaltyPrograms programs, LoyaltyStore loyalty, Tiering tiering, Clock clock) {
        this.programs = programs;
        this.loyalty = loyalty;
        this.tiering = tiering;
        this.clock = clock;
    }

    ObjectNode of(String profileId) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ObjectNode byProgram = node.putObject("programs");
        programs.all().forEach((id, program) -> {
            if (program.cardBased()) {
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
}
