package io.tillgate.engine.lifecycle;

import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.GivenDiscounts;
import io.tillgate.engine.session.SessionState;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a {@code PUT /v2/customer_sessions/{id}} asks for. Null fields keep what the session has;
 * {@code couponCodes} empty discards its coupons, null keeps them; {@code storeId} (the store's integration id) null
 * keeps the session's store; {@code loyaltyCards} null keeps the session's cards. {@code given}: the discounts a till gave, which
 * count instead of the engine's (a POS store whose discounts are the till's); null where the engine's count.
 * {@code evaluableCampaignIds}: the campaigns a dry run evaluates, and only those, disabled ones too; null for all.
 * {@code identifiers}: the session's custom identifiers, null keeps them, empty clears them. {@code referralCode}: the
 * referral code the customer brings, null keeps the session's, empty discards it. {@code additionalCosts}: the prices of
 * the session's additional costs by name, null keeps the session's, empty clears them.
 */
public record SessionUpdate(String profileId, String storeId, SessionState state, List<CartItem> cartItems,
                            List<String> couponCodes, JsonNode attributes, GivenDiscounts given, List<String> loyaltyCards,
                            List<Long> evaluableCampaignIds, List<String> identifiers,
                            String referralCode, java.util.Map<String, java.math.BigDecimal> additionalCosts) {

    public SessionUpdate(String profileId, String storeId, SessionState state, List<CartItem> cartItems, List<String> couponCodes,
                         JsonNode attributes, GivenDiscounts given, List<String> loyaltyCards, List<Long> evaluableCampaignIds,
                         List<String> identifiers, String referralCode) {
        this(profileId, storeId, state, cartItems, couponCodes, attributes, given, loyaltyCards, evaluableCampaignIds, identifiers,
                referralCode, null);
    }

    public SessionUpdate(String profileId, String storeId, SessionState state, List<CartItem> cartItems, List<String> couponCodes,
                         JsonNode attributes, GivenDiscounts given, List<String> loyaltyCards, List<Long> evaluableCampaignIds,
                         List<String> identifiers) {
        this(profileId, storeId, state, cartItems, couponCodes, attributes, given, loyaltyCards, evaluableCampaignIds, identifiers,
                null, null);
    }

    public SessionUpdate(String profileId, String storeId, SessionState state, List<CartItem> cartItems, List<String> couponCodes,
                         JsonNode attributes, GivenDiscounts given, List<String> loyaltyCards) {
        this(profileId, storeId, state, cartItems, couponCodes, attributes, given, loyaltyCards, null, null);
    }

    public SessionUpdate(String profileId, SessionState state, List<CartItem> cartItems, List<String> couponCodes,
                         JsonNode attributes) {
        this(profileId, null, state, cartItems, couponCodes, attributes, null, null);
    }

    /** An update that leaves the session's loyalty cards as they are. */
    public SessionUpdate(String profileId, String storeId, SessionState state, List<CartItem> cartItems, List<String> couponCodes,
                         JsonNode attributes, GivenDiscounts given) {
        this(profileId, storeId, state, cartItems, couponCodes, attributes, given, null);
    }
}
