package io.tillgate.engine.lifecycle;

import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.loyalty.Tiers;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Props;
import io.tillgate.engine.store.LoyaltyStore;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers' tiers: where a profile stands in each program with tiers ({@link Tiers#standing}), kept with its account
 * whenever its points change, and read as of now wherever a tier is shown or a rule reads it.
 */
@Component
public class Tiering {
    private final LoyaltyPrograms programs;
    private final LoyaltyStore loyalty;

    public Tiering(LoyaltyPrograms programs, LoyaltyStore loyalty) {
        this.programs = programs;
        this.loyalty = loyalty;
    }

    /** Where a profile stands in a program now, with its active points: what is kept, or would be at its next change. */
    public record Standing(Tiers.Standing standing, BigDecimal activePoints, Instant joined) {
    }

    public Standing standing(LoyaltyProgram program, String profileId, Instant now) {
        BigDecimal points = loyalty.balance(program.id(), profileId, now).activePoints();
        LoyaltyStore.Account account = loyalty.account(program.id(), profileId)
                .orElse(new LoyaltyStore.Account(Tiers.Standing.NONE, now));
        Instant joined = account.joined() == null ? now : account.joined();
        return new Standing(program.tiers().standing(account.standing(), points, joined, now), points, joined);
    }

    /** The profile's tier in each program that has tiers, "" for none (and for no profile): {@code profile.tiers} in CEL. */
    public Map<Long, String> tiers(String profileId, Instant now) {
        Map<Long, LoyaltyProgram> tiered = programs.tiered();
        if (tiered.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> tiers = new HashMap<>();
        tiered.forEach((id, program) -> { // an anonymous session is in no tier: "", not a missing key that fails a rule
            String tier = profileId == null ? null : standing(program, profileId, now).standing().tier();
            tiers.put(id, tier == null ? "" : tier);
        });
        return tiers;
    }

    /**
     * After the profile's points changed in these programs (the caller holds their accounts): keeps where it stands
     * now. Points added move a customer up with a {@code changeLoyaltyTierLevel} effect of the rule that added them
     * (an origin per program; none where points were taken back or spent, which never announce a tier).
     */
    public List<Effect> settle(String profileId, Map<Long, Effect.Origin> changed, Instant now) {
        if (profileId == null || changed.isEmpty()) {
            return List.of();
        }
        Map<Long, LoyaltyProgram> all = programs.all();
        List<Effect> effects = new ArrayList<>();
        for (Map.Entry<Long, Effect.Origin> entry : new java.util.TreeMap<>(changed).entrySet()) {
            LoyaltyProgram program = all.get(entry.getKey());
            if (program == null || !program.tiers().any()) {
                continue;
            }
            Tiers.Standing before = loyalty.account(program.id(), profileId).map(LoyaltyStore.Account::standing)
                    .orElse(Tiers.Standing.NONE);
            Tiers.Standing after = standing(program, profileId, now).standing();
            if (after.equals(before)) {
                continue;
            }
            loyalty.keep(program.id(), profileId, after);
            Tiers tiers = program.tiers();
            if (entry.getValue() != null && tiers.rank(after.tier()) > tiers.rank(before.tier())) {
                effects.add(Effect.of(entry.getValue(), "changeLoyaltyTierLevel", new Props.TierChange(entry.getValue().ruleName(),
                        program.id(), before.tier(), after.tier(), after.expiry() == null ? null : after.expiry().toString())));
            }
        }
        return effects;
    }
}
