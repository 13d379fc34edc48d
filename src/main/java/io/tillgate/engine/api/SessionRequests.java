package io.tillgate.engine.api;

import io.tillgate.engine.store.ProfileStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.money.Money;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.ReturnedItem;
import io.tillgate.engine.session.SessionState;
import io.tillgate.engine.lifecycle.SessionUpdate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads Integration API bodies, refusing the first bad field with its JSON pointer. */
final class SessionRequests {
    static final int MAX_CART_ITEMS = 1_000;
    static final int MAX_TOTAL_QUANTITY = 10_000;
    static final int MAX_COUPON_CODES = 100;
    /** What the store's columns hold: profile ids and coupon codes of 200 characters, session ids of 401. */
    static final int MAX_ID_LENGTH = ProfileStore.MAX_ID_LENGTH;
    static final int MAX_SESSION_ID_LENGTH = 401;
    /** Names, SKUs and categories: no column holds them, but nothing needs more. */
    static final int MAX_TEXT_LENGTH = 1_000;
    /** Prices as the money columns hold them: under 10^15, at most 10 decimals. */
    static final int MAX_PRICE_DIGITS = 15;
    static final int MAX_PRICE_DECIMALS = 10;

    /*
     * Every field a request may carry is honoured, computed by the engine (sent back as it answered, read-only), or
     * not built yet: one of those with anything in it is refused, naming it, so that no field is dropped without a word.
     */
    private static final Fields REQUEST = new Fields(Set.of("customerSession", "responseContent"), Set.of(), Map.of());
    private static final Fields SESSION = new Fields(Set.of("profileId", "storeIntegrationId", "state", "cartItems",
            "couponCodes", "attributes", "loyaltyCards", "evaluableCampaignIds", "identifiers", "referralCode", "additionalCosts"),
            Set.of(), Map.of());
    /** What the session's column holds: 20 costs of names of 200 characters and prices of 25. */
    static final int MAX_ADDITIONAL_COSTS = 20;
    static final int MAX_IDENTIFIERS = 20;
    static final int MAX_EVALUABLE = 100;
    static final int MAX_LOYALTY_CARDS = 20;
    private static final Fields CART_ITEM = new Fields(Set.of("name", "sku", "quantity", "price", "category", "attributes",
            "additionalCosts"),
            Set.of("returnedQuantity", "remainingQuantity", "position", "catalogItemID"),
            Map.ofEntries(Map.entry("product", "products"), Map.entry("weight", "item dimensions"),
                    Map.entry("height", "item dimensions"), Map.entry("width", "item dimensions"),
                    Map.entry("length", "item dimensions"),
                    Map.entry("selectedPriceType", "price types"), Map.entry("prices", "price types"),
                    Map.entry("adjustmentReferenceId", "price adjustments"),
                    Map.entry("adjustmentEffectiveFrom", "price adjustments"),
                    Map.entry("adjustmentEffectiveUntil", "price adjustments")));
    private static final Fields RETURN_REQUEST = new Fields(Set.of("return", "responseContent"), Set.of(), Map.of());
    private static final Fields RETURN = new Fields(Set.of("returnedCartItems"), Set.of(), Map.of());
    private static final Fields RETURNED_ITEM = new Fields(Set.of("position", "quantity"), Set.of(), Map.of("sku", "returns by SKU"));

    private record Fields(Set<String> honoured, Set<String> computed, Map<String, String> notBuilt) {
        void check(JsonNode node, String at) {
            node.fieldNames().forEachRemaining(name -> {
                if (honoured.contains(name) || computed.contains(name)) {
                    return;
                }
                String pointer = io.tillgate.engine.json.JsonPointer.child(at, name);
                String feature = notBuilt.get(name);
                if (feature == null) {
                    throw EngineException.invalid(pointer, "unknown field '" + name + "'; this object takes " + known());
                }
                if (!isEmpty(node.get(name))) {
                    throw EngineException.invalid(pointer, name + " is not supported yet (tillgate has no " + feature
                            + "); leave it out or send it empty");
                }
            });
        }

        private String known() {
            java.util.TreeSet<String> all = new java.util.TreeSet<>(honoured);
            all.addAll(computed);
            all.addAll(notBuilt.keySet());
            return String.join(", ", all);
        }

        private static boolean isEmpty(JsonNode value) {
            return value.isNull() || (value.isTextual() && value.textValue().isEmpty()) || (value.isContainerNode() && value.isEmpty());
        }
    }

    private SessionRequests() {
    }

    /** {@code evaluableCampaignIds}: campaign ids, at most {@link #MAX_EVALUABLE}; null (or empty) for all campaigns. */
    private static List<Long> evaluable(JsonNode list) {
        String at = "/customerSession/evaluableCampaignIds";
        if (list == null || list.isNull() || list.isArray() && list.isEmpty()) {
            return null;
        }
        if (!list.isArray() || list.size() > MAX_EVALUABLE) {
            throw EngineException.invalid(at, "evaluableCampaignIds is a list of at most " + MAX_EVALUABLE + " campaign ids");
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode id = list.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw EngineException.invalid(at + "/" + i, "a campaign id is a whole number");
            }
            if (!ids.contains(id.longValue())) {
                ids.add(id.longValue());
            }
        }
        return ids;
    }

    static SessionUpdate update(JsonNode body, Money money) {
        REQUEST.check(body, "");
        JsonNode s = object(body, "customerSession", "/customerSession", true);
        SESSION.check(s, "/customerSession");
        String profileId = text(s, "profileId", "/customerSession/profileId", MAX_ID_LENGTH);
        if (profileId != null && profileId.startsWith(io.tillgate.engine.store.ProfileStore.ERASED_PREFIX)) {
            throw EngineException.invalid("/customerSession/profileId", "profile ids starting with '"
                    + io.tillgate.engine.store.ProfileStore.ERASED_PREFIX + "' are erased customers': reserved");
        }
        String storeId = text(s, "storeIntegrationId", "/customerSession/storeIntegrationId", MAX_ID_LENGTH);
        String stateText = text(s, "state", "/customerSession/state");
        SessionState state = null;
        if (stateText != null) {
            state = switch (stateText) {
                case "open" -> SessionState.OPEN;
                case "closed" -> SessionState.CLOSED;
                case "cancelled" -> SessionState.CANCELLED;
                default -> throw EngineException.invalid("/customerSession/state",
                        "state is open, closed or cancelled; '" + stateText + "' is not (returns and reopen have their own endpoints)");
            };
        }
        List<CartItem> cart = null;
        JsonNode items = s.get("cartItems");
        if (items != null && !items.isNull()) {
            if (!items.isArray()) {
                throw EngineException.invalid("/customerSession/cartItems", "cartItems must be an array");
            }
            if (items.size() > MAX_CART_ITEMS) {
                throw EngineException.invalid("/customerSession/cartItems", "at most " + MAX_CART_ITEMS + " cart items are allowed");
            }
            cart = new ArrayList<>();
            long totalQuantity = 0;
            for (int i = 0; i < items.size(); i++) {
                String at = "/customerSession/cartItems/" + i;
                JsonNode item = object(items, i, at);
                CART_ITEM.check(item, at);
                String sku = text(item, "sku", at + "/sku");
                if (sku == null || sku.isBlank()) {
                    throw EngineException.invalid(at + "/sku", "sku is required");
                }
                JsonNode q = item.get("quantity");
                if (q == null || !q.canConvertToInt() || !q.isIntegralNumber() || q.intValue() < 1) {
                    throw EngineException.invalid(at + "/quantity", "quantity must be a whole number of at least 1");
                }
                totalQuantity += q.intValue();
                BigDecimal price = price(item.get("price"), at + "/price", money, false);
                JsonNode attributes = item.get("attributes");
                if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
                    throw EngineException.invalid(at + "/attributes", "attributes must be an object");
                }
                Map<String, BigDecimal> costs = additionalCosts(item.get("additionalCosts"), at + "/additionalCosts", money);
                cart.add(new CartItem(text(item, "name", at + "/name"), sku, q.intValue(), 0, price,
                        text(item, "category", at + "/category"), attributes == null || attributes.isNull() ? null : attributes, null,
                        costs == null ? List.of() : costs.entrySet().stream() // named: the engine says which costs they are
                                .map(c -> new io.tillgate.engine.session.AdditionalCost(0, c.getKey(), c.getValue())).toList()));
            }
            if (totalQuantity > MAX_TOTAL_QUANTITY) {
                throw EngineException.invalid("/customerSession/cartItems", "the cart items' quantities add up to " + totalQuantity
                        + "; at most " + MAX_TOTAL_QUANTITY + " are allowed");
            }
            BigDecimal total = cart.stream().map(item -> item.price().multiply(BigDecimal.valueOf(item.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (total.precision() - total.scale() > MAX_PRICE_DIGITS) {
                throw EngineException.invalid("/customerSession/cartItems", "the cart items' prices × quantities add up to 10^"
                        + MAX_PRICE_DIGITS + " or more");
            }
        }
        List<String> codes = null;
        JsonNode couponCodes = s.get("couponCodes");
        if (couponCodes != null && !couponCodes.isNull()) {
            if (!couponCodes.isArray()) {
                throw EngineException.invalid("/customerSession/couponCodes", "couponCodes must be an array of strings");
            }
            if (couponCodes.size() > MAX_COUPON_CODES) {
                throw EngineException.invalid("/customerSession/couponCodes", "at most " + MAX_COUPON_CODES + " coupon codes are allowed");
            }
            codes = new ArrayList<>();
            for (int i = 0; i < couponCodes.size(); i++) {
                if (!couponCodes.get(i).isTextual()) {
                    throw EngineException.invalid("/customerSession/couponCodes/" + i, "a coupon code must be a string");
                }
                if (couponCodes.get(i).textValue().length() > MAX_ID_LENGTH) {
                    throw EngineException.invalid("/customerSession/couponCodes/" + i,
                            "a coupon code has at most " + MAX_ID_LENGTH + " characters");
                }
                codes.add(couponCodes.get(i).textValue());
            }
        }
        JsonNode attributes = s.get("attributes");
        if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
            throw EngineException.invalid("/customerSession/attributes", "attributes must be an object");
        }
        return new SessionUpdate(profileId == null || profileId.isBlank() ? null : profileId,
                storeId == null || storeId.isBlank() ? null : storeId, state, cart, codes,
                attributes == null || attributes.isNull() ? null : attributes, null, loyaltyCards(s.get("loyaltyCards")),
                evaluable(s.get("evaluableCampaignIds")), identifiers(s.get("identifiers")), referralCode(s.get("referralCode")),
                additionalCosts(s.get("additionalCosts"), "/customerSession/additionalCosts", money));
    }

    /** A price: a number ≥ 0 under 10^15 with at most 10 decimals, in the currency's scale; 0 when absent unless required. */
    private static BigDecimal price(JsonNode p, String at, Money money, boolean required) {
        if (p == null || p.isNull()) {
            if (required) {
                throw EngineException.invalid(at, "price is required");
            }
            return money.of(BigDecimal.ZERO);
        }
        if (!p.isNumber() || p.decimalValue().signum() < 0) {
            throw EngineException.invalid(at, "price must be a number ≥ 0");
        }
        BigDecimal price = p.decimalValue();
        // judged on precision and scale: nothing rescales, or writes out, a price such as 1E+999999999
        if (price.precision() - price.scale() > MAX_PRICE_DIGITS || price.scale() > MAX_PRICE_DECIMALS) {
            throw EngineException.invalid(at, "price must be less than 10^" + MAX_PRICE_DIGITS
                    + " with at most " + MAX_PRICE_DECIMALS + " decimals");
        }
        return money.of(price);
    }

    /**
     * {@code additionalCosts}: each cost's API name and {@code {"price": …}}, at most {@link #MAX_ADDITIONAL_COSTS}; null
     * keeps the session's, empty clears them. Whether each is a cost of the application the engine says.
     */
    private static Map<String, BigDecimal> additionalCosts(JsonNode costs, String at, Money money) {
        if (costs == null || costs.isNull()) {
            return null;
        }
        if (!costs.isObject() || costs.size() > MAX_ADDITIONAL_COSTS) {
            throw EngineException.invalid(at, "additionalCosts is an object of at most " + MAX_ADDITIONAL_COSTS
                    + " costs, each {\"price\": …} by the cost's name");
        }
        Map<String, BigDecimal> prices = new java.util.TreeMap<>();
        var names = costs.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String pointer = io.tillgate.engine.json.JsonPointer.child(at, name);
            JsonNode cost = costs.get(name);
            if (!cost.isObject()) {
                throw EngineException.invalid(pointer, "an additional cost is {\"price\": …}");
            }
            Bodies.onlyFields(cost, pointer, Set.of("price"), "an additional cost");
            prices.put(name, price(cost.get("price"), pointer + "/price", money, true));
        }
        return prices;
    }

    /** {@code referralCode}: null keeps the session's, empty discards it, else a code of at most 200 characters. */
    private static String referralCode(JsonNode code) {
        String at = "/customerSession/referralCode";
        if (code == null || code.isNull()) {
            return null;
        }
        if (!code.isTextual() || code.textValue().length() > MAX_ID_LENGTH || code.textValue().chars().anyMatch(Character::isISOControl)
                || !ProfileIds.wellFormed(code.textValue())) {
            throw EngineException.invalid(at, "a referral code is a string of at most " + MAX_ID_LENGTH
                    + " characters, without control characters (empty discards the session's)");
        }
        return code.textValue();
    }

    /** The cards a session is shown: null keeps the session's, an empty list none. */
    /** {@code identifiers}: at most {@link #MAX_IDENTIFIERS} texts of 1 to 200 characters; null keeps the session's. */
    private static List<String> identifiers(JsonNode list) {
        String at = "/customerSession/identifiers";
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray() || list.size() > MAX_IDENTIFIERS) {
            throw EngineException.invalid(at, "identifiers is a list of at most " + MAX_IDENTIFIERS + " identifiers");
        }
        List<String> identifiers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode id = list.get(i);
            if (!id.isTextual() || id.textValue().isBlank() || id.textValue().length() > MAX_ID_LENGTH
                    || id.textValue().chars().anyMatch(Character::isISOControl) || !ProfileIds.wellFormed(id.textValue())) {
                throw EngineException.invalid(at + "/" + i, "an identifier is a string of 1 to " + MAX_ID_LENGTH
                        + " characters, without control characters");
            }
            if (!identifiers.contains(id.textValue())) {
                identifiers.add(id.textValue());
            }
        }
        return List.copyOf(identifiers);
    }

    private static List<String> loyaltyCards(JsonNode cards) {
        if (cards == null || cards.isNull()) {
            return null;
        }
        if (!cards.isArray() || cards.size() > MAX_LOYALTY_CARDS) {
            throw EngineException.invalid("/customerSession/loyaltyCards", "loyaltyCards is a list of at most "
                    + MAX_LOYALTY_CARDS + " card identifiers");
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            JsonNode card = cards.get(i);
            if (!card.isTextual() || card.textValue().isBlank() || card.textValue().length() > io.tillgate.engine.loyalty.Cards.MAX_IDENTIFIER
                    || card.textValue().chars().anyMatch(Character::isISOControl) || !ProfileIds.wellFormed(card.textValue())) {
                throw EngineException.invalid("/customerSession/loyaltyCards/" + i, "a card identifier is a string of 1 to "
                        + io.tillgate.engine.loyalty.Cards.MAX_IDENTIFIER + " characters, without control characters");
            }
            if (!list.contains(card.textValue())) {
                list.add(card.textValue());
            }
        }
        return List.copyOf(list);
    }

    static List<ReturnedItem> returns(JsonNode body) {
        RETURN_REQUEST.check(body, "");
        JsonNode ret = object(body, "return", "/return", true);
        RETURN.check(ret, "/return");
        JsonNode items = ret.get("returnedCartItems");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw EngineException.invalid("/return/returnedCartItems", "returnedCartItems must be a non-empty array");
        }
        List<ReturnedItem> returned = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "/return/returnedCartItems/" + i;
            JsonNode item = object(items, i, at);
            RETURNED_ITEM.check(item, at);
            JsonNode position = item.get("position");
            if (position == null || !position.isIntegralNumber() || !position.canConvertToInt()) {
                throw EngineException.invalid(at + "/position", "position is required and must be a whole number");
            }
            JsonNode quantity = item.get("quantity");
            if (quantity != null && !quantity.isNull() && (!quantity.isIntegralNumber() || !quantity.canConvertToInt())) {
                throw EngineException.invalid(at + "/quantity", "quantity must be a whole number");
            }
            returned.add(new ReturnedItem(position.intValue(), quantity == null || quantity.isNull() ? null : quantity.intValue()));
        }
        return returned;
    }

    private static JsonNode object(JsonNode parent, String field, String pointer, boolean required) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw EngineException.invalid(pointer, field + " is required");
            }
            return null;
        }
        if (!node.isObject()) {
            throw EngineException.invalid(pointer, field + " must be an object");
        }
        return node;
    }

    private static JsonNode object(JsonNode array, int index, String pointer) {
        JsonNode node = array.get(index);
        if (!node.isObject()) {
            throw EngineException.invalid(pointer, "must be an object");
        }
        return node;
    }

    /** A session id from a path: what the store's column holds. */
    static String sessionId(String id) {
        if (id.length() > MAX_SESSION_ID_LENGTH) {
            throw EngineException.invalid(null, "a customer session id has at most " + MAX_SESSION_ID_LENGTH + " characters");
        }
        return id;
    }

    private static String text(JsonNode node, String field, String pointer) {
        return text(node, field, pointer, MAX_TEXT_LENGTH);
    }

    private static String text(JsonNode node, String field, String pointer, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw EngineException.invalid(pointer, field + " must be a string");
        }
        if (value.textValue().length() > maxLength) {
            throw EngineException.invalid(pointer, field + " has at most " + maxLength + " characters");
        }
        return value.textValue();
    }
}
