package io.tillgate.engine.session;

import java.time.Instant;

/** A coupon as evaluation sees it. {@code usageLimit} 0 means unlimited. */
public record CouponView(long id, long campaignId, String value, int usageLimit, int usageCounter, String recipient,
                         Instant startDate, Instant expiryDate) {
}
