package io.tillgate.engine.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;

/** The props of each effect type, with the names and optional fields of seed 001 and the OpenAPI schemas. */
public final class Props {
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    /** An object node sized for an effect's few fields (Jackson's default map starts at 16 buckets). */
    private static ObjectNode node() {
        return new ObjectNode(JSON, new java.util.LinkedHashMap<>(8));
    }

    private Props() {
    }

    public static ObjectNode setDiscount(String name, BigDecimal value, BigDecimal desiredValue) {
        ObjectNode p = node().put("name", name).put("value", value);
        if (desiredValue != null) {
            p.put("desiredValue", desiredValue);
        }
        return p;
    }

    public static ObjectNode setDiscountPerItem(String name, BigDecimal value, int position, int subPosition,
                                                BigDecimal totalDiscount, BigDecimal desiredValue) {
        ObjectNode p = node().put("name", name).put("value", value).put("position", position)
                .put("subPosition", subPosition);
        if (totalDiscount != null) {
            p.put("totalDiscount", totalDiscount);
        }
        if (desiredValue != null) {
            p.put("desiredValue", desiredValue);
        }
        return p;
    }

    public static ObjectNode rollbackDiscount(String name, BigDecimal value, Integer position, Integer subPosition, String scope) {
        ObjectNode p = node().put("name", name).put("value", value);
        if (position != null) {
            p.put("cartItemPosition", position).put("cartItemSubPosition", subPosition);
        }
        if (scope != null) {
            p.put("scope", scope);
        }
        return p;
    }

    public static ObjectNode coupon(String value) {
        return node().put("value", value);
    }

    public static ObjectNode rejectCoupon(String value, String reason, Integer conditionIndex, String details) {
        ObjectNode p = node().put("value", value).put("rejectionReason", reason);
        if (conditionIndex != null) {
            p.put("conditionIndex", conditionIndex);
        }
        if (details != null) {
            p.put("details", details);
        }
        return p;
    }

    public static ObjectNode couponCreated(String value, String profileId) {
        return node().put("value", value).put("profileId", profileId);
    }

    public static ObjectNode addFreeItem(String sku, String name) {
        return node().put("sku", sku).put("name", name);
    }

    public static ObjectNode addLoyaltyPoints(String name, long programId, BigDecimal value, BigDecimal desiredValue,
                                              String recipient, Instant start, Instant expiry, String transactionUUID,
                                              Integer position, Integer subPosition) {
        ObjectNode p = node().put("name", name).put("programId", programId).put("subLedgerId", "")
                .put("value", value).put("recipientIntegrationId", recipient).put("transactionUUID", transactionUUID);
        if (desiredValue != null) {
            p.put("desiredValue", desiredValue);
        }
        if (start != null) {
            p.put("startDate", start.toString());
        }
        if (expiry != null) {
            p.put("expiryDate", expiry.toString());
        }
        if (position != null) {
            p.put("cartItemPosition", position).put("cartItemSubPosition", subPosition);
        }
        return p;
    }

    public static ObjectNode deductLoyaltyPoints(String ruleTitle, String name, long programId, BigDecimal value,
                                                 String transactionUUID) {
        return node().put("ruleTitle", ruleTitle).put("programId", programId).put("subLedgerId", "")
                .put("value", value).put("transactionUUID", transactionUUID).put("name", name);
    }

    public static ObjectNode rollbackPoints(long programId, BigDecimal value, String recipient, String transactionUUID,
                                            Integer position, Integer subPosition) {
        ObjectNode p = node().put("programId", programId).put("subLedgerId", "").put("value", value)
                .put("recipientIntegrationId", recipient).put("transactionUUID", transactionUUID);
        if (position != null) {
            p.put("cartItemPosition", position).put("cartItemSubPosition", subPosition);
        }
        return p;
    }

    public static ObjectNode showNotification(String type, String title, String body) {
        return node().put("notificationType", type).put("title", title).put("body", body);
    }

    public static ObjectNode customEffect(long effectId, String name, JsonNode payload) {
        ObjectNode p = node().put("effectId", effectId).put("name", name);
        p.set("payload", payload);
        return p;
    }

    public static ObjectNode error(String message) {
        return node().put("message", message);
    }
}
