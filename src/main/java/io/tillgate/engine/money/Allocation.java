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
        List<BigDecimal> exact = splitInLongs(amount, weights, scale);
        return exact != null ? exact : splitInDecimals(amount, weights, scale);
    }

    /**
     * The same split in whole smallest units (cents) held in longs: a session discount is split on every
     * evaluation, and BigDecimal division made that half of an evaluation's time. Null when a product would
     * not fit in a long; the remainders are exact here, so ties are rarer than in decimals.
     */
    private static List<BigDecimal> splitInLongs(BigDecimal amount, List<BigDecimal> weights, int scale) {
        int n = weights.size();
        int weightScale = 0;
        for (BigDecimal weight : weights) {
            weightScale = Math.max(weightScale, weight.scale());
        }
        long a;
        long[] w = new long[n];
        long total = 0;
        try {
            a = amount.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
            for (int i = 0; i < n; i++) {
                w[i] = weights.get(i).setScale(weightScale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
                total = Math.addExact(total, w[i]);
            }
        } catch (ArithmeticException tooLarge) {
            return null;
        }
        if (total == 0) { // nothing to weigh by: equal parts
            java.util.Arrays.fill(w, 1);
            total = n;
        }
        long[] share = new long[n];
        long[] remainder = new long[n];
        long allocated = 0;
        for (int i = 0; i < n; i++) {
            if (Math.multiplyHigh(a, w[i]) != 0 || a * w[i] < 0) {
                return null;
            }
            long product = a * w[i];
            share[i] = product / total;
            remainder[i] = product % total;
            allocated += share[i];
        }
        long leftover = a - allocated; // fewer than n: each share lost less than one unit
        if (leftover > 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> remainder[x] != remainder[y] ? Long.compare(remainder[y], remainder[x])
                    : Integer.compare(x, y));
            for (int k = 0; k < leftover; k++) {
                share[order[k % n]]++;
            }
        }
        List<BigDecimal> shares = new ArrayList<>(n);
        for (long s : share) {
            shares.add(BigDecimal.valueOf(s, scale));
        }
        return shares;
    }

    private static List<BigDecimal> splitInDecimals(BigDecimal amount, List<BigDecimal> weights, int scale) {
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
