package io.tillgate.simulate;

import java.math.BigDecimal;

/**
 * What one group of replayed sales (the whole period, a day, a store) came to under the draft. Amounts are the exact
 * sums of the sales' own amounts, each at its scale already.
 */
public record Tally(int transactions, int sessionsTriggered, BigDecimal discountTotal, BigDecimal pointsTotal,
                    int couponsCreated) {
    static final Tally NONE = new Tally(0, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0);

    Tally plus(Tally sale) {
        return new Tally(transactions + sale.transactions, sessionsTriggered + sale.sessionsTriggered,
                discountTotal.add(sale.discountTotal), pointsTotal.add(sale.pointsTotal), couponsCreated + sale.couponsCreated);
    }
}
