package io.tillgate.engine.session;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A coupon as evaluation sees it. {@code usageLimit} 0 means unlimited. {@code lockedElsewhere}: the live locks other
 * sessions hold on it, each a use while it lasts; {@code redeemedHere}: the session being evaluated redeemed it
 * already (through the till's redeem), so its use is counted and charged; {@code answered}: the discount the engine
 * answered this session's till with when it locked or redeemed the coupon, null if it did not.
 */
public record CouponView(long id, long campaignId, String value, int usageLimit, int usageCounter, String recipient,
                         Instant startDate, Instant expiryDate, int lockedElsewhere, boolean redeemedHere,
                         BigDecimal answered) {

    public CouponView(long id, long campaignId, String value, int usageLimit, int usageCounter, String recipient,
                      Instant startDate, Instant expiryDate) {
        this(id, campaignId, value, usageLimit, usageCounter, recipient, startDate, expiryDate, 0, false, null);
    }

    /** The coupon as one session sees it, given the holds on it. */
    public CouponView heldAs(int lockedElsewhere, boolean redeemedHere, BigDecimal answered) {
        return new CouponView(id, campaignId, value, usageLimit, usageCounter, recipient, startDate, expiryDate,
                lockedElsewhere, redeemedHere, answered);
    }

    public CouponView withUsage(int counter) {
        return new CouponView(id, campaignId, value, usageLimit, counter, recipient, startDate, expiryDate,
                lockedElsewhere, redeemedHere, answered);
    }

    /** Uses other than this session's own: the redemptions counted, less its own, and others' live locks. */
    public int usesByOthers() {
        return usageCounter - (redeemedHere ? 1 : 0) + lockedElsewhere;
    }
}
