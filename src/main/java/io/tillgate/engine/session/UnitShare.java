package io.tillgate.engine.session;

import java.math.BigDecimal;

/** The part of a grant that one unit received, and whether it was rolled back (by a return). */
public record UnitShare(int position, int subPosition, BigDecimal amount, boolean rolledBack) {

    public UnitShare asRolledBack() {
        return new UnitShare(position, subPosition, amount, true);
    }
}
