package io.tillgate.engine;

import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.catalog.CampaignCompiler;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tillgate.engine.EngineFixtures.campaign;
import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16's findings, one example each: campaigns in id order, each discount on what the earlier ones left. */
class StackedDiscountsTest {
    private static final Money USD = Money.of("USD", RoundingMode.HALF_EVEN);

    private static Campaign discount(long id, String type, String value, String items) {
        return campaign(id, """
                name: c%d
                rules:
                  - title: r
                    condition: "session.total > 0.0"
                    effects: [{type: %s, name: d%d, %s: "%s"%s}]
                """.formatted(id, type, id, type.equals("setDiscountPerItemProRata") ? "total" : "value", value,
                items == null ? "" : ", items: \"" + items + "\""));
    }

    private static Evaluation close(List<Campaign> campaigns, List<CartItem> cart, Map<BudgetKey, BigDecimal> counters) {
        SessionSnapshot session = new SessionSnapshot("s-1", null, SessionState.CLOSED, cart, List.of(), null, null);
        return Evaluator.evaluate(new EvaluationInput(session, USD, Instant.parse("2026-03-01T10:00:00Z"), true, campaigns,
                Map.of(), counters, Map.of(), Map.of(), EngineFixtures.countingCodes()));
    }

    private static List<String> effects(Evaluation e) {
        return e.effects().stream().map(effect -> {
            var props = Json.MAPPER.valueToTree(effect.props());
            return effect.effectType() + " " + props.get("value").asText()
                    + (props.has("position") ? " @" + props.get("position").asInt() : "")
                    + (props.has("totalDiscount") ? " of " + props.get("totalDiscount").asText() : "")
                    + (props.has("desiredValue") ? " wanted " + props.get("desiredValue").asText() : "");
        }).toList();
    }

    private static List<String> shares(Grant grant) {
        return ((Grant.Discount) grant).shares().stream().map(s -> s.position() + ":" + s.amount().toPlainString()).toList();
    }

    @Test
    void finding1APerItemDiscountAfterASessionDiscountTakesOnlyWhatIsLeftOfTheUnit() {
        Evaluation e = close(List.of(discount(1, "setDiscount", "session.total * 0.5", null),
                discount(2, "setDiscountPerItem", "item.price * 1.0", null)), List.of(item("A", "A", 1, "10.00", "c")), Map.of());
        assertThat(effects(e)).containsExactly("setDiscount 5.00", "setDiscountPerItem 5.00 @0");
    }

    @Test
    void finding2ASessionDiscountIsSpreadOverWhatEachUnitStillCosts() {
        Evaluation e = close(List.of(discount(1, "setDiscountPerItem", "item.price * 1.0", "item.name == 'A'"),
                discount(2, "setDiscount", "session.total * 1.0", null)),
                List.of(item("A", "A", 1, "10.00", "c"), item("B", "B", 1, "10.00", "c")), Map.of());
        assertThat(effects(e)).containsExactly("setDiscountPerItem 10.00 @0", "setDiscount 10.00");
        assertThat(shares(e.grants().get(1))).containsExactly("1:10.00"); // A is free already: it takes no share
    }

    @Test
    void finding3ProRataSharesFollowWhatIsLeftAndAddUpToTheTotalTheyName() {
        Evaluation e = close(List.of(discount(1, "setDiscountPerItem", "item.price * 1.0", "item.name == 'A'"),
                discount(2, "setDiscountPerItemProRata", "10.0", null)),
                List.of(item("A", "A", 1, "10.00", "c"), item("B", "B", 1, "10.00", "c")), Map.of());
        assertThat(effects(e)).containsExactly("setDiscountPerItem 10.00 @0", "setDiscountPerItem 10.00 @1 of 10.00");
    }

    @Test
    void finding7BudgetLimitsHaveTheDecimalsOfWhatTheyCount() {
        String doc = """
                name: limits
                partialDiscounts: true
                limits: [{action: setDiscount, limit: 10.005}, {action: createCoupon, limit: 1.5}, {action: createLoyaltyPoints, limit: 2.125}]
                rules: [{title: r, effects: [{type: setDiscount, name: d, value: "1.0"}]}]
                """;
        assertThatThrownBy(() -> CampaignCompiler.compile(1, 1, EngineFixtures.YAML.readValue(doc, CampaignDocument.class), 2))
                .isInstanceOf(InvalidCampaignException.class)
                .satisfies(x -> assertThat(((InvalidCampaignException) x).problems()).extracting(CampaignProblem::pointer,
                        CampaignProblem::details).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/limits/0/limit", "a setDiscount limit has at most 2 decimals"),
                        org.assertj.core.groups.Tuple.tuple("/limits/1/limit", "a createCoupon limit is a whole number"),
                        org.assertj.core.groups.Tuple.tuple("/limits/2/limit", "a createLoyaltyPoints limit has at most 2 decimals")));
    }

    @Test
    void finding8ACutDiscountIsAtTheCurrencysScaleAndOnlyCutUnitsSayWhatWasWanted() {
        Campaign capped = campaign(1, """
                name: capped
                partialDiscounts: true
                limits: [{action: setDiscount, limit: 10}]
                rules: [{title: r, effects: [{type: setDiscountPerItem, name: d, value: "item.price * 0.5"}]}]
                """);
        // 7.77 of the 10.00 spent, as the store's NUMERIC(…, 4) column gives it back: 2.23 left
        Map<BudgetKey, BigDecimal> counters = Map.of(new BudgetKey(1, BudgetAction.setDiscount, ""), new BigDecimal("7.7700"));
        Evaluation e = close(List.of(capped), List.of(item("A", "A", 1, "2.00", "c"), item("B", "B", 1, "4.00", "c")), counters);
        assertThat(effects(e)).containsExactly("setDiscountPerItem 1.00 @0", "setDiscountPerItem 1.23 @1 wanted 2.00");
    }
}
