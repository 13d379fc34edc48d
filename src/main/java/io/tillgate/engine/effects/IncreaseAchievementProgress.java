package io.tillgate.engine.effects;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.AchievementState;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.Unit;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code increaseAchievementProgress}: progress for the session's customer in one of the campaign's achievements,
 * {@code value} (1 when absent) for the session or, with {@code items}, for each selected unit, so that a return takes
 * back the progress of exactly the units returned. Progress stops at the target: what would go past it is not made.
 * Anonymous sessions make none, nor do achievements that take no progress now (completed, over, not yet started).
 * The progress is kept when the session closes ({@code lifecycle.AchievementProgressLedger}).
 */
public final class IncreaseAchievementProgress implements EffectType {
    /** Progress is kept to the cent, as the tracker's column holds it. */
    static final int SCALE = 2;

    @Override
    public String name() {
        return "increaseAchievementProgress";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        String achievement = fields.achievement("achievement");
        Expression items = fields.optionalFilter("items");
        Expression value = items == null ? fields.sessionValue("value", "1.0") : fields.value("value", "1.0");
        return new Spec(achievement, value, items);
    }

    record Spec(String achievement, Expression value, Expression items) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            if (rule.profileId() == null) {
                return null;
            }
            AchievementState state = rule.achievement(achievement);
            Achievement.Standing standing = state.standing();
            if (!standing.open()) {
                return null;
            }
            BigDecimal room = standing.target().subtract(standing.progress());
            List<UnitShare> shares = new ArrayList<>();
            BigDecimal delta;
            if (items == null) {
                delta = amount(rule.number(value)).min(room);
            } else {
                RuleScope.PerUnit selected = rule.perUnit(items);
                RuleScope.PerUnit values = rule.perUnit(value);
                delta = BigDecimal.ZERO;
                for (int i = 0; i < rule.units().size() && delta.compareTo(room) < 0; i++) {
                    if (selected.test(i)) {
                        BigDecimal amount = amount(values.number(i)).min(room.subtract(delta));
                        if (amount.signum() > 0) {
                            Unit u = rule.units().get(i);
                            shares.add(new UnitShare(u.position(), u.subPosition(), amount, false));
                            delta = delta.add(amount);
                        }
                    }
                }
            }
            if (delta.signum() <= 0) {
                return null;
            }
            rule.progress(achievement, delta);
            BigDecimal now = standing.progress().add(delta);
            Achievement a = state.achievement();
            Long tracker = standing.tracker() == null ? null : standing.tracker().id();
            rule.emit("increaseAchievementProgress", new Props(state.id(), a.name(), tracker, delta, now, standing.target(),
                    now.compareTo(standing.target()) >= 0));
            java.time.Instant start = standing.tracker() != null ? standing.tracker().start() : standing.window().start();
            java.time.Instant end = standing.tracker() != null ? standing.tracker().end() : standing.window().end();
            rule.grant(new Grant.AchievementProgress(rule.origin(), state.id(), a.name(), rule.profileId(), tracker, start, end,
                    standing.target(), a.allowRollbackAfterCompletion(), delta, items != null, List.copyOf(shares), false));
            return null;
        }

        /** A CEL number as progress: to the cent, never below nothing. */
        private static BigDecimal amount(double value) {
            if (!Double.isFinite(value) || value <= 0) {
                return BigDecimal.ZERO;
            }
            return BigDecimal.valueOf(Math.min(value, 1e15)).setScale(SCALE, RoundingMode.DOWN);
        }
    }

    /** Talon.One's IncreaseAchievementProgressEffectProps; {@code progressTrackerId} is absent for a tracker this close starts. */
    public record Props(long achievementId, String achievementName,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long progressTrackerId, BigDecimal delta,
                        BigDecimal value, BigDecimal target, boolean isJustCompleted)
            implements io.tillgate.engine.session.Props {
    }

    /** Talon.One's RollbackIncreasedAchievementProgressEffectProps. */
    public record RollbackProps(long achievementId, String achievementName, long progressTrackerId,
                                BigDecimal decreaseProgressBy, BigDecimal currentProgress, BigDecimal target)
            implements io.tillgate.engine.session.Props {
    }
}
