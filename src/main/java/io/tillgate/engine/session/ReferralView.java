package io.tillgate.engine.session;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A referral code (Talon.One's Referral): the advocate's code for a campaign, for one friend or ({@code friend} null)
 * anyone, usable {@code usageLimit} times (0: no limit), {@code usageCounter} times used.
 */
public record ReferralView(long id, long campaignId, String code, String advocate, String friend, Instant startDate,
                           Instant expiryDate, int usageLimit, int usageCounter, JsonNode attributes, Instant created) {
}
