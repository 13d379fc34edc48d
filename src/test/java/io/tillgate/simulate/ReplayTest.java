package io.tillgate.simulate;

import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.evaluate.Evaluator;
import io.tillgate.engine.evaluate.SessionSnapshot;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetScope;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.SessionState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tillgate.engine.EngineFixtures.campaign;
import static io.tillgate.engine.EngineFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/** The replay's accounting, pure: what a sale kept, budgets in time order, days in the simulation's zone. */
class ReplayTest {
    private static final Money USD = Money.of("USD", RoundingMode.HALF_EVEN);
    private static final List<CartItem> SEED_003 = List.of(item("Sub category 1", "Sub category 1", 2, "30.11", null),
            item("Sub category 2", "Sub category 2", 1, "41.52", null));
    private static final Campaign TEN_PERCENT = campaign(Replay.DRAFT_ID, """
            name: ten percent
            rules:
              - title: 10% off every unit
                condition: "true"
                effects: [{type: setDiscountPerItem, name: ten, items: "true", value: "item.price * 0.1"}]
            """);

    @Test
    void aSaleCountsAsItsCustomerKeptIt() {
        Replay replay = new Replay(TEN_PERCENT, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:04:12Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-02T09:00:00Z", SEED_003, Map.of(1, Set.of(0))); // line 2 returned since

        Replay.Result result = replay.result();
        // 3.01 + 3.01 + 4.15 kept by the first; the second kept its two 3.01s
        assertThat(result.total()).isEqualTo(new Tally(2, 2, new BigDecimal("16.19"), BigDecimal.ZERO, 0));
        assertThat(result.byDay().get(LocalDate.parse("2026-03-01")).discountTotal()).isEqualByComparingTo("10.17");
        assertThat(result.byDay().get(LocalDate.parse("2026-03-02")).discountTotal()).isEqualByComparingTo("6.02");
        assertThat(result.budgetExhaustedAt()).isNull();
    }

    @Test
    void aBudgetForThreeStopsAfterTheThirdSaleInTimeOrder() {
        Campaign three = campaign(Replay.DRAFT_ID, """
                name: three only
                limits: [{action: setDiscountEffect, limit: 3}]
                rules:
                  - title: five off
                    condition: "true"
                    effects: [{type: setDiscount, name: five, value: "5.0"}]
                """);
        Replay replay = new Replay(three, USD, ZoneId.of("UTC"));
        for (int sale = 1; sale <= 5; sale++) {
            sell(replay, "store-" + (sale % 2), "2026-03-0" + sale + "T12:00:00Z", SEED_003, Map.of());
        }

        Replay.Result result = replay.result();
        assertThat(result.total()).isEqualTo(new Tally(5, 3, new BigDecimal("15.00"), BigDecimal.ZERO, 0));
        assertThat(result.budgetExhaustedAt()).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(result.budgets()).containsExactly(new Replay.BudgetState(BudgetAction.setDiscountEffect,
                new BigDecimal("3"), io.tillgate.engine.campaign.BudgetPeriod.overall, new BigDecimal("3")));
        assertThat(result.byDay().get(LocalDate.parse("2026-03-04")).sessionsTriggered()).isZero();
        assertThat(result.byStore().get("store-1")).isEqualTo(new Tally(3, 2, new BigDecimal("10.00"), BigDecimal.ZERO, 0));
        assertThat(result.byStore().get("store-0")).isEqualTo(new Tally(2, 1, new BigDecimal("5.00"), BigDecimal.ZERO, 0));
    }

    @Test
    void aReturnGivesItsSharesBackToAMoneyBudgetForTheSalesAfterIt() {
        Campaign twenty = campaign(Replay.DRAFT_ID, """
                name: twenty dollars of discounts
                limits: [{action: setDiscount, limit: 20}]
                rules:
                  - title: 10% off every unit
                    condition: "true"
                    effects: [{type: setDiscountPerItem, name: ten, items: "true", value: "item.price * 0.1"}]
                """);
        Replay replay = new Replay(twenty, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:00:00Z", SEED_003, Map.of(1, Set.of(0))); // keeps 6.02 of 10.17
        sell(replay, "store-1", "2026-03-01T11:00:00Z", SEED_003, Map.of()); // 10.17: 16.19 charged
        sell(replay, "store-1", "2026-03-01T12:00:00Z", SEED_003, Map.of()); // 3.81 left: the rule's 10.17 does not fit

        assertThat(replay.result().total().discountTotal()).isEqualByComparingTo("16.19");
        assertThat(replay.result().total().sessionsTriggered()).isEqualTo(2);
        assertThat(replay.counters().values()).containsExactly(new BigDecimal("16.19")); // 6.02 + 10.17: the return gave 4.15 back
    }

    @Test
    void aBudgetOfOnePerStorePerDayStartsAgainEachDayAtEachStore() {
        Campaign daily = campaign(Replay.DRAFT_ID, """
                name: one a store a day
                limits: [{action: setDiscountEffect, limit: 1, entities: [Store], period: daily}]
                rules:
                  - title: five off
                    condition: "true"
                    effects: [{type: setDiscount, name: five, value: "5.0"}]
                """);
        Replay replay = new Replay(daily, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:00:00Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-01T11:00:00Z", SEED_003, Map.of()); // store-1's one for the day is used
        sell(replay, "store-2", "2026-03-01T12:00:00Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-02T09:00:00Z", SEED_003, Map.of());

        assertThat(replay.result().total()).isEqualTo(new Tally(4, 3, new BigDecimal("15.00"), BigDecimal.ZERO, 0));
        assertThat(replay.result().byStore().get("store-1").sessionsTriggered()).isEqualTo(2);
        assertThat(replay.result().budgetExhaustedAt()).isNull(); // a store's budget, not the campaign's
    }

    @Test
    void aBudgetThatRefusesASaleIsExhaustedThenThoughItsCounterNeverReachesItsLimit() {
        Campaign twelve = campaign(Replay.DRAFT_ID, """
                name: twelve dollars, five at a time
                limits: [{action: setDiscount, limit: 12}]
                rules:
                  - title: five off
                    condition: "true"
                    effects: [{type: setDiscount, name: five, value: "5.0"}]
                """);
        Replay replay = new Replay(twelve, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:00:00Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-01T11:00:00Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-01T12:00:00Z", SEED_003, Map.of()); // 10.00 charged: 5.00 does not fit in 2.00

        assertThat(replay.result().total().sessionsTriggered()).isEqualTo(2);
        assertThat(replay.result().budgetExhaustedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    }

    @Test
    void aRuleThatFailsOrErrsTriggersNothingAndItsErrorsAreCounted() {
        Campaign failing = campaign(Replay.DRAFT_ID, """
                name: big carts only, and a broken rule
                rules:
                  - title: big carts
                    condition: "session.total > 1000.0"
                    effects: [{type: setDiscount, name: big, value: "50.0"}]
                    failureEffects: [{type: showNotification, notificationType: Info, title: Almost, body: Spend more}]
                  - title: broken
                    condition: "1 / (session.itemCount - session.itemCount) == 1"
                    effects: [{type: setDiscount, name: never, value: "1.0"}]
                """);
        Replay replay = new Replay(failing, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:00:00Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-01T11:00:00Z", SEED_003, Map.of());

        Replay.Result result = replay.result();
        assertThat(result.total()).isEqualTo(new Tally(2, 0, new BigDecimal("0.00"), BigDecimal.ZERO, 0));
        assertThat(result.salesWithErrors()).isEqualTo(2);
        assertThat(result.firstError()).isEqualTo("2026-03-01T10:00:00Z: rule 'broken' of the draft failed: evaluation error at <input>:2: / by zero");
    }

    @Test
    void aDiscountAllReturnedTriggeredNothing() {
        Replay replay = new Replay(TEN_PERCENT, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:00:00Z", List.of(SEED_003.get(1)), Map.of(0, Set.of(0)));

        assertThat(replay.result().total()).isEqualTo(new Tally(1, 0, new BigDecimal("0.00"), BigDecimal.ZERO, 0));
    }

    @Test
    void daysAreCountedInTheSimulationsTimeZone() {
        Replay replay = new Replay(TEN_PERCENT, USD, ZoneId.of("America/New_York"));
        sell(replay, "store-1", "2026-03-02T03:00:00Z", SEED_003, Map.of()); // 22:00 on March 1st in New York

        assertThat(replay.result().byDay()).containsOnlyKeys(LocalDate.parse("2026-03-01"));
    }

    @Test
    void couponsTheDraftCreatesAreCountedAndNeverStored() {
        Campaign referral = campaign(Replay.DRAFT_ID, """
                name: a coupon for the next visit
                rules:
                  - title: big carts
                    condition: "session.total > 100.0"
                    effects: [{type: createCoupon, pattern: "NEXT-####"}]
                """);
        Replay replay = new Replay(referral, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:00:00Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-01T11:00:00Z", List.of(SEED_003.get(0)), Map.of()); // 60.22: none

        assertThat(replay.result().total()).isEqualTo(new Tally(2, 1, new BigDecimal("0.00"), BigDecimal.ZERO, 1));
    }

    @Test
    void aReferralCodeTheDraftCreatesTriggersItsSale() {
        Campaign share = campaign(Replay.DRAFT_ID, """
                name: a code to share
                rules: [{title: big carts, condition: "session.total > 100.0", effects: [{type: createReferral, pattern: "FRIEND-####"}]}]
                """);
        Replay replay = new Replay(share, USD, ZoneId.of("UTC"));
        sell(replay, "store-1", "2026-03-01T10:00:00Z", SEED_003, Map.of());
        sell(replay, "store-1", "2026-03-01T11:00:00Z", List.of(SEED_003.get(0)), Map.of());

        assertThat(replay.result().total()).isEqualTo(new Tally(2, 1, new BigDecimal("0.00"), BigDecimal.ZERO, 0));
    }

    private static void sell(Replay replay, String store, String at, List<CartItem> cart, Map<Integer, Set<Integer>> returned) {
        Instant time = Instant.parse(at);
        SessionSnapshot session = new SessionSnapshot(store + ":" + at, "customer-42", store, SessionState.CLOSED, cart,
                List.of(), null, null);
        Campaign draft = replay.draft();
        EvaluationInput input = new EvaluationInput(session, USD, time, true, List.of(draft), Map.of(), replay.counters(),
                Map.of(), Map.of(), replay.codes(), ZoneId.of("UTC"));
        int units = cart.stream().mapToInt(CartItem::quantity).sum();
        int back = returned.values().stream().mapToInt(Set::size).sum();
        replay.record(new ReplayedSale(store, time, returned, back == units,
                new BudgetScope("customer-42", store, time, ZoneId.of("UTC"))), Evaluator.evaluate(input));
    }
}
