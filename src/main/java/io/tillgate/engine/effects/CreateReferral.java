package io.tillgate.engine.effects;

import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Grant;

import java.math.BigDecimal;

/**
 * {@code createReferral}: when the session closes, a referral code of this campaign whose code follows {@code pattern}
 * ({@code #}: a random digit), with the session's customer as its advocate, for {@code friend} (anyone by default),
 * usable {@code usageLimit} times (1 by default, 0: unlimited). Talon.One reports it as a {@code referralCreated}
 * effect and lists it in {@code createdReferrals}. A session without a customer has no advocate: the rule fails.
 * Created codes outlive the session.
 */
public final class CreateReferral implements EffectType {
    /** Talon.One's bound on a referral code's usage limit. */
    public static final int MAX_USAGE_LIMIT = 999_999;

    @Override
    public String name() {
        return "createReferral";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        String pattern = fields.codePattern("pattern", "referral code");
        Expression friend = fields.sessionExpression(fields.text("friend", "''"), SimpleType.STRING, "friend");
        int usageLimit = fields.count("usageLimit", 1);
        if (usageLimit > MAX_USAGE_LIMIT) {
            fields.problem("usageLimit", "invalid usageLimit", "a referral code's usageLimit is at most " + MAX_USAGE_LIMIT + " (0: no limit)");
        }
        return new Spec(pattern, friend, usageLimit);
    }

    record Spec(String pattern, Expression friend, int usageLimit) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            if (!rule.closing()) {
                return null; // referral codes are created when the session closes
            }
            String advocate = rule.profileId();
            if (advocate == null) {
                return "createReferral needs the session's customer profile: the advocate of the code";
            }
            String to = rule.text(friend);
            if (to.length() > CreateCoupon.MAX_RECIPIENT_LENGTH) {
                throw new IllegalArgumentException("the referral's friend is longer than " + CreateCoupon.MAX_RECIPIENT_LENGTH + " characters");
            }
            if (to.equals(advocate)) {
                throw new IllegalArgumentException("the referral's friend is its advocate, " + advocate);
            }
            RuleScope.Fit fit = rule.fit(BudgetAction.createReferral, BigDecimal.ONE, false);
            if (fit.isRefused()) {
                return fit.refusal();
            }
            var charges = rule.charge(BudgetAction.createReferral, BigDecimal.ONE);
            String code = rule.newReferralCode(pattern);
            rule.emit("referralCreated", new io.tillgate.engine.session.Props.Referral(code));
            rule.grant(new Grant.ReferralCreation(rule.origin(), code, advocate, to.isEmpty() ? null : to, usageLimit, charges));
            return null;
        }
    }
}
