package io.tillgate.engine.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount over weights so that the shares add up to the amount exactly, at a given scale:
 * each share is its pro-rata part rounded down to the smallest unit, and the units left over go one by
 * one to the largest remainders, ties to the earlier weight (the caller orders weights by position,
 * then sub-position). Works for negative amounts too, by symmetry.
 */
public final class Allocation {
    private Allocation() {
    }

    public static List<BigDecimal> split(BigDecimal amount, List<BigDecimal> weights, int scale) {
        if (weights.isEmpty()) {
            return List.of();
        }
        if (amount.signum() < 0) {
            return split(amount.negate(), weights, scale).stream().map(BigDecimal::negate).toList();
        }
        BigDecimal total = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
        List<BigDecimal> shares = new ArrayList<>(weights.size());
        List<BigDecimal> remainders = new ArrayList<>(weights.size());
        BigDecimal allocated = BigDecimal.ZERO;
        for (BigDecimal weight : weights) {
            BigDecimal exact = total.signum() == 0
                    ? amount.divide(BigDecimal.valueOf(weights.size()), scale + 10, RoundingMode.DOWN)
                    : amount.multiply(weight).divide(total, scale + 10, RoundingMode.DOWN);
            BigDecimal share = exact.setScale(scale, RoundingMode.DOWN);
            shares.add(share);
            remainders.add(exact.subtract(share));
            allocated = allocated.add(share);
        }
        int leftover = amount.setScale(scale, RoundingMode.UNNECESSARY).subtract(allocated).divide(unit).intValueExact();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i));
        for (int k = 0; k < leftover; k++) {
            int i = order.get(k % order.size());
            shares.set(i, shares.get(i).add(unit));
        }
        return shares.stream().map(s -> s.setScale(scale, RoundingMode.UNNECESSARY)).toList();
    }
}
