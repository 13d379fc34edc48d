package io.tillgate.engine.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.tillgate.engine.session.Unit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Builds the CEL variables of an evaluation as plain values: Long for ints, Double for numbers, maps for structs. */
final class CelValues {
    private CelValues() {
    }

    static Map<String, Object> session(SessionSnapshot s, List<Unit> units, double total) {
        Map<String, Object> session = new HashMap<>();
        session.put("id", s.integrationId());
        session.put("state", s.state().wireName());
        session.put("profileId", s.profileId() == null ? "" : s.profileId());
        session.put("total", total);
        session.put("cartItemTotal", total);
        session.put("itemCount", (long) units.size());
        List<Object> items = new ArrayList<>();
        LinkedHashSet<String> skus = new LinkedHashSet<>();
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        for (int p = 0; p < s.cartItems().size(); p++) {
            var item = s.cartItems().get(p);
            Map<String, Object> m = item(item.sku(), item.name(), item.category(), item.price().doubleValue(),
                    item.quantity(), p, 0, item.attributes());
            items.add(m);
            skus.add(item.sku());
            if (item.category() != null) {
                categories.add(item.category());
            }
        }
        session.put("cartItems", items);
        session.put("skus", List.copyOf(skus));
        session.put("categories", List.copyOf(categories));
        session.put("couponCodes", s.couponCodes() == null ? List.of() : List.copyOf(s.couponCodes()));
        session.put("attributes", value(s.attributes(), Map.of()));
        return session;
    }

    static Map<String, Object> unit(Unit u) {
        var item = u.item();
        return item(item.sku(), item.name(), item.category(), item.price().doubleValue(), 1, u.position(), u.subPosition(),
                item.attributes());
    }

    static Map<String, Object> profile(String integrationId, JsonNode attributes) {
        return Map.of("integrationId", integrationId == null ? "" : integrationId, "attributes", value(attributes, Map.of()));
    }

    static Map<String, Object> coupon(CouponView coupon) {
        return coupon == null ? Map.of("value", "", "campaignId", 0L)
                : Map.of("value", coupon.value(), "campaignId", coupon.campaignId());
    }

    static Timestamp timestamp(Instant now) {
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private static Map<String, Object> item(String sku, String name, String category, double price, long quantity,
                                            long position, long subPosition, JsonNode attributes) {
        Map<String, Object> m = new HashMap<>();
        m.put("sku", sku);
        m.put("name", name == null ? "" : name);
        m.put("category", category == null ? "" : category);
        m.put("price", price);
        m.put("quantity", quantity);
        m.put("position", position);
        m.put("subPosition", subPosition);
        m.put("attributes", value(attributes, Map.of()));
        return m;
    }

    /** JSON as CEL values; objects become maps, whole numbers Long, other numbers Double. */
    static Object value(JsonNode node, Object whenAbsent) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return whenAbsent;
        }
        if (node.isObject()) {
            Map<String, Object> map = new HashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue(), null)));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(e -> list.add(value(e, null)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}
