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
}
