package io.tillgate.engine.loyalty;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.Period;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TiersTest {
    private static final List<Tiers.Tier> LEVELS = List.of(new Tiers.Tier("silver", new BigDecimal("50")),
            new Tiers.Tier("gold", new BigDecimal("100")), new Tiers.Tier("platinum", new BigDecimal("500")));
    private static final Instant JOINED = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static Tiers advanced(Tiers.Expiration expiration, Tiers.Downgrade downgrade, Instant cycleStart) {
        return new Tiers(LEVELS, Period.ofMonths(1), expiration, downgrade, cycleStart);
    }

    private static BigDecimal points(String p) {
        return new BigDecimal(p);
    }

    @Test
    void withoutAnExpiryTheTierFollowsTheBalanceBothWaysAndKeepsItsStartWhileUnchanged() {
        Tiers tiers = new Tiers(LEVELS, null, Tiers.Expiration.tier_start_date, Tiers.Downgrade.one_down, null);
        Tiers.Standing none = tiers.standing(Tiers.Standing.NONE, points("49.99"), JOINED, T0);
        assertThat(none).isEqualTo(Tiers.Standing.NONE);
        Tiers.Standing gold = tiers.standing(none, points("100.00"), JOINED, T0);
        assertThat(gold).isEqualTo(new Tiers.Standing("gold", T0, null));
        assertThat(tiers.standing(gold, points("499"), JOINED, T0.plusSeconds(60))).isSameAs(gold);
        assertThat(tiers.standing(gold, points("60"), JOINED, T0.plusSeconds(60)))
                .isEqualTo(new Tiers.Standing("silver", T0.plusSeconds(60), null));
        assertThat(tiers.standing(gold, points("0"), JOINED, T0.plusSeconds(60))).isEqualTo(Tiers.Standing.NONE);
    }

    @Test
    void aTierThatExpiresIsKeptUntilThenAndGoesOneDownWhenThePointsNoLongerReachIt() {
        Tiers tiers = advanced(Tiers.Expiration.tier_start_date, Tiers.Downgrade.one_down, null);
        Tiers.Standing platinum = tiers.standing(Tiers.Standing.NONE, points("600"), JOINED, T0);
        assertThat(platinum).isEqualTo(new Tiers.Standing("platinum", T0, Instant.parse("2026-04-01T12:00:00Z")));
        // a return leaves 20 points: platinum holds until April 1st
        assertThat(tiers.standing(platinum, points("20"), JOINED, Instant.parse("2026-03-31T12:00:00Z"))).isEqualTo(platinum);
        // then one down, to gold for a month from the expiry, and one more down a month later
        Tiers.Standing gold = tiers.standing(platinum, points("20"), JOINED, Instant.parse("2026-04-01T12:00:00Z"));
        assertThat(gold).isEqualTo(new Tiers.Standing("gold", Instant.parse("2026-04-01T12:00:00Z"), Instant.parse("2026-05-01T12:00:00Z")));
        assertThat(tiers.standing(platinum, points("20"), JOINED, Instant.parse("2026-05-15T00:00:00Z")))
                .isEqualTo(new Tiers.Standing("silver", Instant.parse("2026-05-01T12:00:00Z"), Instant.parse("2026-06-01T12:00:00Z")));
        // points that still reach the tier renew it
        assertThat(tiers.standing(platinum, points("500"), JOINED, Instant.parse("2026-04-02T00:00:00Z")))
                .isEqualTo(new Tiers.Standing("platinum", Instant.parse("2026-04-01T12:00:00Z"), Instant.parse("2026-05-01T12:00:00Z")));
    }

    @Test
    void balanceBasedGoesToTheTierThePointsReachAndHigherPointsMoveUpAtOnce() {
        Tiers tiers = advanced(Tiers.Expiration.tier_start_date, Tiers.Downgrade.balance_based, null);
        Tiers.Standing platinum = new Tiers.Standing("platinum", T0, Instant.parse("2026-04-01T12:00:00Z"));
        assertThat(tiers.standing(platinum, points("20"), JOINED, Instant.parse("2026-04-01T12:00:00Z"))).isEqualTo(Tiers.Standing.NONE);
        Tiers.Standing silver = new Tiers.Standing("silver", T0, Instant.parse("2026-04-01T12:00:00Z"));
        Instant later = Instant.parse("2026-03-10T08:00:00Z");
        assertThat(tiers.standing(silver, points("150"), JOINED, later))
                .isEqualTo(new Tiers.Standing("gold", later, Instant.parse("2026-04-10T08:00:00Z")));
    }

    @Test
    void programJoinAndAbsoluteCyclesExpireAtTheNextMultipleOfThePeriod() {
        Tiers joined = advanced(Tiers.Expiration.program_join_date, Tiers.Downgrade.one_down, null);
        assertThat(joined.expiryAfter(T0, JOINED)).isEqualTo(Instant.parse("2026-03-10T09:00:00Z"));
        Tiers absolute = advanced(Tiers.Expiration.absolute_expiration, Tiers.Downgrade.one_down, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(absolute.expiryAfter(T0, JOINED)).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(absolute.expiryAfter(Instant.parse("2026-04-01T00:00:00Z"), JOINED)).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    }

    @Test
    void aTierRenewedEveryDayForYearsIsFoundAtItsLastRenewalAtOnce() {
        Tiers daily = new Tiers(LEVELS, Period.ofDays(1), Tiers.Expiration.absolute_expiration, Tiers.Downgrade.balance_based,
                Instant.parse("1970-01-01T00:00:00Z"));
        Tiers.Standing gold = new Tiers.Standing("gold", Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-02T00:00:00Z"));
        assertThat(daily.standing(gold, points("150"), JOINED, T0))
                .isEqualTo(new Tiers.Standing("gold", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")));
        Tiers yearly = new Tiers(LEVELS, Period.ofYears(1), Tiers.Expiration.tier_start_date, Tiers.Downgrade.one_down, null);
        Tiers.Standing silver = new Tiers.Standing("silver", Instant.parse("2001-05-10T08:00:00Z"), Instant.parse("2002-05-10T08:00:00Z"));
        assertThat(yearly.standing(silver, points("60"), JOINED, T0))
                .isEqualTo(new Tiers.Standing("silver", Instant.parse("2025-05-10T08:00:00Z"), Instant.parse("2026-05-10T08:00:00Z")));
    }

    @Test
    void aTierTheProgramNoLongerHasIsNoTier() {
        Tiers tiers = advanced(Tiers.Expiration.tier_start_date, Tiers.Downgrade.one_down, null);
        Tiers.Standing bronze = new Tiers.Standing("bronze", T0, Instant.parse("2026-04-01T12:00:00Z"));
        assertThat(tiers.standing(bronze, points("10"), JOINED, T0.plusSeconds(1))).isEqualTo(Tiers.Standing.NONE);
        assertThat(tiers.above(null).name()).isEqualTo("silver");
        assertThat(tiers.above("platinum")).isNull();
    }
}
