package io.tillgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code mappings/session.yaml}: which transaction fields give a customer session its customer, coupon
 * codes and attributes. A path names fields separated by dots; {@code []} walks every element of an array
 * ({@code payments[].user_id}). The customer's ids and how each names a profile: {@link CustomerIds}.
 */
public record SessionMapping(CustomerIds customer, List<String> couponCodes, Map<String, String> attributes,
                             List<String> loyaltyCards) {
    /** The cards a session takes from a transaction, at most (the engine's bound). */
    static final int MAX_CARDS = 20;
    /** A card identifier's length, at most: a longer value names no card. */
    static final int MAX_CARD_LENGTH = 108;
    private static final List<String> CARDS = List.of("custom_data.loyalty_card", "payments[].custom_data.loyalty_card");

    /**
     * What tillgate does without the file: the profile from payments then discounts, discount references as coupons,
     * a loyalty card from the transaction's or a payment's {@code custom_data.loyalty_card}.
     */
    public static final SessionMapping DEFAULT = new SessionMapping(
            CustomerIds.untypedPaths(List.of("payments[].user_id", "discounts[].user_id")),
            List.of("discounts[].reference_id"), Map.of("custom", "custom_data"), CARDS);

    /** The loyalty cards the transaction shows, once each, in order. */
    public List<String> loyaltyCardsOf(JsonNode transaction) {
        LinkedHashSet<String> cards = new LinkedHashSet<>();
        for (String path : loyaltyCards) {
            FieldPaths.values(transaction, path).stream().filter(v -> v.isValueNode() && !v.asText().isBlank())
                    .map(v -> v.asText().strip()).filter(c -> c.length() <= MAX_CARD_LENGTH).forEach(cards::add);
        }
        return cards.stream().limit(MAX_CARDS).toList();
    }

    public List<String> couponCodesOf(JsonNode transaction) {
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        for (String path : couponCodes) {
            // as the door reads ids: without surrounding blanks
            FieldPaths.values(transaction, path).stream().filter(v -> v.isValueNode() && !v.asText().isBlank()).forEach(v -> codes.add(v.asText().strip()));
        }
        return List.copyOf(codes);
    }

    public ObjectNode attributesOf(JsonNode transaction) {
        ObjectNode attributes = Json.MAPPER.createObjectNode();
        new java.util.TreeMap<>(this.attributes).forEach((name, path) -> {
            List<JsonNode> found = FieldPaths.values(transaction, path);
            if (found.size() == 1) {
                attributes.set(name, found.get(0));
            } else if (found.size() > 1) {
                attributes.set(name, Json.MAPPER.valueToTree(found));
            }
        });
        return attributes;
    }

    public static SessionMapping read(JsonNode root) {
        if (root.has("customer") && root.has("profile")) {
            throw new IllegalArgumentException("customer replaces profile: give one of them");
        }
        CustomerIds customer = root.hasNonNull("customer") ? CustomerIds.read(root.get("customer"))
                : root.has("customer") ? CustomerIds.untypedPaths(List.of())
                : CustomerIds.untypedPaths(strings(root.get("profile"), List.of("payments[].user_id", "discounts[].user_id")));
        List<String> coupons = strings(root.get("couponCodes"), DEFAULT.couponCodes());
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode a = root.get("attributes");
        if (a == null) {
            attributes.putAll(DEFAULT.attributes());
        } else if (a.isObject()) {
            a.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        } else if (!a.isNull()) {
            throw new IllegalArgumentException("attributes must map attribute names to transaction fields");
        }
        return new SessionMapping(customer, coupons, Map.copyOf(attributes), strings(root.get("loyaltyCards"), CARDS));
    }

    private static List<String> strings(JsonNode node, List<String> fallback) {
        if (node == null) {
            return fallback;
        }
        if (node.isNull()) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> list.add(n.asText()));
        } else {
            list.add(node.asText());
        }
        return List.copyOf(list);
    }
}
