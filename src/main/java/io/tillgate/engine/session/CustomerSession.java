package io.tillgate.engine.session;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A stored customer session: its customer and store ({@code storeIntegrationId}), its cart (with returned units), coupons,
 * the effects last returned, the ledger of what it was granted at close, which rollbacks work from, the loyalty cards
 * it was shown, its custom identifiers, the referral code it holds (null: none), and its additional costs.
 */
public record CustomerSession(long applicationId, String integrationId, long id, String profileId, String storeId,
                              SessionState state,
                              List<CartItem> cartItems, List<String> couponCodes, JsonNode attributes,
                              List<Effect> effects, List<Grant> ledger, boolean firstSession, Instant created,
                              Instant updated, Instant closedAt, List<String> loyaltyCards, List<String> identifiers,
                              String referralCode, List<AdditionalCost> additionalCosts) {

    /** A session without additional costs. */
    public CustomerSession(long applicationId, String integrationId, long id, String profileId, String storeId, SessionState state,
                           List<CartItem> cartItems, List<String> couponCodes, JsonNode attributes, List<Effect> effects,
                           List<Grant> ledger, boolean firstSession, Instant created, Instant updated, Instant closedAt,
                           List<String> loyaltyCards, List<String> identifiers, String referralCode) {
        this(applicationId, integrationId, id, profileId, storeId, state, cartItems, couponCodes, attributes, effects, ledger,
                firstSession, created, updated, closedAt, loyaltyCards, identifiers, referralCode, List.of());
    }

    /** What its additional costs add up to: its own, and its items' (each unit's). */
    public java.math.BigDecimal additionalCostTotal() {
        return additionalCosts.stream().map(AdditionalCost::price).reduce(cartItems.stream().map(CartItem::additionalCostTotal)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add), java.math.BigDecimal::add);
    }

    /** A session without a referral code. */
    public CustomerSession(long applicationId, String integrationId, long id, String profileId, String storeId, SessionState state,
                           List<CartItem> cartItems, List<String> couponCodes, JsonNode attributes, List<Effect> effects,
                           List<Grant> ledger, boolean firstSession, Instant created, Instant updated, Instant closedAt,
                           List<String> loyaltyCards, List<String> identifiers) {
        this(applicationId, integrationId, id, profileId, storeId, state, cartItems, couponCodes, attributes, effects, ledger,
                firstSession, created, updated, closedAt, loyaltyCards, identifiers, null);
    }
}
