package io.tillgate.engine.effects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cel.runtime.CelEvaluationException;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.Expression;
import io.tillgate.engine.campaign.RuleScope;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.Unit;
import io.tillgate.engine.session.UnitShare;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code addLoyaltyPoints}: points for the session's customer, {@code value} for the session or, with {@code items},
 * {@code value} for each selected unit (one effect per unit, so that a return takes back exactly its points).
 * Anonymous sessions earn none. Session-level points are spread over the units by price when the session closes.
 */
public final class AddLoyaltyPoints implements EffectType {

    @Override
    public String name() {
        return "addLoyaltyPoints";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        Expression items = fields.optionalFilter("items");
        return new Spec(fields.programId(), fields.required("name"),
                items == null ? fields.sessionValue("value", null) : fields.value("value"), items);
    }

    record Spec(long programId, String name, Expression value, Expression items) implements EffectSpec {
        @Override
        public java.util.OptionalLong loyaltyProgram() {
            return java.util.OptionalLong.of(programId);
        }

        @Override
        public String apply(RuleScope rule) throws CelEvaluationException {
            String owner = rule.ledgerOwner(programId);
            if (owner == null) {
                return null; // no customer, or no card of a card-based program: nobody to give points to
            }
            LoyaltyProgram program = rule.program(programId);
            if (program == null) {
                throw new IllegalStateException("loyalty program " + programId + " does not exist");
            }
            String profile = rule.profileId() == null ? "" : rule.profileId();
            String card = program.cardBased() ? owner : null;
            Instant start = program.startOf(rule.now());
            Instant expiry = program.expiryOf(start);
            if (items == null) {
                BigDecimal points = Points.of(rule.number(value));
                if (points.signum() <= 0) {
                    return null;
                }
                var fit = rule.fit(BudgetAction.createLoyaltyPoints, points, rule.campaign().partialDiscounts());
                if (fit.isRefused()) {
                    return fit.refusal();
                }
                BigDecimal granted = fit.granted();
                var charges = rule.charge(BudgetAction.createLoyaltyPoints, granted);
                String uuid = rule.newTransactionId();
                rule.emit("addLoyaltyPoints", Props.of(name, programId, granted, fit.desired(), profile, card, start, expiry,
                        uuid, null, null));
                rule.grant(new Grant.Points(rule.origin(), programId, name, owner, uuid, granted, start, expiry, false,
                        List.of(), charges, false));
                return null;
            }
            RuleScope.PerUnit selected = rule.perUnit(items);
            RuleScope.PerUnit values = rule.perUnit(value);
            List<UnitShare> perUnit = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < rule.units().size(); i++) {
                if (selected.test(i)) {
                    BigDecimal points = Points.of(values.number(i));
                    if (points.signum() > 0) {
                        Unit u = rule.units().get(i);
                        perUnit.add(new UnitShare(u.position(), u.subPosition(), points, false));
                        total = total.add(points);
                    }
                }
            }
            if (Points.bounded(total).signum() <= 0) {
                return null;
            }
            RuleScope.Fit fit = rule.fit(BudgetAction.createLoyaltyPoints, total, false);
            if (fit.isRefused()) {
                return fit.refusal();
            }
            for (UnitShare share : perUnit) { // each unit's points go back on their own: each has its own charges
                var charges = rule.charge(BudgetAction.createLoyaltyPoints, share.amount());
                String uuid = rule.newTransactionId();
                rule.emit("addLoyaltyPoints", Props.of(name, programId, share.amount(), null, profile, card, start, expiry, uuid,
                        share.position(), share.subPosition()));
                rule.grant(new Grant.Points(rule.origin(), programId, name, owner, uuid, share.amount(), start, expiry,
                        true, List.of(share), charges, false));
            }
            return null;
        }
    }

    /**
     * {@code desiredValue}: what the rule asked for, when a budget cut it; a cart item's position for per-unit points;
     * {@code cardIdentifier}: the card the points went to, in a card-based program ({@code recipientIntegrationId} is then
     * the session's profile, "" for none).
     */
    public record Props(String name, long programId, String subLedgerId, BigDecimal value, String recipientIntegrationId,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String cardIdentifier,
                        @JsonProperty("transactionUUID") String transactionUUID,
                        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String startDate,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String expiryDate,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemPosition,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemSubPosition)
            implements io.tillgate.engine.session.Props {

        static Props of(String name, long programId, BigDecimal value, BigDecimal desiredValue, String recipient, String card,
                        Instant start, Instant expiry, String transactionUUID, Integer position, Integer subPosition) {
            return new Props(name, programId, "", value, recipient, card, transactionUUID, desiredValue,
                    start == null ? null : start.toString(), expiry == null ? null : expiry.toString(), position, subPosition);
        }
    }
}
