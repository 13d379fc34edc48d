package io.tillgate.engine;

import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.evaluate.Evaluation;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.session.UnitShare;
import io.tillgate.engine.session.BudgetAction;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tillgate.engine.EngineFixtures.campaign;
import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

class EvaluatorTest {
    private static final Money USD = Money.of("USD", RoundingMode.HALF_EVEN);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static final String SPRING = """
            name: Spring 20% with coupon
            couponRequired: true
            couponSettings: {usageLimit: 1}
            coupons: [SPRING-20-ALL-34001]
            limits:
              - {action: setDiscount, limit: 20000}
              - {action: createCoupon, limit: 8000}
            rules:
              - title: 20% Discount promo
                condition: "session.total > 0"
                effects:
                  - {type: setDiscount, name: 20% Discount promo, value: "session.total * 0.2"}
                  - {type: createCoupon, pattern: "SUMMER-20-ALL-#####", usageLimit: 1}
            """;

    private static Evaluation evaluate(List<Campaign> campaigns, List<CartItem> cart, List<String> coupons,
                                       Map<String, CouponView> known, Map<BudgetKey, BigDecimal> counters, boolean closing) {
        SessionSnapshot session = new SessionSnapshot("s-1", "ExampleUser", closing ? SessionState.CLOSED : SessionState.OPEN,
                cart, coupons, null, null);
        return Evaluator.evaluate(new EvaluationInput(session, USD, NOW, closing, campaigns, known, counters, Map.of(),
                Map.of(), EngineFixtures.countingCodes()));
    }

    private static List<String> types(Evaluation e) {
        return e.effects().stream().map(Effect::effectType).toList();
    }

    @Test
    void seed000ClosingWithTheSpringCouponDiscounts20AcceptsTheCouponAndCreatesOne() {
        Campaign spring = campaign(7, SPRING);
        Map<String, CouponView> coupons = Map.of("SPRING-20-ALL-34001",
                new CouponView(11, 7, "SPRING-20-ALL-34001", 1, 0, null, null, null));
        Evaluation e = evaluate(List.of(spring), List.of(item("shoes1", "9696", 1, "60", "shoes"),
                item("shirt35", "6078", 1, "40", "shirts")), List.of("SPRING-20-ALL-34001"), coupons, Map.of(), true);

        assertThat(types(e)).containsExactly("setDiscount", "couponCreated", "acceptCoupon");
        Effect discount = e.effects().get(0);
        assertThat(discount.campaignId()).isEqualTo(7);
        assertThat(discount.triggeredByCoupon()).isEqualTo(11L);
        assertThat(props(discount).get("name").asText()).isEqualTo("20% Discount promo");
        assertThat(props(discount).get("value").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(props(e.effects().get(1)).get("value").asText()).isEqualTo("SUMMER-20-ALL-35465");
        assertThat(props(e.effects().get(1)).get("profileId").asText()).isEqualTo("ExampleUser");
        assertThat(props(e.effects().get(2)).get("value").asText()).isEqualTo("SPRING-20-ALL-34001");

        Grant.Discount grant = (Grant.Discount) e.grants().get(0);
        assertThat(grant.shares()).extracting(UnitShare::amount).containsExactly(new BigDecimal("12.00"), new BigDecimal("8.00"));
        assertThat(grant.charges()).extracting(c -> c.key().action(), c -> c.amount())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BudgetAction.setDiscount, new BigDecimal("20.00")));
    }

    @Test
    void anUnknownCouponIsRejectedWithCampaignMinusOne() {
        Evaluation e = evaluate(List.of(campaign(7, SPRING)), List.of(item("a", "A", 1, "10", null)), List.of("NOPE"),
                Map.of(), Map.of(), false);
        assertThat(e.effects()).singleElement().satisfies(effect -> {
            assertThat(effect.effectType()).isEqualTo("rejectCoupon");
            assertThat(effect.campaignId()).isEqualTo(-1);
            assertThat(props(effect).get("rejectionReason").asText()).isEqualTo("CouponNotFound");
        });
    }

    @Test
    void perItemDiscountsOfSeed001GoToEachFlattenedUnit() {
        Campaign shoes = campaign(3, """
                name: 10% off shoes
                rules:
                  - title: 10% off per item
                    effects:
                      - {type: setDiscountPerItem, name: "10% off per item#1", items: "item.category == 'shoes'", value: "item.price * 0.1"}
                """);
        Evaluation e = evaluate(List.of(shoes), List.of(item("tshirt", "SKU3435", 1, "20", "tshirts"),
                item("shoes1", "SKU1234", 2, "100", "shoes")), List.of(), Map.of(), Map.of(), false);
        assertThat(e.effects()).extracting(Effect::effectType, x -> props(x).get("position").asInt(),
                        x -> props(x).get("subPosition").asInt(), x -> props(x).get("value").decimalValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("setDiscountPerItem", 1, 0, new BigDecimal("10.00")),
                        org.assertj.core.groups.Tuple.tuple("setDiscountPerItem", 1, 1, new BigDecimal("10.00")));
    }

    @Test
    void aProRataDiscountOfSeed001Splits30Into5And10And15() {
        Campaign proRata = campaign(4, """
                name: 30 pro rata
                rules:
                  - title: pro rata
                    effects:
                      - {type: setDiscountPerItemProRata, name: "25 pro rata", total: "30.0"}
                """);
        Evaluation e = evaluate(List.of(proRata), List.of(item("tshirt", "SKU3435", 1, "20", "tshirts"),
                item("Shoes1", "SKU1234", 1, "40", "shoes"), item("Shoes2", "SKU0123", 1, "60", "shoes")),
                List.of(), Map.of(), Map.of(), false);
        assertThat(e.effects()).extracting(x -> props(x).get("position").asInt(), x -> props(x).get("value").decimalValue(),
                        x -> props(x).get("totalDiscount").decimalValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, new BigDecimal("5.00"), new BigDecimal("30.00")),
                        org.assertj.core.groups.Tuple.tuple(1, new BigDecimal("10.00"), new BigDecimal("30.00")),
                        org.assertj.core.groups.Tuple.tuple(2, new BigDecimal("15.00"), new BigDecimal("30.00")));
    }

    @Test
    void aDiscountOverTheBudgetFailsTheRuleUnlessPartialDiscountsAreOn() {
        String doc = """
                name: Budgeted
                %s
                limits: [{action: setDiscount, limit: 100}]
                rules:
                  - title: ten off
                    effects: [{type: setDiscount, name: ten off, value: "10.0"}]
                """;
        Map<BudgetKey, BigDecimal> counters = new HashMap<>();
        counters.put(new BudgetKey(5, BudgetAction.setDiscount, ""), new BigDecimal("96.00"));
        List<CartItem> cart = List.of(item("a", "A", 1, "50", null));
        Evaluation strict = evaluate(List.of(campaign(5, doc.formatted(""))), cart, List.of(), Map.of(), counters, true);
        assertThat(strict.effects()).isEmpty();
        assertThat(strict.failures()).singleElement().satisfies(f -> assertThat(f.details()).isEqualTo("setDiscount budget exhausted"));

        Evaluation partial = evaluate(List.of(campaign(5, doc.formatted("partialDiscounts: true"))), cart, List.of(), Map.of(), counters, true);
        assertThat(partial.effects()).singleElement().satisfies(x -> {
            assertThat(props(x).get("value").decimalValue()).isEqualByComparingTo("4.00");
            assertThat(props(x).get("desiredValue").decimalValue()).isEqualByComparingTo("10.00");
        });
    }

    @Test
    void aRuntimeErrorInOneRuleGivesAnErrorEffectAndTheOtherCampaignsStillRun() {
        Campaign broken = campaign(1, """
                name: Broken
                rules:
                  - title: divides by zero
                    condition: "1 / (session.itemCount - 1) > 0"
                    effects: [{type: setDiscount, name: never, value: "1.0"}]
                """);
        Campaign fine = campaign(2, """
                name: Fine
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """);
        Evaluation e = evaluate(List.of(broken, fine), List.of(item("a", "A", 1, "50", null)), List.of(), Map.of(), Map.of(), false);
        assertThat(types(e)).containsExactly("error", "setDiscount");
        assertThat(e.effects().get(0).campaignId()).isEqualTo(1);
        assertThat(props(e.effects().get(0)).get("message").asText()).contains("divides by zero");
        assertThat(props(e.effects().get(1)).get("value").decimalValue()).isEqualByComparingTo("5.00");
    }

    /** An effect's props as JSON, as they go out. */
    private static com.fasterxml.jackson.databind.JsonNode props(Effect effect) {
        return io.tillgate.engine.json.Json.MAPPER.valueToTree(effect.props());
    }
}
