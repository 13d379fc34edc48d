package io.tillgate.engine.evaluate;

import io.tillgate.engine.session.CouponView;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.cel.common.types.CelType;
import dev.cel.common.values.StructValue;
import io.tillgate.engine.campaign.CelEnvironment;
import io.tillgate.engine.session.CartItem;
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

    /** Each cart line's attributes as CEL values, converted once for the line and all its units. */
    static List<Object> lineAttributes(List<CartItem> cart) {
        List<Object> attributes = new ArrayList<>(cart.size());
        for (CartItem item : cart) {
            attributes.add(value(item.attributes(), Map.of()));
        }
        return attributes;
    }

    static Struct session(SessionSnapshot s, List<Unit> units, double total, List<Object> lineAttributes) {
        List<Object> items = new ArrayList<>();
        LinkedHashSet<String> skus = new LinkedHashSet<>();
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        for (int p = 0; p < s.cartItems().size(); p++) {
            var item = s.cartItems().get(p);
            items.add(new Item(item.sku(), item.name(), item.category(), item.price().doubleValue(), item.quantity(), p, 0,
                    lineAttributes.get(p), costs(item.additionalCosts())));
            skus.add(item.sku());
            if (item.category() != null) {
                categories.add(item.category());
            }
        }
        Map<String, Object> session = new HashMap<>();
        session.put("id", s.integrationId());
        session.put("state", s.state().wireName());
        session.put("profileId", s.profileId() == null ? "" : s.profileId());
        session.put("storeIntegrationId", s.storeId() == null ? "" : s.storeId());
        java.math.BigDecimal costTotal = java.math.BigDecimal.ZERO;
        for (var cost : s.additionalCosts()) {
            costTotal = costTotal.add(cost.price());
        }
        for (var item : s.cartItems()) {
            costTotal = costTotal.add(item.additionalCostTotal());
        }
        // as Talon.One's: the session's total is its items' and its additional costs'
        session.put("total", costTotal.signum() == 0 ? total : java.math.BigDecimal.valueOf(total).add(costTotal).doubleValue());
        session.put("cartItemTotal", total);
        session.put("additionalCostTotal", costTotal.doubleValue());
        session.put("additionalCosts", costs(s.additionalCosts()));
        session.put("itemCount", (long) units.size());
        session.put("cartItems", List.copyOf(items));
        session.put("skus", List.copyOf(skus));
        session.put("categories", List.copyOf(categories));
        session.put("couponCodes", s.couponCodes() == null ? List.of() : List.copyOf(s.couponCodes()));
        session.put("attributes", value(s.attributes(), Map.of()));
        session.put("identifiers", s.identifiers() == null ? List.of() : List.copyOf(s.identifiers()));
        session.put("referralCode", s.referralCode() == null ? "" : s.referralCode());
        return new MapStruct(CelEnvironment.SESSION, session);
    }

    /** One unit of a cart line: quantity 1, the line's attributes. */
    static Struct unit(Unit u, Object attributes) {
        var item = u.item();
        return new Item(item.sku(), item.name(), item.category(), item.price().doubleValue(), 1, u.position(), u.subPosition(),
                attributes, costs(item.additionalCosts()));
    }

    /** Additional costs as CEL reads them: name to price. */
    private static Map<String, Object> costs(List<io.tillgate.engine.session.AdditionalCost> costs) {
        if (costs.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> byName = new java.util.TreeMap<>();
        costs.forEach(c -> byName.put(c.name(), c.price().doubleValue()));
        return Map.copyOf(byName);
    }

    static Struct profile(String integrationId, JsonNode attributes, Map<Long, String> tiers,
                          Map<String, io.tillgate.engine.campaign.AchievementState> achievements,
                          java.util.Set<Long> audiences) {
        Map<String, Object> standings = achievements.isEmpty() ? Map.of() : new AchievementStructs(achievements);
        return new MapStruct(CelEnvironment.PROFILE, Map.of("integrationId", integrationId == null ? "" : integrationId,
                "attributes", value(attributes, Map.of()), "tiers", tiers, "achievements", standings,
                "audiences", List.copyOf(audiences)));
    }

    /** {@code profile.achievements}: each a struct when a rule reads it, as the standings behind it are worked out then. */
    private static final class AchievementStructs extends java.util.AbstractMap<String, Object> {
        private final Map<String, io.tillgate.engine.campaign.AchievementState> achievements;

        AchievementStructs(Map<String, io.tillgate.engine.campaign.AchievementState> achievements) {
            this.achievements = achievements;
        }

        @Override
        public Object get(Object name) {
            var state = achievements.get(name);
            if (state == null) {
                return null;
            }
            var s = state.standing();
            return new MapStruct(CelEnvironment.ACHIEVEMENT, Map.of("progress", s.progress().doubleValue(),
                    "target", s.target().doubleValue(), "status", s.status().name()));
        }

        @Override
        public boolean containsKey(Object name) {
            return achievements.containsKey(name);
        }

        @Override
        public int size() {
            return achievements.size();
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            java.util.Set<Entry<String, Object>> entries = new java.util.LinkedHashSet<>();
            achievements.keySet().forEach(name -> entries.add(Map.entry(name, get(name))));
            return entries;
        }
    }

    private static final Struct NO_COUPON = new MapStruct(CelEnvironment.COUPON, Map.of("value", "", "campaignId", 0L));

    static Struct coupon(CouponView coupon) {
        return coupon == null ? NO_COUPON
                : new MapStruct(CelEnvironment.COUPON, Map.of("value", coupon.value(), "campaignId", coupon.campaignId()));
    }

    private static final Struct NO_REFERRAL = new MapStruct(CelEnvironment.REFERRAL, Map.of("code", "", "campaignId", 0L,
            "advocateProfileIntegrationId", "", "friendProfileIntegrationId", "", "attributes", Map.of()));

    static Struct referral(io.tillgate.engine.session.ReferralView referral) {
        return referral == null ? NO_REFERRAL : new MapStruct(CelEnvironment.REFERRAL, Map.of("code", referral.code(),
                "campaignId", referral.campaignId(), "advocateProfileIntegrationId", referral.advocate(),
                "friendProfileIntegrationId", referral.friend() == null ? "" : referral.friend(),
                "attributes", value(referral.attributes(), Map.of())));
    }

    static Timestamp timestamp(Instant now) {
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }


    /**
     * JSON as CEL values; objects become maps, whole numbers Long, other numbers Double. A null inside is left out, as
     * an absent field ({@code has()} is false): a map or list holding a Java null fails every rule that reads it.
     */
    static Object value(JsonNode node, Object whenAbsent) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return whenAbsent;
        }
        if (node.isObject()) {
            Map<String, Object> map = new HashMap<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), value(e.getValue(), null));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(e -> {
                if (!e.isNull()) {
                    list.add(value(e, null));
                }
            });
            return list;
        }
        if (node.isIntegralNumber()) {
            // beyond a long, a whole number is read as the double nearest it, never wrapped round to a negative one
            return node.canConvertToLong() ? node.longValue() : node.doubleValue();
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
    abstract static sealed class Struct extends StructValue<String, Struct> permits MapStruct, Item {
        private final CelType type;

        Struct(CelType type) {
            this.type = type;
        }

        /** The field's value, or null when the struct has no such field. */
        abstract Object field(String name);

        @Override
        public Object select(String field) {
            Object value = field(field);
            if (value == null) {
                throw new IllegalArgumentException("no field '" + field + "' in " + type.name());
            }
            return value;
        }

        @Override
        public Optional<Object> find(String field) {
            return Optional.ofNullable(field(field));
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

    /** session, profile and coupon: built once per evaluation (coupon once per coupon campaign). */
    static final class MapStruct extends Struct {
        private final Map<String, Object> fields;

        MapStruct(CelType type, Map<String, Object> fields) {
            super(type);
            this.fields = fields;
        }

        @Override
        Object field(String name) {
            return fields.get(name);
        }
    }

    /** A cart item or unit: one per unit and evaluation, so fields rather than a map. */
    static final class Item extends Struct {
        // Boxed once here rather than on every read: CEL takes Long and Double objects.
        private final String sku;
        private final String name;
        private final String category;
        private final Double price;
        private final Long quantity;
        private final Long position;
        private final Long subPosition;
        private final Object attributes;
        private final Object additionalCosts;

        Item(String sku, String name, String category, double price, long quantity, long position, long subPosition,
             Object attributes, Object additionalCosts) {
            super(CelEnvironment.ITEM);
            this.additionalCosts = additionalCosts;
            this.sku = sku;
            this.name = name == null ? "" : name;
            this.category = category == null ? "" : category;
            this.price = price;
            this.quantity = quantity;
            this.position = position;
            this.subPosition = subPosition;
            this.attributes = attributes;
        }

        @Override
        Object field(String field) {
            return switch (field) {
                case "sku" -> sku;
                case "name" -> name;
                case "category" -> category;
                case "price" -> price;
                case "quantity" -> quantity;
                case "position" -> position;
                case "subPosition" -> subPosition;
                case "attributes" -> attributes;
                case "additionalCosts" -> additionalCosts;
                default -> null;
            };
        }
    }
}
