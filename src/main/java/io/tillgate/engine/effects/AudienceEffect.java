package io.tillgate.engine.effects;

import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.RuleScope;

import java.util.OptionalLong;

/**
 * What {@code addToAudience} and {@code removeFromAudience} share: the audience they name ({@code audienceId}), checked
 * to exist when the campaign is stored, and the effect they emit for the session's customer (none for an anonymous
 * session). The membership changes when the session closes ({@code lifecycle.AudienceChanges}).
 */
public abstract class AudienceEffect {
    private AudienceEffect() {
    }

    static EffectSpec compile(EffectFields fields, String type) {
        long audienceId = fields.wholeNumber("audienceId");
        return new Spec(type, audienceId);
    }

    record Spec(String type, long audienceId) implements EffectSpec {
        @Override
        public OptionalLong audience() {
            return OptionalLong.of(audienceId);
        }

        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            if (rule.profileId() == null) {
                return null;
            }
            String name = rule.audienceName(audienceId);
            if (name == null) {
                throw new IllegalStateException("audience " + audienceId + " does not exist");
            }
            rule.emit(type, new Props(audienceId, name, rule.profileId()));
            return null;
        }
    }

    /** Talon.One's AddToAudienceEffectProps and RemoveFromAudienceEffectProps. */
    public record Props(long audienceId, String audienceName, String profileIntegrationId)
            implements io.tillgate.engine.session.Props {
    }

    /** {@code addToAudience}: the session's customer joins the audience. */
    static final class Add implements io.tillgate.engine.campaign.EffectType {
        @Override
        public String name() {
            return "addToAudience";
        }

        @Override
        public EffectSpec compile(EffectFields fields) {
            return AudienceEffect.compile(fields, name());
        }
    }

    /** {@code removeFromAudience}: the session's customer leaves the audience. */
    static final class Remove implements io.tillgate.engine.campaign.EffectType {
        @Override
        public String name() {
            return "removeFromAudience";
        }

        @Override
        public EffectSpec compile(EffectFields fields) {
            return AudienceEffect.compile(fields, name());
        }
    }
}
