package io.tillgate.engine.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationTest {
    private static List<String> split(String amount, int scale, String... weights) {
        return Allocation.split(new BigDecimal(amount), java.util.Arrays.stream(weights).map(BigDecimal::new).toList(), scale)
                .stream().map(BigDecimal::toPlainString).toList();
    }

    @Test
    void sharesAddUpExactlyLeftoverCentsGoToTheLargestRemaindersTiesToTheEarlier() {
        assertThat(split("0.10", 2, "1.00", "1.00", "1.00")).containsExactly("0.04", "0.03", "0.03");
        assertThat(split("10.00", 2, "30.11", "30.11", "41.52")).containsExactly("2.96", "2.96", "4.08");
        assertThat(split("-0.10", 2, "1.00", "1.00", "1.00")).containsExactly("-0.04", "-0.03", "-0.03");
    }

    @Test
    void aWeightOfNothingTakesNothingAndNoWeightsAtAllShareEqually() {
        assertThat(split("10.00", 2, "0.00", "10.00")).containsExactly("0.00", "10.00");
        assertThat(split("1.00", 2, "0.00", "0.00", "0.00")).containsExactly("0.34", "0.33", "0.33");
    }

    @Test
    void weightsWithMoreDecimalsThanTheSharesAndAmountsBeyondLongsSplitAlike() {
        assertThat(split("1.00", 2, "0.125", "0.375")).containsExactly("0.25", "0.75");
        // products beyond a long's range go through BigDecimal
        assertThat(split("999999999999999.99", 2, "999999999999999.99", "999999999999999.99"))
                .containsExactly("500000000000000.00", "499999999999999.99");
    }

    @Test
    void oneUnitTakesTheWholeAmountAndAZeroAmountSplitsIntoZeros() {
        assertThat(split("7.77", 2, "12.50")).containsExactly("7.77");
        assertThat(split("0.00", 2, "1.00", "2.00")).containsExactly("0.00", "0.00");
    }

    @Test
    void aThousandUnitsShareAnAmountThatDoesNotDivideToTheCent() {
        String[] weights = new String[1_000];
        java.util.Arrays.fill(weights, "1.99");
        List<String> shares = split("10.01", 2, weights);

        assertThat(shares).hasSize(1_000);
        assertThat(shares.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("10.01");
        // 1,001 cents over 1,000 equal units: the first gets the leftover cent
        assertThat(shares.get(0)).isEqualTo("0.02");
        assertThat(shares.subList(1, 1_000)).containsOnly("0.01");
    }

    @Test
    void totalsThatDoNotDivideGoByLargestRemainderAndAZeroPriceUnitBetweenOthersTakesNothing() {
        assertThat(split("1.00", 2, "1.00", "0.00", "1.00", "1.00")).containsExactly("0.34", "0.00", "0.33", "0.33");
        assertThat(split("0.05", 2, "3.00", "1.00")).containsExactly("0.04", "0.01"); // 0.0375 and 0.0125
        assertThat(split("100", 0, "1", "1", "1")).containsExactly("34", "33", "33");
    }
}
