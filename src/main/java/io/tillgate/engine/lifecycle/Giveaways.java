package io.tillgate.engine.lifecycle;

import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.GiveawayPoolView;
import io.tillgate.engine.campaign.Rule;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.store.GiveawayStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Giveaways at the till: the pools an evaluation may award from, and the codes a close awards. */
@Component
public class Giveaways {
    private final GiveawayStore store;

    Giveaways(GiveawayStore store) {
        this.store = store;
    }

    /**
     * The pools the candidates' rules award from, with the codes the session was awarded already and those free at
     * {@code at} (the real time: a code's dates are when it may be given out, whatever time a sale is of); with
     * {@code lock} (a close for real) each pool is held until the transaction ends, in id order, so that two closes
     * never award one code, and codes may be awarded.
     */
    public Map<Long, GiveawayPoolView> view(List<Campaign> candidates, String sessionId, Instant at, boolean lock) {
        TreeSet<Long> named = new TreeSet<>();
        for (Campaign c : candidates) {
            c.rules().stream().flatMap(Rule::allEffects).forEach(e -> e.giveawayPool().ifPresent(named::add));
        }
        if (named.isEmpty()) {
            return Map.of();
        }
        Map<Long, GiveawayPoolView> pools = new HashMap<>();
        for (Long id : named) {
            store.pool(id, lock).ifPresent(pool -> pools.put(id, new GiveawayPoolView(id, pool.name(), lock,
                    sessionId == null ? List.of() : store.awardedTo(id, sessionId), store.free(id, at))));
        }
        return pools;
    }

    /** A session as an awarded code names it: pools are the deployment's, session ids an application's. */
    static String sessionKey(io.tillgate.engine.Applications.Application app, String sessionId) {
        return app.id() + ":" + sessionId;
    }

    /** Awards the codes the close's grants name, to the grants' profile, for this session. */
    void award(List<Grant> grants, String sessionId, Instant now) {
        for (Grant grant : grants) {
            if (grant instanceof Grant.GiveawayAward a && !store.award(a.giveawayId(), a.profileId(), sessionId, now)) {
                throw new IllegalStateException("giveaway " + a.giveawayId() + " was awarded concurrently");
            }
        }
    }
}
