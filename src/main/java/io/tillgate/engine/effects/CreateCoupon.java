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
 * {@code createCoupon}: when the session closes, a new coupon whose code follows {@code pattern} ({@code #}: a random
 * digit) for {@code recipient} (the session's customer by default), usable {@code usageLimit} times (1 by default,
 * 0: unlimited). Talon.One reports it as a {@code couponCreated} effect. Created coupons outlive the session.
 */
public final class CreateCoupon implements EffectType {
    /** What the coupon's recipient column holds. */
    static final int MAX_RECIPIENT_LENGTH = 200;

    @Override
    public String name() {
        return "createCoupon";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        String pattern = fields.codePattern("pattern", "coupon");
        Expression recipient = fields.sessionExpression(fields.text("recipient", "profile.integrationId"), SimpleType.STRING, "recipient");
        return new Spec(pattern, recipient, fields.count("usageLimit", 1));
    }

    record Spec(String pattern, Expression recipient, int usageLimit) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            if (!rule.closing()) {
                return null; // coupons are created when the session closes
            }
            String to = rule.text(recipient);
            if (to.length() > MAX_RECIPIENT_LENGTH) {
                throw new IllegalArgumentException("the coupon's recipient is longer than " + MAX_RECIPIENT_LENGTH + " characters");
            }
            RuleScope.Fit fit = rule.fit(BudgetAction.createCoupon, BigDecimal.ONE, false);
            if (fit.isRefused()) {
                return fit.refusal();
            }
            var charges = rule.charge(BudgetAction.createCoupon, BigDecimal.ONE);
            String code = rule.newCouponCode(pattern);
            rule.emit("couponCreated", new Props(code, to));
            rule.grant(new Grant.CouponCreation(rule.origin(), code, to.isEmpty() ? null : to, usageLimit, charges));
            return null;
        }
    }

    public record Props(String value, String profileId) implements io.tillgate.engine.session.Props {
    }
}
