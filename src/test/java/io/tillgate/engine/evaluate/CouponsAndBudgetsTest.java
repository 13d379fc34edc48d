package io.tillgate.engine.evaluate;

import io.tillgate.engine.EngineFixtures;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.CouponView;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.SessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/** Every reason a coupon is rejected, and every budget action stopping the rule that would spend past it. */
class CouponsAndBudgetsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String CODE = "SPRING-1";

    private static Campaign coupons(String limits) {
        return EngineFixtures.campaign(7, """
                name: Spring coupon
                couponRequired: true
                limits: %s
                rules:
                  - title: five off
                    condition: "session.total > 20.0"
                    effects:
                      - {type: setDiscount, name: five off, value: "5.0"}
                """.formatted(limits));
    }

    private static CouponView coupon(int usageLimit, int used, String recipient, Instant start, Instant expiry) {
        return new CouponView(11, 7, CODE, usageLimit, used, recipient, start, expiry);
    }

    private static Evaluation evaluate(List<Campaign> campaigns, String price, List<String> codes, Map<String, CouponView> known,
                                       Map<BudgetKey, BigDecimal> counters, Map<Long, BigDecimal> balances) {
        SessionSnapshot session = new SessionSnapshot("s-1", "alice", SessionState.CLOSED,
                List.of(item("Coat", "SKU-1", 1, price, "outerwear")), codes, null, null);
        LoyaltyProgram program = new LoyaltyProgram(3, "Points", "Points", java.time.Period.ZERO, null, null, java.time.Period.ofDays(30));
        return Evaluator.evaluate(new EvaluationInput(session, Money.of("USD", RoundingMode.HALF_EVEN), NOW, true, campaigns,
                known, counters, Map.of(3L, program), balances, EngineFixtures.countingCodes()));
    }

    private static String rejection(Evaluation e) {
        Effect rejected = e.effects().stream().filter(x -> x.effectType().equals("rejectCoupon")).findFirst().orElseThrow();
        return Json.MAPPER.valueToTree(rejected.props()).get("rejectionReason").asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CouponExpired               | 0 | 0 |         | 2026-01-01T00:00:00Z | 2026-03-01T10:00:00Z
            CouponStartDateInFuture     | 0 | 0 |         | 2026-03-01T10:00:01Z |
            CouponRecipientDoesNotMatch | 0 | 0 | bob     |                      |
            CouponLimitReached          | 2 | 2 |         |                      |
            """)
    void aCouponIsRejectedForItsOwnReason(String reason, int limit, int used, String recipient, String start, String expiry) {
        CouponView view = coupon(limit, used, recipient, start == null ? null : Instant.parse(start),
                expiry == null ? null : Instant.parse(expiry));

        Evaluation e = evaluate(List.of(coupons("[]")), "30.00", List.of(CODE), Map.of(CODE, view), Map.of(), Map.of());

        assertThat(e.effects()).extracting(Effect::effectType).containsExactly("rejectCoupon");
        assertThat(rejection(e)).isEqualTo(reason);
    }

    @Test
    void aCouponOfAStoppedCampaignOrAnUnknownCodeIsRejectedAndSoIsASecondCodeOfOneCampaign() {
        Campaign stopped = EngineFixtures.campaign(7, """
                name: Over
                couponRequired: true
                endTime: 2026-02-01T00:00:00Z
                rules: [{title: five off, effects: [{type: setDiscount, name: five off, value: "5.0"}]}]
                """);
        assertThat(rejection(evaluate(List.of(stopped), "30.00", List.of(CODE), Map.of(CODE, coupon(0, 0, null, null, null)),
                Map.of(), Map.of()))).isEqualTo("CouponPartOfNotRunningCampaign");
        assertThat(rejection(evaluate(List.of(coupons("[]")), "30.00", List.of("NOPE"), Map.of(), Map.of(), Map.of())))
                .isEqualTo("CouponNotFound");

        CouponView second = new CouponView(12, 7, "SPRING-2", 0, 0, null, null, null);
        Evaluation both = evaluate(List.of(coupons("[]")), "30.00", List.of(CODE, "SPRING-2"),
                Map.of(CODE, coupon(0, 0, null, null, null), "SPRING-2", second), Map.of(), Map.of());
        assertThat(both.effects()).extracting(Effect::effectType).containsExactly("rejectCoupon", "setDiscount", "acceptCoupon");
        assertThat(Json.MAPPER.valueToTree(both.effects().get(0).props()).toString())
                .isEqualTo("{\"value\":\"SPRING-2\",\"rejectionReason\":\"CouponRejectedByCondition\"}");
    }

    @Test
    void aCouponWhoseRulesAllFailIsRejectedByCondition() {
        Evaluation e = evaluate(List.of(coupons("[]")), "10.00", List.of(CODE), Map.of(CODE, coupon(0, 0, null, null, null)),
                Map.of(), Map.of());

        assertThat(Json.MAPPER.valueToTree(e.effects().get(0).props()).toString()).isEqualTo(
                "{\"value\":\"SPRING-1\",\"rejectionReason\":\"CouponRejectedByCondition\",\"conditionIndex\":0,"
                        + "\"details\":\"no rule of campaign 7 passed\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CampaignLimitReached | Campaign | ''
            ProfileLimitReached  | Profile  | profile:alice
            CouponLimitReached   | Coupon   | coupon:SPRING-1
            """)
    void aRedeemCouponBudgetUsedUpRejectsTheCouponForItsEntity(String reason, String entity, String key) {
        Campaign campaign = coupons("[{action: redeemCoupon, limit: 3, entities: [" + entity + "]}]");
        Map<BudgetKey, BigDecimal> counters = Map.of(new BudgetKey(7, BudgetAction.redeemCoupon, key), new BigDecimal("3"));

        Evaluation used = evaluate(List.of(campaign), "30.00", List.of(CODE), Map.of(CODE, coupon(0, 0, null, null, null)),
                counters, Map.of());
        Evaluation room = evaluate(List.of(campaign), "30.00", List.of(CODE), Map.of(CODE, coupon(0, 0, null, null, null)),
                Map.of(new BudgetKey(7, BudgetAction.redeemCoupon, key), new BigDecimal("2")), Map.of());

        assertThat(rejection(used)).isEqualTo(reason);
        assertThat(room.effects()).extracting(Effect::effectType).containsExactly("setDiscount", "acceptCoupon");
    }

    /** Each budget action with one unit of room fewer than its effect needs: the rule fails and says which budget. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            setDiscount         | 4.99 | {type: setDiscount, name: five off, value: '5.0'}
            setDiscountEffect   | 0    | {type: setDiscountPerItem, name: one off, value: '1.0'}
            createCoupon        | 0    | {type: createCoupon, pattern: 'NEW-####'}
            createLoyaltyPoints | 9.99 | {type: addLoyaltyPoints, programId: 3, name: points, value: '10.0'}
            redeemLoyaltyPoints | 9.99 | {type: deductLoyaltyPoints, programId: 3, name: spend, value: '10.0'}
            """)
    void aRuleThatWouldSpendPastItsBudgetFailsAndSpendsNothing(String action, String limit, String effect) {
        Campaign campaign = EngineFixtures.campaign(8, """
                name: Budgeted
                limits: [{action: %s, limit: %s}]
                rules:
                  - title: spend
                    effects:
                      - %s
                  - title: still applies
                    effects:
                      - {type: showNotification, title: hi, body: there}
                """.formatted(action, limit, effect));

        Evaluation e = evaluate(List.of(campaign), "30.00", List.of(), Map.of(), Map.of(), Map.of(3L, new BigDecimal("50")));

        assertThat(e.effects()).extracting(Effect::effectType).containsExactly("showNotification");
        assertThat(e.grants()).isEmpty();
        assertThat(e.failures()).extracting(Evaluation.RuleFailure::details).containsExactly(action + " budget exhausted");
    }
}
