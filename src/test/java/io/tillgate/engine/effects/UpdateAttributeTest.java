package io.tillgate.engine.effects;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineFixtures;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.SessionState;
import org.junit.jupiter.api.Test;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first effect type added as one class: {@code updateAttribute}, as Talon.One's effect of that name. */
class UpdateAttributeTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Campaign campaign(String effect) {
        return EngineFixtures.campaign(7, """
                name: Tier upgrade
                rules:
                  - title: Big spender
                    condition: "session.total >= 100.0"
                    effects:
                      - %s
                """.formatted(effect));
    }

    private static Evaluation close(Campaign campaign, String price) {
        SessionSnapshot session = new SessionSnapshot("s-1", "ExampleUser", SessionState.CLOSED,
                List.of(item("Coat", "SKU-1", 1, price, "outerwear")), List.of(), null, null);
        return Evaluator.evaluate(new EvaluationInput(session, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true,
                List.of(campaign), Map.of(), Map.of(), Map.of(), Map.of(), EngineFixtures.countingCodes()));
    }

    private static String effects(Evaluation evaluation) {
        return Json.write(evaluation.effects());
    }

    @Test
    void aRuleThatAppliesEmitsThePathAndTheComputedValue() {
        Evaluation e = close(campaign("{type: updateAttribute, path: Profile.Attributes.tier, value: \"'gold'\"}"), "120.00");

        assertThat(effects(e)).isEqualTo("""
                [{"campaignId":7,"rulesetId":7,"ruleIndex":0,"ruleName":"Big spender","effectType":"updateAttribute",\
                "props":{"path":"Profile.Attributes.tier","value":"gold"}}]""");
        assertThat(e.grants()).isEmpty(); // the integration updates its attribute: the engine has nothing to roll back
    }

    @Test
    void numbersAreWrittenToTheDigitsADoubleHoldsAndListsElementByElement() {
        JsonNode number = Json.MAPPER.valueToTree(close(campaign(
                "{type: updateAttribute, path: Session.Attributes.spent, value: \"session.total * 0.1\"}"), "120.30")
                .effects().get(0).props());
        JsonNode list = Json.MAPPER.valueToTree(close(campaign(
                "{type: updateAttribute, path: Session.Attributes.flags, value: \"[true, 2, 'x']\"}"), "120.00")
                .effects().get(0).props());

        JsonNode whole = Json.MAPPER.valueToTree(close(campaign(
                "{type: updateAttribute, path: Session.Attributes.spent, value: \"session.total\"}"), "100.00")
                .effects().get(0).props());

        assertThat(number.get("value").toString()).isEqualTo("12.03");
        assertThat(Json.write(whole)).isEqualTo("{\"path\":\"Session.Attributes.spent\",\"value\":100}");
        assertThat(list.get("value").toString()).isEqualTo("[true,2,\"x\"]");
    }

    @Test
    void aRuleThatDoesNotApplyEmitsNothing() {
        assertThat(close(campaign("{type: updateAttribute, path: Profile.Attributes.tier, value: \"'gold'\"}"), "99.99")
                .effects()).isEmpty();
    }

    @Test
    void aValueNoAttributeCanHoldFailsTheRuleWithAnErrorEffect() {
        Evaluation e = close(campaign("{type: updateAttribute, path: Profile.Attributes.tier, value: \"{'a': 1}\"}"), "120.00");

        assertThat(e.effects()).hasSize(1);
        assertThat(e.effects().get(0).effectType()).isEqualTo("error");
        assertThat(Json.MAPPER.valueToTree(e.effects().get(0).props()).get("message").asText())
                .isEqualTo("rule 'Big spender' of campaign 7 failed: an attribute holds a bool, number, string, timestamp"
                        + " or a list of those, not " + "a map");
    }

    @Test
    void aPathOutsideSessionAndProfileAttributesOrAMissingValueIsRefusedWithItsPointer() {
        assertThatThrownBy(() -> campaign("{type: updateAttribute, path: Coupon.value}"))
                .isInstanceOfSatisfying(InvalidCampaignException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.pointer() + " " + p.title())
                        .containsExactly("/rules/0/effects/0/path invalid path", "/rules/0/effects/0/value missing expression"));
    }
}
