package io.tillgate.engine.evaluate;

import io.tillgate.engine.EngineFixtures;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.Effect;
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

/** How an evaluation group's campaigns combine, on the pure evaluator: what is tried and set aside leaves no trace. */
class EvaluationGroupsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Campaign campaign(long id, String mode, String value, String limits) {
        return EngineFixtures.campaign(id, """
                name: campaign %d
                evaluationGroup: {id: 9, mode: %s}
                limits: %s
                rules: [{title: off, effects: [{type: setDiscount, name: off %d, value: "%s"}]}]
                """.formatted(id, mode, limits, id, value));
    }

    private static Evaluation evaluate(List<Campaign> campaigns) {
        SessionSnapshot session = new SessionSnapshot("s-1", "alice", SessionState.CLOSED,
                List.of(item("Coat", "SKU-1", 2, "25.00", "outerwear")), List.of(), null, null);
        return Evaluator.evaluate(new EvaluationInput(session, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true, campaigns,
                Map.of(), Map.of(), Map.of(), Map.of(), EngineFixtures.countingCodes()));
    }

    private static List<String> discounts(Evaluation e) {
        return e.effects().stream().map(x -> x.effectType() + " " + x.campaignId() + " " + x.evaluationGroupMode()).toList();
    }

    @Test
    void theLowestDiscountAppliesAndTheTriedOnesLeaveNoChargesGrantsOrUnitDiscounts() {
        Evaluation e = evaluate(List.of(
                campaign(1, "lowestDiscount", "session.total * 0.5", "[{action: setDiscount, limit: 1000}]"),
                campaign(2, "lowestDiscount", "3.0", "[{action: setDiscount, limit: 1000}]"),
                campaign(3, "lowestDiscount", "0.0", "[]"))); // no discount: not a candidate for "least"

        assertThat(discounts(e)).containsExactly("setDiscount 2 lowestDiscount");
        assertThat(e.grants()).hasSize(1);
        Grant.Discount d = (Grant.Discount) e.grants().get(0);
        assertThat(d.value()).isEqualByComparingTo("3.00");
        // its shares are of the whole cart, as if the tries of campaign 1 had never discounted a unit
        assertThat(d.shares()).extracting(s -> s.amount().toPlainString()).containsExactly("1.50", "1.50");
        assertThat(d.charges()).extracting(c -> c.key() + " " + c.amount().toPlainString())
                .containsExactly(new BudgetKey(2, BudgetAction.setDiscount, "") + " 3.00");
    }

    @Test
    void aStackableGroupStacksAndTheHighestOfAGroupWinsOnTheCartTheCampaignsBeforeItLeft() {
        assertThat(discounts(evaluate(List.of(campaign(1, "stackable", "5.0", "[]"), campaign(2, "stackable", "7.0", "[]")))))
                .containsExactly("setDiscount 1 stackable", "setDiscount 2 stackable");
        Evaluation best = evaluate(List.of(campaign(1, "highestDiscount", "5.0", "[]"), campaign(2, "highestDiscount", "7.0", "[]"),
                campaign(3, "highestDiscount", "7.0", "[]")));
        assertThat(discounts(best)).containsExactly("setDiscount 2 highestDiscount"); // the earlier of a tie
        assertThat(best.effects().get(0).evaluationGroupID()).isEqualTo(9L);
        Effect only = best.effects().get(0);
        assertThat(((io.tillgate.engine.effects.SetDiscount.Props) only.props()).value()).isEqualByComparingTo("7.00");
    }
}
