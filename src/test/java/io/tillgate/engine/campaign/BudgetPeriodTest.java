package io.tillgate.engine.campaign;

import io.tillgate.engine.session.BudgetAction;
import io.tillgate.engine.session.BudgetKey;
import io.tillgate.engine.session.BudgetScope;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Which counter a budget uses: its entity's key, and the period the session's time falls in, in the application's zone. */
class BudgetPeriodTest {
    private static final Instant LATE_SUNDAY_IN_UTC = Instant.parse("2025-12-28T23:30:00Z"); // Monday morning in Berlin

    @Test
    void aPeriodIsTheDayWeekMonthOrYearTheTimeFallsInWhereTheApplicationIs() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(BudgetPeriod.daily.label(LATE_SUNDAY_IN_UTC, ZoneOffset.UTC)).isEqualTo("daily:2025-12-28");
        assertThat(BudgetPeriod.daily.label(LATE_SUNDAY_IN_UTC, berlin)).isEqualTo("daily:2025-12-29");
        assertThat(BudgetPeriod.weekly.label(LATE_SUNDAY_IN_UTC, ZoneOffset.UTC)).isEqualTo("weekly:2025-W52");
        assertThat(BudgetPeriod.weekly.label(LATE_SUNDAY_IN_UTC, berlin)).isEqualTo("weekly:2026-W01"); // ISO weeks, from Monday
        assertThat(BudgetPeriod.monthly.label(LATE_SUNDAY_IN_UTC, berlin)).isEqualTo("monthly:2025-12");
        assertThat(BudgetPeriod.yearly.label(Instant.parse("2025-12-31T23:30:00Z"), berlin)).isEqualTo("yearly:2026");
        assertThat(BudgetPeriod.overall.label(LATE_SUNDAY_IN_UTC, berlin)).isEmpty();
    }

    @Test
    void aCounterIsKeyedByItsEntityAndPeriod() {
        BudgetScope scope = new BudgetScope("ann", "store-7", LATE_SUNDAY_IN_UTC, ZoneOffset.UTC);
        BudgetScope nowhere = new BudgetScope(null, null, LATE_SUNDAY_IN_UTC, ZoneOffset.UTC);
        Budget perStorePerDay = new Budget(BudgetAction.setDiscount, BigDecimal.TEN, BudgetEntity.Store, BudgetPeriod.daily);
        Budget perCampaignPerMonth = new Budget(BudgetAction.redeemCoupon, BigDecimal.TEN, BudgetEntity.Campaign, BudgetPeriod.monthly);
        Budget perProfile = new Budget(BudgetAction.setDiscount, BigDecimal.TEN, BudgetEntity.Profile, BudgetPeriod.overall);

        assertThat(perStorePerDay.key(7, scope, null)).isEqualTo(new BudgetKey(7, BudgetAction.setDiscount, "daily:2025-12-28@store:store-7"));
        assertThat(perStorePerDay.key(7, nowhere, null)).isNull(); // a session at no store counts against no store's budget
        assertThat(perCampaignPerMonth.key(7, nowhere, null)).isEqualTo(new BudgetKey(7, BudgetAction.redeemCoupon, "monthly:2025-12@"));
        assertThat(perProfile.key(7, scope, null)).isEqualTo(new BudgetKey(7, BudgetAction.setDiscount, "profile:ann"));
    }

    @Test
    void noStoreOrCustomerCanNameAnothersCounterAndEachCounterIsItsBudgets() {
        Budget perStore = new Budget(BudgetAction.setDiscountEffect, BigDecimal.TEN, BudgetEntity.Store, BudgetPeriod.overall);
        Budget perStorePerDay = new Budget(BudgetAction.setDiscountEffect, BigDecimal.ONE, BudgetEntity.Store, BudgetPeriod.daily);
        Budget perDay = new Budget(BudgetAction.setDiscountEffect, BigDecimal.ONE, BudgetEntity.Campaign, BudgetPeriod.daily);
        BudgetScope evil = new BudgetScope(null, "evil@daily:2025-12-28", LATE_SUNDAY_IN_UTC, ZoneOffset.UTC);
        BudgetScope plain = new BudgetScope(null, "evil", LATE_SUNDAY_IN_UTC, ZoneOffset.UTC);

        String evilOverall = perStore.key(7, evil, null).entityKey();
        String plainDaily = perStorePerDay.key(7, plain, null).entityKey();
        assertThat(evilOverall).isNotEqualTo(plainDaily);
        assertThat(perStore.counts(evilOverall)).isTrue();
        assertThat(perStorePerDay.counts(evilOverall)).isFalse();
        assertThat(perStorePerDay.counts(plainDaily)).isTrue();
        assertThat(perStore.counts(plainDaily)).isFalse();
        assertThat(perDay.counts(plainDaily)).isFalse(); // a store's day is not the campaign's
        assertThat(perDay.counts(perDay.key(7, plain, null).entityKey())).isTrue();
    }
}
