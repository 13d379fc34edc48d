package io.tillgate.engine.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.json.Json;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The props of each effect type, with the names and optional fields of seed 001 and the OpenAPI schemas:
 * one record per shape, its components in the order they are written, optional ones left out when null.
 * Records rather than JSON trees: an evaluation builds dozens of effects, and most are only ever written.
 */
public sealed interface Props {

    /** The props of a stored effect, by its type. */
    static Props read(String effectType, JsonNode props) {
        Class<? extends Props> shape = switch (effectType) {
            case "setDiscount" -> SetDiscount.class;
            case "setDiscountPerItem" -> SetDiscountPerItem.class;
            case "rollbackDiscount" -> RollbackDiscount.class;
            case "acceptCoupon", "rollbackCoupon" -> Coupon.class;
            case "rejectCoupon" -> RejectCoupon.class;
            case "couponCreated" -> CouponCreated.class;
            case "addFreeItem" -> AddFreeItem.class;
            case "addLoyaltyPoints" -> AddLoyaltyPoints.class;
            case "deductLoyaltyPoints" -> DeductLoyaltyPoints.class;
            case "rollbackAddedLoyaltyPoints", "rollbackDeductedLoyaltyPoints" -> RollbackPoints.class;
            case "showNotification" -> ShowNotification.class;
            case "customEffect" -> CustomEffect.class;
            case "error" -> RuleError.class;
            default -> throw new IllegalArgumentException("unknown effect type '" + effectType + "'");
        };
        try {
            return Json.MAPPER.treeToValue(props, shape);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    record SetDiscount(String name, BigDecimal value, @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue)
            implements Props {
    }

    record SetDiscountPerItem(String name, BigDecimal value, int position, int subPosition,
                              @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal totalDiscount,
                              @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue) implements Props {
    }

    record RollbackDiscount(String name, BigDecimal value,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemPosition,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemSubPosition,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String scope) implements Props {
    }

    /** acceptCoupon and rollbackCoupon. */
    record Coupon(String value) implements Props {
    }

    record RejectCoupon(String value, String rejectionReason,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer conditionIndex,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String details) implements Props {
    }

    record CouponCreated(String value, String profileId) implements Props {
    }

    record AddFreeItem(String sku, String name) implements Props {
    }

    record AddLoyaltyPoints(String name, long programId, String subLedgerId, BigDecimal value, String recipientIntegrationId,
                            @JsonProperty("transactionUUID") String transactionUUID,
                            @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal desiredValue,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String startDate,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String expiryDate,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemPosition,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemSubPosition) implements Props {
    }

    record DeductLoyaltyPoints(String ruleTitle, long programId, String subLedgerId, BigDecimal value,
                               @JsonProperty("transactionUUID") String transactionUUID, String name) implements Props {
    }

    /** rollbackAddedLoyaltyPoints and rollbackDeductedLoyaltyPoints. */
    record RollbackPoints(long programId, String subLedgerId, BigDecimal value, String recipientIntegrationId,
                          @JsonProperty("transactionUUID") String transactionUUID,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemPosition,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer cartItemSubPosition) implements Props {
    }

    record ShowNotification(String notificationType, String title, String body) implements Props {
    }

    record CustomEffect(long effectId, String name, JsonNode payload) implements Props {
    }

    record RuleError(String message) implements Props {
    }

    static SetDiscount setDiscount(String name, BigDecimal value, BigDecimal desiredValue) {
        return new SetDiscount(name, value, desiredValue);
    }

    static SetDiscountPerItem setDiscountPerItem(String name, BigDecimal value, int position, int subPosition,
                                                 BigDecimal totalDiscount, BigDecimal desiredValue) {
        return new SetDiscountPerItem(name, value, position, subPosition, totalDiscount, desiredValue);
    }

    static RollbackDiscount rollbackDiscount(String name, BigDecimal value, Integer position, Integer subPosition, String scope) {
        return new RollbackDiscount(name, value, position, position == null ? null : subPosition, scope);
    }

    static Coupon coupon(String value) {
        return new Coupon(value);
    }

    static RejectCoupon rejectCoupon(String value, String reason, Integer conditionIndex, String details) {
        return new RejectCoupon(value, reason, conditionIndex, details);
    }

    static CouponCreated couponCreated(String value, String profileId) {
        return new CouponCreated(value, profileId);
    }

    static AddFreeItem addFreeItem(String sku, String name) {
        return new AddFreeItem(sku, name);
    }

    static AddLoyaltyPoints addLoyaltyPoints(String name, long programId, BigDecimal value, BigDecimal desiredValue,
                                             String recipient, Instant start, Instant expiry, String transactionUUID,
                                             Integer position, Integer subPosition) {
        return new AddLoyaltyPoints(name, programId, "", value, recipient, transactionUUID, desiredValue,
                start == null ? null : start.toString(), expiry == null ? null : expiry.toString(),
                position, position == null ? null : subPosition);
    }

    static DeductLoyaltyPoints deductLoyaltyPoints(String ruleTitle, String name, long programId, BigDecimal value,
                                                   String transactionUUID) {
        return new DeductLoyaltyPoints(ruleTitle, programId, "", value, transactionUUID, name);
    }

    static RollbackPoints rollbackPoints(long programId, BigDecimal value, String recipient, String transactionUUID,
                                         Integer position, Integer subPosition) {
        return new RollbackPoints(programId, "", value, recipient, transactionUUID, position,
                position == null ? null : subPosition);
    }

    static ShowNotification showNotification(String type, String title, String body) {
        return new ShowNotification(type, title, body);
    }

    static CustomEffect customEffect(long effectId, String name, JsonNode payload) {
        return new CustomEffect(effectId, name, payload);
    }

    static RuleError error(String message) {
        return new RuleError(message);
    }
}
