package io.tillgate.engine.lifecycle;

import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.AchievementState;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.catalog.DeclaredAchievement;
import io.tillgate.engine.effects.IncreaseAchievementProgress;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.store.AchievementStore;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customers' progress in achievements: where they stand before an evaluation, the progress a close makes kept on
 * trackers, and progress taken back. Trackers change under the profile's lock, which a close holds.
 */
@Component
public class Achievements {
    private final CampaignCatalog catalog;
    private final AchievementStore store;

    Achievements(CampaignCatalog catalog, AchievementStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * Every achievement of the application, where the customer (null: nobody) stands in it at {@code now}: worked out
     * for an achievement when asked for, as most sessions read none of them. The customer's trackers are read at once.
     */
    public Map<String, AchievementState> standings(Application app, String profileId, Instant now) {
        Map<String, DeclaredAchievement> declared = catalog.achievements(app.id());
        if (declared.isEmpty()) {
            return Map.of();
        }
        Map<Long, Achievement.Tracker> latest = profileId == null ? Map.of() : store.latest(app.id(), profileId);
        return new Standings(declared, d -> new AchievementState(d.id(), d.campaignId(), d.achievement(),
                d.achievement().standing(latest.get(d.id()), now, app.zone())));
    }

    /** Standings by name, each worked out once, when first asked for. */
    private static final class Standings extends java.util.AbstractMap<String, AchievementState> {
        private final Map<String, DeclaredAchievement> declared;
        private final java.util.function.Function<DeclaredAchievement, AchievementState> standing;
        private final Map<String, AchievementState> known = new HashMap<>();

        Standings(Map<String, DeclaredAchievement> declared, java.util.function.Function<DeclaredAchievement, AchievementState> standing) {
            this.declared = declared;
            this.standing = standing;
        }

        @Override
        public AchievementState get(Object name) {
            DeclaredAchievement d = declared.get(name);
            return d == null ? null : known.computeIfAbsent(d.achievement().name(), n -> standing.apply(d));
        }

        @Override
        public boolean containsKey(Object name) {
            return declared.containsKey(name);
        }

        @Override
        public int size() {
            return declared.size();
        }

        @Override
        public java.util.Set<Entry<String, AchievementState>> entrySet() {
            java.util.Set<Entry<String, AchievementState>> entries = new java.util.LinkedHashSet<>();
            declared.keySet().forEach(name -> entries.add(Map.entry(name, get(name))));
            return entries;
        }
    }

    /**
     * Keeps the progress a close made: adds it to the trackers it names, or starts them. Returns the grants with the
     * trackers they went to, for the session's ledger.
     */
    List<Grant> keep(Application app, List<Grant> grants, Instant now) {
        if (grants.stream().noneMatch(g -> g instanceof Grant.AchievementProgress)) {
            return grants;
        }
        Map<Long, Long> started = new HashMap<>(); // achievement → the tracker this close started
        List<Grant> kept = new ArrayList<>(grants.size());
        for (Grant grant : grants) {
            if (!(grant instanceof Grant.AchievementProgress p)) {
                kept.add(grant);
                continue;
            }
            Long tracker = p.trackerId() != null ? p.trackerId() : started.get(p.achievementId());
            if (tracker == null) {
                tracker = store.start(app.id(), p.achievementId(), p.profileId(), p.value(), p.target(), p.start(), p.end(),
                        p.allowRollbackAfterCompletion(), now);
                started.put(p.achievementId(), tracker);
            } else {
                store.add(tracker, p.value(), now);
            }
            kept.add(p.withTracker(tracker));
        }
        return List.copyOf(kept);
    }

    /**
     * Takes {@code amount} of a grant's progress back; the effect that says so, or empty when nothing went back (a
     * completed achievement that keeps its progress, a tracker already at nothing).
     */
    Optional<Effect> takeBack(long applicationId, Grant.AchievementProgress p, BigDecimal amount) {
        if (p.trackerId() == null || amount.signum() <= 0) {
            return Optional.empty();
        }
        // the achievement's rule as it is now, where a campaign still declares it
        Boolean allowed = catalog.achievements(applicationId).values().stream().filter(d -> d.id() == p.achievementId()).findFirst()
                .map(d -> d.achievement().allowRollbackAfterCompletion()).orElse(null);
        return store.takeBack(p.trackerId(), amount, allowed).map(d -> Effect.of(p.origin(), "rollbackIncreasedAchievementProgress",
                new IncreaseAchievementProgress.RollbackProps(p.achievementId(), p.name(), p.trackerId(), d.by(), d.progress(),
                        d.target())));
    }
}
