package io.tillgate.simulate;

import io.tillgate.engine.session.BudgetScope;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A sale as the replay accounts for it: where and when it closed, and the units its customer brought back since
 * (position → the sub-positions returned, as a return marks them: the first units of a line go back first), and
 * whose and when its budget counters are.
 */
public record ReplayedSale(String storeId, Instant at, Map<Integer, Set<Integer>> returned, boolean everythingReturned,
                           BudgetScope scope) {

    boolean isReturned(int position, int subPosition) {
        Set<Integer> units = returned.get(position);
        return units != null && units.contains(subPosition);
    }
}
