package io.tillgate.engine.lifecycle;

import io.tillgate.engine.campaign.AudienceView;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.Rule;
import io.tillgate.engine.effects.AudienceEffect;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.store.AudienceStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Audiences at the till: what an evaluation reads of them (only when a candidate campaign names an audience or reads
 * {@code profile.audiences}), the memberships a close changes, and the changes a cancel or reopen puts back.
 */
@Component
public class Audiences {
    private final AudienceStore store;

    Audiences(AudienceStore store) {
        this.store = store;
    }

    /** What the candidates' rules need of audiences, for this customer (null: nobody). */
    public AudienceView view(String profileId, List<Campaign> candidates) {
        Set<Long> named = new HashSet<>();
        boolean reads = false;
        for (Campaign c : candidates) {
            reads |= c.readsAudiences();
            c.rules().stream().flatMap(Rule::allEffects).forEach(e -> e.audience().ifPresent(named::add));
        }
        if (named.isEmpty() && !reads) {
            return AudienceView.NONE;
        }
        return new AudienceView(named.isEmpty() ? java.util.Map.of() : store.names(named),
                reads && profileId != null ? store.memberships(profileId) : Set.of());
    }

    /**
     * Changes the customer's memberships as the close's effects say, in their order; the grants that remember what
     * changed, for a cancel or reopen to put back.
     */
    List<Grant> apply(List<Effect> effects, String profileId, Instant now) {
        List<Grant> grants = new ArrayList<>();
        for (Effect e : effects) {
            if (!(e.props() instanceof AudienceEffect.Props p) || profileId == null) {
                continue;
            }
            boolean adds = e.effectType().equals("addToAudience");
            boolean changed = adds ? store.add(p.audienceId(), profileId, now) : store.remove(p.audienceId(), profileId);
            if (changed) {
                grants.add(new Grant.AudienceChange(origin(e), p.audienceId(), p.audienceName(), profileId, adds, false));
            }
        }
        return grants;
    }

    /**
     * Puts back what the ledger's changes did, latest first, where the membership is still as the change left it, for
     * the session's profile as it is now (a merge moves a session to the kept profile, an erasure to its anonymous id);
     * the effects that say so (the opposite effect, as {@code updateAttribute}'s rollback is an {@code updateAttribute}).
     */
    List<Effect> rollBack(List<Grant> ledger, String profileId, Instant now) {
        List<Effect> effects = new ArrayList<>();
        for (int i = ledger.size() - 1; i >= 0; i--) {
            if (!(ledger.get(i) instanceof Grant.AudienceChange c) || c.rolledBack() || profileId == null
                    || store.find(c.audienceId()).isEmpty()) { // an audience deleted since has nothing to put back
                continue;
            }
            boolean putBack = c.added() ? store.remove(c.audienceId(), profileId) : store.add(c.audienceId(), profileId, now);
            if (putBack) {
                effects.add(Effect.of(c.origin(), c.added() ? "removeFromAudience" : "addToAudience",
                        new AudienceEffect.Props(c.audienceId(), c.audienceName(), profileId)));
            }
        }
        return effects;
    }

    private static Effect.Origin origin(Effect e) {
        return new Effect.Origin(e.campaignId(), e.ruleIndex(), e.ruleName(), e.triggeredByCoupon(), e.conditionIndex());
    }
}
