package io.tillgate.engine.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.cel.common.types.CelType;
import dev.cel.common.values.StructValue;
import io.tillgate.engine.campaign.CelEnvironment;
import io.tillgate.engine.session.Unit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL variables of an evaluation. session, item, profile and coupon are {@link StructValue}s: CEL's
 * planner runtime hands a struct value to field selection as it is, whereas a plain map would be walked
 * (and its nested lists and maps with it) on every variable access. Ints are Long, numbers Double.
 */
final class CelValues {
    private CelValues() {
    }

    static Struct session(SessionSnapshot s, List<Unit> units, double total) {
        List<Object> items = new ArrayList<>();
        LinkedHashSet<String> skus = new LinkedHashSet<>();
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        for (int p = 0; p < s.cartItems().size(); p++) {
            var item = s.cartItems().get(p);
            items.add(new Struct(CelEnvironment.ITEM, item(item.sku(), item.name(), item.category(), item.price().doubleValue(),
                    item.quantity(), p, 0, item.attributes())));
            skus.add(item.sku());
            if (item.category() != null) {
                categories.add(item.category());
            }
        }
        Map<String, Object> session = new HashMap<>();
        session.put("id", s.integrationId());
        session.put("state", s.state().wireName());
        session.put("profileId", s.profileId() == null ? "" : s.profileId());
        session.put("total", total);
        session.put("cartItemTotal", total);
        session.put("itemCount", (long) units.size());
        session.put("cartItems", List.copyOf(items));
        session.put("skus", List.copyOf(skus));
        session.put("categories", List.copyOf(categories));
        session.put("couponCodes", s.couponCodes() == null ? List.of() : List.copyOf(s.couponCodes()));
        session.put("attributes", value(s.attributes(), Map.of()));
        return new Struct(CelEnvironment.SESSION, session);
    }

    static Struct unit(Unit u) {
        var item = u.item();
        return new Struct(CelEnvironment.ITEM, item(item.sku(), item.name(), item.category(), item.price().doubleValue(), 1,
                u.position(), u.subPosition(), item.attributes()));
    }

    static Struct profile(String integrationId, JsonNode attributes) {
        return new Struct(CelEnvironment.PROFILE, Map.of("integrationId", integrationId == null ? "" : integrationId,
                "attributes", value(attributes, Map.of())));
    }

    static Struct coupon(CouponView coupon) {
        return new Struct(CelEnvironment.COUPON, coupon == null ? Map.of("value", "", "campaignId", 0L)
                : Map.of("value", coupon.value(), "campaignId", coupon.campaignId()));
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

    /**
     * A struct of the rule environment. Its value is itself, so that CEL, which unwraps values it hands
     * around (list elements of a comprehension, for one), keeps a selectable struct.
     */
    static final class Struct extends StructValue<String, Struct> {
        private final CelType type;
        private final Map<String, Object> fields;

        Struct(CelType type, Map<String, Object> fields) {
            this.type = type;
            this.fields = fields;
        }

        @Override
        public Object select(String field) {
            Object value = fields.get(field);
            if (value == null) {
                throw new IllegalArgumentException("no field '" + field + "' in " + type.name());
            }
            return value;
        }

        @Override
        public Optional<Object> find(String field) {
            return Optional.ofNullable(fields.get(field));
        }

        @Override
        public Struct value() {
            return this;
        }

        @Override
        public boolean isZeroValue() {
            return false;
        }

        @Override
        public CelType celType() {
            return type;
        }
    }
}
