package io.tillgate.engine.lifecycle;

import io.tillgate.engine.session.CouponView;

import java.math.BigDecimal;
import java.util.List;

/** What the till's offer calls come to: a discount granted (lock, redeem), a hold released, or a refusal. */
public sealed interface OfferResult {

    /**
     * The offer's campaign's discount on the check: {@code amount} in all, over {@code lines} (cart positions and
     * the units of each it reaches; every line for a discount on the whole check).
     */
    record Granted(CouponView coupon, String displayName, BigDecimal amount, List<Line> lines) implements OfferResult {
    }

    record Line(int position, int units) {
    }

    record Released() implements OfferResult {
    }

    /** Refused, and why: Talon.One's rejection reason first where the engine gave one. */
    record Refused(Refusal refusal, String message) implements OfferResult {
    }

    enum Refusal {
        /** No coupon of that code or id in the store's application. */
        NOT_FOUND,
        /** The engine rejects the coupon for this check (expired, used up, not for this customer, …). */
        INVALID,
        /** Free but for another transaction's live lock. */
        LOCKED,
        /** Unlock of an offer no transaction of the store has locked. */
        NOT_LOCKED,
        /** Reinstate of an offer no transaction of the store has redeemed. */
        NOT_REDEEMED
    }
}
