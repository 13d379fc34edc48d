package io.tillgate.engine.lifecycle;

import io.tillgate.engine.json.Json;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import io.tillgate.engine.loyalty.ReturnPolicy;
import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.Charge;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.session.UnitShare;
import io.tillgate.engine.sql.Dialect;
import io.tillgate.engine.store.BudgetStore;
import io.tillgate.engine.store.CouponHoldStore;
import io.tillgate.engine.store.CouponStore;
import io.tillgate.engine.store.LoyaltyStore;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What cancel, reopen and returns take back, on the engine's own stores over an in-memory H2. */
class RollbacksTest {
    private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");
    private static final Effect.Origin ORIGIN = new Effect.Origin(7, 0, "rule", null, null);
    private static final BudgetKey DISCOUNT = new BudgetKey(7, BudgetAction.setDiscount, "");
    private static final BudgetKey DISCOUNTS = new BudgetKey(7, BudgetAction.setDiscountEffect, "");
    private static final BudgetKey REDEMPTIONS = new BudgetKey(7, BudgetAction.redeemCoupon, "");
    private static final BudgetKey POINTS = new BudgetKey(7, BudgetAction.createLoyaltyPoints, "");
    private static final LoyaltyProgram PROGRAM = new LoyaltyProgram(3, "Points", "Points", Period.ZERO, null,
            ReturnPolicy.within_balance, Period.ofDays(30));

    private BudgetStore budgets;
    private CouponStore coupons;
    private io.tillgate.engine.store.ReferralStore referrals;
    private io.tillgate.engine.store.ProfileStore profiles;
    private LoyaltyStore loyalty;
    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:rollbacks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(ds);
        Dialect dialect = new Dialect(ds);
        budgets = new BudgetStore(jdbc, dialect);
        coupons = new CouponStore(jdbc, dialect);
        referrals = new io.tillgate.engine.store.ReferralStore(jdbc, dialect);
        profiles = new io.tillgate.engine.store.ProfileStore(jdbc, dialect);
        loyalty = new LoyaltyStore(jdbc, dialect);
        budgets.counters(List.of(DISCOUNT, DISCOUNTS, REDEMPTIONS, POINTS), true); // the counters exist, at zero
    }

    private Rollbacks rollbacks(Instant closedAt) {
        return new Rollbacks(budgets, coupons, referrals, loyalty, new HeldRedemptions(coupons, new CouponHoldStore(jdbc), budgets,
                profiles), null, 1,
                "s-1", "alice", Map.of(3L, PROGRAM), closedAt, NOW);
    }

    private BigDecimal counter(BudgetKey key) {
        return budgets.counters(List.of(key), false).get(key);
    }

    private static List<String> wire(List<Effect> effects) {
        return effects.stream().map(e -> e.effectType() + " " + Json.write(e.props())).toList();
    }

    @Test
    void aCancelTakesBackWhatIsLeftOfEachGrantAndKeepsTheCouponsItCreated() {
        budgets.add(DISCOUNT, new BigDecimal("6.00")); // 10.00 granted, 4.00 of it already returned
        budgets.add(DISCOUNTS, BigDecimal.ONE);
        budgets.add(REDEMPTIONS, BigDecimal.ONE);
        coupons.create(1, 7, "SPRING-1", 1, null, null, NOW);
        long couponId = coupons.find(1, List.of("SPRING-1"), false).get("SPRING-1").id();
        coupons.redeem(couponId, 1);
        Grant.CouponCreation created = new Grant.CouponCreation(ORIGIN, "NEW-1234", "alice", 1, List.of());
        List<Grant> ledger = List.of(
                new Grant.Discount(ORIGIN, "five off", true, new BigDecimal("10.00"),
                        List.of(new UnitShare(0, 0, new BigDecimal("6.00"), false), new UnitShare(1, 0, new BigDecimal("4.00"), true)),
                        List.of(new Charge(DISCOUNT, new BigDecimal("10.00")), new Charge(DISCOUNTS, BigDecimal.ONE)), false),
                new Grant.CouponRedemption(ORIGIN, couponId, "SPRING-1", List.of(new Charge(REDEMPTIONS, BigDecimal.ONE)), false, false),
                created);
        Rollbacks rollbacks = rollbacks(NOW.minus(Duration.ofDays(1)));

        List<Grant> kept = rollbacks.all(ledger);

        assertThat(wire(rollbacks.effects)).containsExactly(
                "rollbackDiscount {\"name\":\"five off\",\"value\":6.00,\"scope\":\"sessionTotal\"}",
                "rollbackCoupon {\"value\":\"SPRING-1\"}");
        assertThat(kept).containsExactly(created);
        assertThat(counter(DISCOUNT)).isEqualByComparingTo("0.00");
        assertThat(counter(DISCOUNTS)).isEqualByComparingTo("0");
        assertThat(counter(REDEMPTIONS)).isEqualByComparingTo("0");
        assertThat(coupons.find(1, List.of("SPRING-1"), false).get("SPRING-1").usageCounter()).isZero();
        assertThat(Rollbacks.markedRolledBack(ledger).get(0)).isInstanceOfSatisfying(Grant.Discount.class, d -> {
            assertThat(d.rolledBack()).isTrue();
            assertThat(d.shares()).allMatch(UnitShare::rolledBack);
        });
    }

    @Test
    void aReturnTakesBackTheReturnedUnitsSharesOnlyAndMarksThem() {
        budgets.add(DISCOUNT, new BigDecimal("2.00"));
        List<Grant> ledger = List.of(new Grant.Discount(ORIGIN, "one off", false, new BigDecimal("2.00"),
                List.of(new UnitShare(0, 0, new BigDecimal("1.00"), false), new UnitShare(0, 1, new BigDecimal("1.00"), false)),
                List.of(new Charge(DISCOUNT, new BigDecimal("2.00"))), false));
        Rollbacks rollbacks = rollbacks(NOW.minus(Duration.ofDays(1)));

        List<Grant> next = rollbacks.units(ledger, Map.of(0, Set.of(1)));

        assertThat(wire(rollbacks.effects)).containsExactly(
                "rollbackDiscount {\"name\":\"one off\",\"value\":1.00,\"cartItemPosition\":0,\"cartItemSubPosition\":1,\"scope\":\"price\"}");
        assertThat(((Grant.Discount) next.get(0)).shares()).extracting(UnitShare::rolledBack).containsExactly(false, true);
        assertThat(counter(DISCOUNT)).isEqualByComparingTo("1.00");

        Rollbacks again = rollbacks(NOW.minus(Duration.ofDays(1)));
        again.units(next, Map.of(0, Set.of(1))); // the same unit again: nothing left to take back
        assertThat(again.effects).isEmpty();
        assertThat(counter(DISCOUNT)).isEqualByComparingTo("1.00");
    }

    @Test
    void pointsOfAReturnedUnitGoBackWithinTheReturnWindowOnly() {
        budgets.add(POINTS, new BigDecimal("10.00"));
        loyalty.add(3, "alice", "u-1", new io.tillgate.engine.store.LoyaltyStore.Note("points", "s-1", 1L, "rule"), new BigDecimal("10.00"), NOW.minus(Duration.ofDays(1)), null, NOW);
        List<Grant> ledger = List.of(new Grant.Points(ORIGIN, 3, "points", "alice", "u-1", new BigDecimal("10.00"),
                NOW.minus(Duration.ofDays(1)), null, false,
                List.of(new UnitShare(0, 0, new BigDecimal("6.00"), false), new UnitShare(1, 0, new BigDecimal("4.00"), false)),
                List.of(new Charge(POINTS, new BigDecimal("10.00"))), false));

        Rollbacks late = rollbacks(NOW.minus(Duration.ofDays(31)));
        late.units(ledger, Map.of(1, Set.of(0)));
        assertThat(late.effects).isEmpty();
        assertThat(loyalty.balance(3, "alice", NOW).activePoints()).isEqualByComparingTo("10.00");

        Rollbacks inTime = rollbacks(NOW.minus(Duration.ofDays(1)));
        inTime.units(ledger, Map.of(1, Set.of(0)));
        assertThat(wire(inTime.effects)).containsExactly("rollbackAddedLoyaltyPoints {\"programId\":3,\"subLedgerId\":\"\","
                + "\"value\":4.00,\"recipientIntegrationId\":\"alice\",\"transactionUUID\":\"u-1\",\"cartItemPosition\":1,"
                + "\"cartItemSubPosition\":0}");
        assertThat(loyalty.balance(3, "alice", NOW).activePoints()).isEqualByComparingTo("6.00");
        assertThat(counter(POINTS)).isEqualByComparingTo("6.00");
    }
}
