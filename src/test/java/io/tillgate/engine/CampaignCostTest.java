package io.tillgate.engine;

import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.ReturnPolicy;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.SessionState;
import org.junit.jupiter.api.Test;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tillgate.engine.EngineFixtures.campaign;
import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Campaigns an operator could write to stall or break every session: refused when stored, or failing alone. */
class CampaignCostTest {
    private static final Money USD = Money.of("USD", RoundingMode.HALF_EVEN);

    private static String oneRule(String condition, String value) {
        return """
                name: costly
                rules:
                  - title: r
                    condition: "%s"
                    effects: [{type: setDiscount, name: d, value: "%s"}]
                """.formatted(condition, value);
    }

    private static Evaluation evaluate(List<Campaign> campaigns, List<CartItem> cart, String profile) {
        SessionSnapshot session = new SessionSnapshot("s-1", profile, SessionState.CLOSED, cart, List.of(), null, null);
        LoyaltyProgram program = new LoyaltyProgram(1, "points", "Points", Period.ZERO, null, ReturnPolicy.values()[0], Period.ofDays(30));
        return Evaluator.evaluate(new EvaluationInput(session, USD, Instant.parse("2026-03-01T10:00:00Z"), true, campaigns,
                Map.of(), Map.of(), Map.of(1L, program), Map.of(), EngineFixtures.countingCodes()));
    }

    @Test
    void loopsNestedThreeDeepAreRefusedWhenStoredNamingTheField() {
        assertThatThrownBy(() -> campaign(1, oneRule(
                "session.cartItems.all(a, session.cartItems.all(b, session.cartItems.all(c, a.price >= 0.0)))", "1.0")))
                .isInstanceOf(InvalidCampaignException.class)
                .satisfies(e -> assertThat(((InvalidCampaignException) e).problems()).extracting(CampaignProblem::pointer,
                        CampaignProblem::title).containsExactly(org.assertj.core.groups.Tuple.tuple("/rules/0/condition", "too costly")));
        // two levels, and loops one after another, cost what their lists do: allowed
        campaign(2, oneRule("session.cartItems.exists(a, session.skus.exists(s, s == a.sku))", "1.0"));
        campaign(3, oneRule("session.cartItems.filter(a, a.price > 1.0).map(a, a.sku).exists(s, s == 'x')", "1.0"));
    }

    @Test
    void aRuleOverItsIterationsOrTimeGivesAnErrorEffectAndTheOthersStillApply() {
        List<CartItem> cart = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            cart.add(item("n" + i, "sku-" + i, 1, "1.00", "c"));
        }
        Campaign costly = campaign(1, oneRule("session.cartItems.all(a, session.cartItems.all(b, a.price >= b.price - 1.0))", "5.0"));
        Campaign plain = campaign(2, oneRule("session.total > 0.0", "2.0"));
        Evaluation e = evaluate(List.of(costly, plain), cart, null);
        assertThat(e.effects()).extracting(Effect::campaignId, Effect::effectType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "error"), org.assertj.core.groups.Tuple.tuple(2L, "setDiscount"));
        assertThat(io.tillgate.engine.json.Json.MAPPER.valueToTree(e.effects().get(0).props()).get("message").asText())
                .startsWith("rule 'r' of campaign 1 failed: "); // the iteration limit or the rule's time, whichever comes first
    }

    @Test
    void pointsBeyondWhatTheStoreHoldsGiveAnErrorEffectNotAFailedClose() {
        Campaign points = campaign(1, """
                name: too many points
                rules:
                  - title: r
                    effects: [{type: addLoyaltyPoints, programId: 1, name: p, value: "session.total * 1.0e18"}]
                """);
        Evaluation e = evaluate(List.of(points), List.of(item("n", "sku", 1, "10.00", "c")), "ExampleUser");
        assertThat(e.effects()).extracting(Effect::effectType).containsExactly("error");
        assertThat(e.grants()).isEmpty();
    }
}
