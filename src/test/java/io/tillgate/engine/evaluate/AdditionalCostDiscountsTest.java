package io.tillgate.engine.evaluate;

import io.tillgate.engine.EngineFixtures;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.effects.SetDiscountPerAdditionalCost;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.AdditionalCost;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.SessionState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/** Discounts on a session's additional costs, on the pure evaluator: never more than the cost, counted as discounts. */
class AdditionalCostDiscountsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<AdditionalCost> COSTS = List.of(new AdditionalCost(4, "shipping", new BigDecimal("5.00")),
            new AdditionalCost(9, "wrapping", new BigDecimal("2.50")));

    private static Campaign campaign(long id, String condition, String cost, String value, String more) {
        return EngineFixtures.campaign(id, """
                name: campaign %d
                %s
                rules: [{title: off, condition: "%s", effects: [{type: setDiscountPerAdditionalCost, name: off %d, additionalCost: %s, value: "%s"}]}]
                """.formatted(id, more, condition, id, cost, value));
    }

    private static Evaluation evaluate(List<AdditionalCost> costs, List<Campaign> campaigns, Map<BudgetKey, BigDecimal> counters) {
        SessionSnapshot session = new SessionSnapshot("s-1", "alice", null, SessionState.CLOSED,
                List.of(item("Coat", "SKU-1", 2, "25.00", "outerwear")), List.of(), null, null, List.of(), null, costs);
        return Evaluator.evaluate(new EvaluationInput(session, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true, campaigns,
                Map.of(), counters, Map.of(), Map.of(), EngineFixtures.countingCodes()));
    }

    private static List<String> lines(Evaluation e) {
        return e.effects().stream().map(x -> {
            var p = (SetDiscountPerAdditionalCost.Props) x.props();
            return p.additionalCost() + " " + p.additionalCostId() + " " + p.value() + (p.desiredValue() == null ? "" : " of " + p.desiredValue());
        }).toList();
    }

    @Test
    void theSessionsTotalHoldsItsCostsAndADiscountOnACostIsAtMostWhatIsLeftOfIt() {
        Evaluation e = evaluate(COSTS, List.of(
                campaign(1, "session.total == 57.5 && session.cartItemTotal == 50.0 && session.additionalCostTotal == 7.5",
                        "shipping", "session.additionalCosts['shipping'] - 1.0", ""),
                campaign(2, "true", "shipping", "3.0", ""),
                campaign(3, "true", "shipping", "1.0", ""), // nothing left: no effect of zero
                campaign(4, "true", "wrapping", "9.99", "")), Map.of());

        assertThat(lines(e)).containsExactly("shipping 4 4.00", "shipping 4 1.00", "wrapping 9 2.50");
        assertThat(e.grants()).extracting(g -> ((Grant.CostDiscount) g).value().toPlainString()).containsExactly("4.00", "1.00", "2.50");
        assertThat(e.failures()).isEmpty();
    }

    @Test
    void eachUnitsCostIsDiscountedAtMostToNothingAndAnItemWithoutItFailsTheRule() {
        List<AdditionalCost> wrap = List.of(new AdditionalCost(7, "wrap", new BigDecimal("2.00")));
        Campaign perItem = EngineFixtures.campaign(1, """
                name: wrapping
                partialDiscounts: true
                limits: [{action: setDiscount, limit: 3.5}]
                rules: [{title: wrap, condition: "true", effects: [{type: setDiscountPerAdditionalCostPerItem, name: wrap,
                         additionalCost: wrap, value: "item.additionalCosts['wrap'] * 0.75"}]}]
                """);
        SessionSnapshot wrapped = new SessionSnapshot("s-1", "alice", null, SessionState.CLOSED,
                List.of(item("Coat", "SKU-1", 2, "25.00", null).withAdditionalCosts(wrap), item("Hat", "SKU-2", 1, "9.00", null)
                        .withAdditionalCosts(wrap)), List.of(), null, null, List.of(), null, List.of());
        Evaluation e = Evaluator.evaluate(new EvaluationInput(wrapped, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true,
                List.of(perItem), Map.of(), Map.of(), Map.of(), Map.of(), EngineFixtures.countingCodes()));
        // 1.50 a unit wanted, 3.50 of budget: 1.50, 1.50, then 0.50 of the third
        assertThat(e.effects()).extracting(x -> {
            var p = (io.tillgate.engine.effects.SetDiscountPerAdditionalCostPerItem.Props) x.props();
            return p.position() + "." + p.subPosition() + " " + p.additionalCost() + " " + p.value() + (p.desiredValue() == null ? "" : " of " + p.desiredValue());
        }).containsExactly("0.0 wrap 1.50", "0.1 wrap 1.50", "1.0 wrap 0.50 of 1.50");
        Grant.ItemCostDiscount d = (Grant.ItemCostDiscount) e.grants().get(0);
        assertThat(d.value()).isEqualByComparingTo("3.50");
        assertThat(d.additionalCostId()).isEqualTo(7);
        assertThat(d.shares()).extracting(s -> s.amount().toPlainString()).containsExactly("1.50", "1.50", "0.50");

        SessionSnapshot half = new SessionSnapshot("s-2", "alice", null, SessionState.CLOSED,
                List.of(item("Coat", "SKU-1", 1, "25.00", null).withAdditionalCosts(wrap), item("Hat", "SKU-2", 1, "9.00", null)),
                List.of(), null, null, List.of(), null, List.of());
        Evaluation failed = Evaluator.evaluate(new EvaluationInput(half, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true,
                List.of(perItem), Map.of(), Map.of(), Map.of(), Map.of(), EngineFixtures.countingCodes()));
        assertThat(failed.effects()).isEmpty();
        assertThat(failed.failures()).extracting(Evaluation.RuleFailure::details).containsExactly("cart item 1 has no additional cost 'wrap'");
    }

    @Test
    void aSessionWithoutTheCostFailsTheRuleSayingWhy() {
        Evaluation e = evaluate(List.of(), List.of(campaign(1, "true", "shipping", "5.0", "")), Map.of());
        assertThat(e.effects()).isEmpty();
        assertThat(e.failures()).extracting(Evaluation.RuleFailure::details).containsExactly("the session has no additional cost 'shipping'");
    }

    @Test
    void aCostDiscountIsADiscountToItsBudgetsAndToAGroupThatKeepsTheHighest() {
        Evaluation cut = evaluate(COSTS, List.of(campaign(1, "true", "shipping", "5.0",
                "partialDiscounts: true\nlimits: [{action: setDiscount, limit: 10}, {action: setDiscountEffect, limit: 3}]")),
                Map.of(new BudgetKey(1, BudgetAction.setDiscount, ""), new BigDecimal("6.50")));
        assertThat(lines(cut)).containsExactly("shipping 4 3.50 of 5.00");
        assertThat(cut.grants().get(0).charges()).extracting(c -> c.key().action() + " " + c.amount().toPlainString())
                .containsExactly("setDiscount 3.50", "setDiscountEffect 1");

        Evaluation best = evaluate(COSTS, List.of(
                campaign(1, "true", "wrapping", "2.5", "evaluationGroup: {id: 5, mode: highestDiscount}"),
                campaign(2, "true", "shipping", "5.0", "evaluationGroup: {id: 5, mode: highestDiscount}")), Map.of());
        assertThat(lines(best)).containsExactly("shipping 4 5.00");
    }
}
