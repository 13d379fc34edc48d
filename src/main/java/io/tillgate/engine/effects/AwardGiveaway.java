package io.tillgate.engine.effects;

import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.GiveawayPoolView;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.Grant;

import java.util.OptionalLong;

/**
 * {@code awardGiveaway}: the next free code of a giveaway pool ({@code poolId}) for the session's customer, when the
 * session closes for real; a session closed again (reopened, or a till's sale re-sent) shows the code it was awarded
 * instead of another. Otherwise (open, a dry run, a profile update) {@code willAwardGiveaway} says one would be, and
 * shows no code. A pool with no code to award now fails the rule. Anonymous sessions are awarded nothing. A code once
 * awarded stays awarded.
 */
public final class AwardGiveaway implements EffectType {

    @Override
    public String name() {
        return "awardGiveaway";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.wholeNumber("poolId"));
    }

    record Spec(long poolId) implements EffectSpec {
        @Override
        public OptionalLong giveawayPool() {
            return OptionalLong.of(poolId);
        }

        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            if (rule.profileId() == null) {
                return null;
            }
            GiveawayPoolView pool = rule.giveawayPool(poolId);
            if (pool == null) {
                throw new IllegalStateException("giveaway pool " + poolId + " does not exist");
            }
            GiveawayPoolView.Code code = rule.takeGiveaway(poolId);
            if (code == null) {
                return "giveaway pool " + poolId + " has no code to award";
            }
            if (!rule.closing() || !pool.awarding()) {
                rule.emit("willAwardGiveaway", new WillProps(poolId, pool.name(), rule.profileId()));
                return null;
            }
            rule.emit("awardGiveaway", new Props(poolId, pool.name(), rule.profileId(), code.id(), code.code()));
            if (!rule.awardedAlready(poolId, code)) {
                rule.grant(new Grant.GiveawayAward(rule.origin(), poolId, code.id(), rule.profileId()));
            }
            return null;
        }
    }

    /** Talon.One's AwardGiveawayEffectProps. */
    public record Props(long poolId, String poolName, String recipientIntegrationId, long giveawayId, String code)
            implements io.tillgate.engine.session.Props {
    }

    /** Talon.One's WillAwardGiveawayEffectProps. */
    public record WillProps(long poolId, String poolName, String recipientIntegrationId) implements io.tillgate.engine.session.Props {
    }
}
