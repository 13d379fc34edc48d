package io.tillgate.engine.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.session.AdditionalCost;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.SessionState;

import java.util.List;

/**
 * The session being evaluated, as the update request leaves it; {@code storeId}: the store it happens at, if known;
 * {@code identifiers}: its custom identifiers; {@code referralCode}: the referral code it holds, null for none;
 * {@code additionalCosts}: its additional costs.
 */
public record SessionSnapshot(String integrationId, String profileId, String storeId, SessionState state,
                              List<CartItem> cartItems, List<String> couponCodes, JsonNode attributes,
                              JsonNode profileAttributes, List<String> identifiers, String referralCode,
                              List<AdditionalCost> additionalCosts) {

    /** A session without additional costs. */
    public SessionSnapshot(String integrationId, String profileId, String storeId, SessionState state, List<CartItem> cartItems,
                           List<String> couponCodes, JsonNode attributes, JsonNode profileAttributes, List<String> identifiers,
                           String referralCode) {
        this(integrationId, profileId, storeId, state, cartItems, couponCodes, attributes, profileAttributes, identifiers, referralCode,
                List.of());
    }

    /** A session without a referral code. */
    public SessionSnapshot(String integrationId, String profileId, String storeId, SessionState state, List<CartItem> cartItems,
                           List<String> couponCodes, JsonNode attributes, JsonNode profileAttributes, List<String> identifiers) {
        this(integrationId, profileId, storeId, state, cartItems, couponCodes, attributes, profileAttributes, identifiers, null);
    }

    /** A session without custom identifiers. */
    public SessionSnapshot(String integrationId, String profileId, String storeId, SessionState state, List<CartItem> cartItems,
                           List<String> couponCodes, JsonNode attributes, JsonNode profileAttributes) {
        this(integrationId, profileId, storeId, state, cartItems, couponCodes, attributes, profileAttributes, List.of());
    }

    /** A session at no store in particular. */
    public SessionSnapshot(String integrationId, String profileId, SessionState state, List<CartItem> cartItems,
                           List<String> couponCodes, JsonNode attributes, JsonNode profileAttributes) {
        this(integrationId, profileId, null, state, cartItems, couponCodes, attributes, profileAttributes);
    }
}
