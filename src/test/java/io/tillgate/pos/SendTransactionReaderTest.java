package io.tillgate.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.modifier;
import static io.tillgate.PosFixtures.seed003Purchase;
import static io.tillgate.PosFixtures.transaction;
import static org.assertj.core.api.Assertions.assertThat;

class SendTransactionReaderTest {
    private final SendTransactionReader warn = new SendTransactionReader(ArithmeticPolicy.WARN);
    private final SendTransactionReader reject = new SendTransactionReader(ArithmeticPolicy.REJECT);

    private static ObjectNode valid() {
        return envelope("store-1", "r-1", seed003Purchase("T-1"));
    }

    private static ObjectNode payload(ObjectNode root) {
        return (ObjectNode) root.get("request_payload");
    }

    private List<String> errors(ObjectNode root) {
        return errors(warn, root);
    }

    private static List<String> errors(SendTransactionReader reader, ObjectNode root) {
        ValidationResult result = reader.read(root);
        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        return ((ValidationResult.Invalid) result).errors().stream().map(e -> e.code() + "@" + e.field()).toList();
    }

    @Test
    void readsSeed003PurchaseExactly() {
        ValidationResult.Valid valid = (ValidationResult.Valid) warn.read(valid());
        PosTransaction tx = valid.request().transaction();
        assertThat(valid.warnings()).isEmpty();
        assertThat(valid.request().storeId()).isEqualTo("store-1");
        assertThat(tx.modifiedTime()).isEqualTo(Instant.parse("2026-03-01T10:04:12Z"));
        assertThat(tx.closed()).isTrue();
        assertThat(tx.voided()).isFalse();
        assertThat(tx.subtotal()).isEqualByComparingTo("101.74");
        assertThat(tx.items()).extracting(PosItem::lineId, PosItem::quantity, PosItem::unitPrice)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", 2, new BigDecimal("30.11")),
                        org.assertj.core.groups.Tuple.tuple("2", 1, new BigDecimal("41.52")));
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThat(((ValidationResult.Invalid) warn.read(Json.parse("[1,2]"))).errors())
                .extracting(FieldError::code, FieldError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid_type", "$"));
    }

    @Test
    void eachRequiredEnvelopeFieldIsNamedWhenMissing() {
        for (String field : List.of("store_id", "client_id", "request_id", "request_payload")) {
            ObjectNode root = valid();
            root.remove(field);
            assertThat(errors(root)).containsExactly("missing_field@" + field);
        }
    }

    @Test
    void aStoreIdWithTheSessionSeparatorIsRefusedSoNoTwoStoresShareASession() {
        ObjectNode root = valid();
        root.put("store_id", "store-2:x"); // with transaction y-1, the session of store store-2's transaction x:y-1
        assertThat(errors(root)).containsExactly("invalid_value@store_id");
        root.put("store_id", "store-2");
        payload(root).put("transaction_id", "x:y-1");
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void amountsBeyondWhatTheStoreHoldsAreRefusedWithoutBeingWrittenOut() {
        ObjectNode root = valid();
        payload(root).set("tax_total", Json.parse("1E+999999999"));
        payload(root).set("subtotal", Json.parse("1E-999999999"));
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.subtotal", "invalid_value@request_payload.tax_total");
        ObjectNode largest = valid();
        payload(largest).set("tax_total", Json.parse("999999999999999.99"));
        assertThat(warn.read(largest)).isInstanceOf(ValidationResult.Valid.class);
        payload(largest).set("tax_total", Json.parse("1000000000000000"));
        assertThat(errors(largest)).containsExactly("invalid_value@request_payload.tax_total");
        ObjectNode zero = valid();
        payload(zero).set("tax_total", Json.parse("0E+20")); // zero, however it is written
        assertThat(warn.read(zero)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void aTransactionOfMoreUnitsThanASessionHoldsIsRefused() {
        ObjectNode root = valid();
        com.fasterxml.jackson.databind.node.ArrayNode items = payload(root).putArray("items");
        for (int i = 0; i < 10; i++) { // finding 1 of issue 15: 10 lines of 100,000 units
            items.addObject().put("line_id", "l" + i).put("item_id", "Sub category 1").put("quantity", 100_000).put("unit_price", 1.0);
        }
        payload(root).remove("subtotal");
        assertThat(errors(root)).containsExactly("too_many@request_payload.items");
        ObjectNode most = valid();
        com.fasterxml.jackson.databind.node.ArrayNode lines = payload(most).putArray("items");
        lines.addObject().put("line_id", "a").put("item_id", "x").put("quantity", 10_000).put("unit_price", 0.5);
        payload(most).remove("subtotal");
        assertThat(warn.read(most)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void transactionIdAndModifiedTimeAreRequired() {
        ObjectNode root = valid();
        payload(root).remove("transaction_id");
        payload(root).putNull("modified_time");
        assertThat(errors(root)).containsExactly("missing_field@request_payload.transaction_id",
                "missing_field@request_payload.modified_time");
    }

    @Test
    void aModifiedTimeThatIsNotIso8601IsRefused() {
        ObjectNode root = valid();
        payload(root).put("modified_time", "03/01/2026 10:04");
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.modified_time");
        payload(root).put("modified_time", 1700000000);
        assertThat(errors(root)).containsExactly("invalid_type@request_payload.modified_time");
    }

    @Test
    void anOffsetOtherThanZuluIsAccepted() {
        ObjectNode root = valid();
        payload(root).put("modified_time", "2026-03-01T11:04:12.000+01:00");
        assertThat(((ValidationResult.Valid) warn.read(root)).request().transaction().modifiedTime())
                .isEqualTo(Instant.parse("2026-03-01T10:04:12Z"));
    }

    @Test
    void moreThan1000ItemsAreRefused() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        for (int i = 1; i <= 1001; i++) {
            line(tx, "L" + i, "item", 1, "1.00");
        }
        assertThat(errors(envelope("store-1", "r", tx))).containsExactly("too_many@request_payload.items");
    }

    @Test
    void exactly1000ItemsAreAccepted() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        for (int i = 1; i <= 1000; i++) {
            line(tx, "L" + i, "item", 1, "1.00");
        }
        assertThat(warn.read(envelope("store-1", "r", tx))).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void moreThan100DiscountsOrPaymentsAreRefused() {
        ObjectNode root = valid();
        ArrayNode discounts = (ArrayNode) payload(root).get("discounts");
        for (int i = 0; i < 101; i++) {
            discounts.addObject().put("reference_id", "offer-" + i).put("amount", 1);
        }
        ArrayNode payments = (ArrayNode) payload(root).get("payments");
        for (int i = 0; i < 100; i++) {
            payments.addObject().put("payment_id", "p" + i).put("amount", 0);
        }
        assertThat(errors(root)).containsExactly("too_many@request_payload.payments", "too_many@request_payload.discounts");
    }

    @Test
    void halfASurrogatePairANumberBeyond10To10000OrATimeFinerThanAMicrosecondIsRefusedWithItsPath() throws Exception {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(0)).putObject("custom_data").put("note", "a\uD800b");
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.items[0].custom_data.note");

        root = valid();
        ((ObjectNode) payload(root).get("items").get(0)).putObject("custom_data").put("x", new java.math.BigDecimal("1E+10001"));
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.items[0].custom_data.x");
        ((ObjectNode) payload(root).get("items").get(0)).putObject("custom_data").put("x", new java.math.BigDecimal("1E+10000"));
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class);

        root = valid();
        payload(root).put("modified_time", "2026-03-01T10:04:12.1234567Z");
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.modified_time");
        payload(root).put("modified_time", "2026-03-01T10:04:12.1234560Z"); // microseconds, written with 7 digits
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void customDataNestsAtMost32LevelsDeepWhereverItIs() {
        ObjectNode root = valid();
        ObjectNode level = ((ObjectNode) payload(root).get("items").get(0)).putObject("custom_data"); // level 1
        for (int depth = 2; depth <= 32; depth++) {
            level = level.putObject("n");
        }
        level.put("leaf", 1);
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class); // exactly 32 levels
        level.putArray("deeper").add(1);
        assertThat(errors(root)).containsExactly("too_deep@request_payload.custom_data");
    }

    @Test
    void customElementsAreCountedAcrossAllCustomDataAndBusinessDefinitions() {
        ObjectNode root = valid();
        ObjectNode custom = payload(root).putObject("custom_data");
        for (int i = 0; i < 500; i++) {
            custom.put("k" + i, i);
        }
        ArrayNode defs = payload(root).putArray("business_def_collection");
        ObjectNode def = defs.addObject(); // 1 element itself
        for (int i = 0; i < 498; i++) {
            def.put("d" + i, "v");
        }
        // 500 + 1 + 498 = 999 so far
        ((ObjectNode) payload(root).get("items").get(0)).putObject("custom_data").put("color", "blue");
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class); // exactly 1,000
        ((ObjectNode) payload(root).get("payments").get(0)).putObject("custom_data").put("tip", 1);
        assertThat(errors(root)).containsExactly("too_many@request_payload.custom_data");
    }

    @Test
    void aDuplicateLineIdIsRefusedAtTheSecondLine() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(1)).put("line_id", "1");
        assertThat(errors(root)).containsExactly("duplicate_line_id@request_payload.items[1].line_id");
    }

    @Test
    void aLineWithoutItemIdIsRefused() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(1)).remove("item_id");
        assertThat(errors(root)).containsExactly("missing_field@request_payload.items[1].item_id");
    }

    @Test
    void aQuantityOfZeroIsRefused() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(0)).put("quantity", 0).put("subtotal", 0);
        assertThat(errors(root)).contains("invalid_value@request_payload.items[0].quantity");
    }

    @Test
    void aFractionalQuantityIsRefused() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(0)).put("quantity", new BigDecimal("1.5"));
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.items[0].quantity");
    }

    @Test
    void aNegativeQuantityNeedsModifiesLineId() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        line(tx, "1", "A", 2, "5.00");
        line(tx, "2", "A", -1, "5.00");
        assertThat(errors(envelope("store-1", "r", tx))).containsExactly("invalid_value@request_payload.items[1].quantity");
    }

    @Test
    void aLineVoidNamingItsLineIsAccepted() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        line(tx, "1", "A", 2, "5.00");
        modifier(tx, "2", "A", -1, "5.00", "1");
        ValidationResult.Valid valid = (ValidationResult.Valid) warn.read(envelope("store-1", "r", tx));
        assertThat(valid.warnings()).isEmpty();
        assertThat(valid.request().transaction().items().get(1).isVoid()).isTrue();
    }

    @Test
    void voidsMayNotTakeALineBelowZero() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        line(tx, "1", "A", 1, "5.00");
        modifier(tx, "2", "A", -1, "5.00", "1");
        modifier(tx, "3", "A", -1, "5.00", "1");
        assertThat(errors(envelope("store-1", "r", tx))).containsExactly("invalid_value@request_payload.items[2].quantity");
    }

    @Test
    void aNegativePriceIsRefused() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(1)).put("unit_price", new BigDecimal("-41.52"));
        assertThat(errors(root)).contains("invalid_value@request_payload.items[1].unit_price");
    }

    @Test
    void aModifiesLineIdThatNamesNoLineIsRefused() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        line(tx, "1", "A", 1, "5.00");
        modifier(tx, "2", "extra-cheese", 1, "0.50", "99");
        assertThat(errors(envelope("store-1", "r", tx))).containsExactly("unknown_line@request_payload.items[1].modifies_line_id");
    }

    @Test
    void aLineMayNotModifyItself() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        modifier(tx, "1", "A", 1, "5.00", "1");
        assertThat(errors(envelope("store-1", "r", tx))).containsExactly("unknown_line@request_payload.items[0].modifies_line_id");
    }

    @Test
    void aLineSubtotalOffByMoreThanACentIsAWarningByDefault() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(0)).put("subtotal", new BigDecimal("60.24"));
        payload(root).put("subtotal", new BigDecimal("101.76"));
        ValidationResult.Valid valid = (ValidationResult.Valid) warn.read(root);
        assertThat(valid.warnings()).extracting(FieldError::code, FieldError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("line_subtotal_mismatch", "request_payload.items[0].subtotal"));
        assertThat(errors(reject, root)).containsExactly("line_subtotal_mismatch@request_payload.items[0].subtotal");
    }

    @Test
    void aLineSubtotalOffByExactlyACentPasses() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(0)).put("subtotal", new BigDecimal("60.23"));
        payload(root).put("subtotal", new BigDecimal("101.75"));
        assertThat(((ValidationResult.Valid) reject.read(root)).warnings()).isEmpty();
    }

    @Test
    void aTransactionSubtotalThatIsNotTheSumOfLinesIsAWarningOrARefusal() {
        ObjectNode root = valid();
        payload(root).put("subtotal", new BigDecimal("111.91"));
        assertThat(((ValidationResult.Valid) warn.read(root)).warnings()).extracting(FieldError::code, FieldError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("subtotal_mismatch", "request_payload.subtotal"));
        assertThat(errors(reject, root)).containsExactly("subtotal_mismatch@request_payload.subtotal");
    }

    @Test
    void wrongTypesAreNamed() {
        ObjectNode root = valid();
        payload(root).put("is_voided", "no");
        ((ObjectNode) payload(root).get("items").get(0)).put("unit_price", "30.11");
        ((ObjectNode) payload(root).get("payments").get(0)).put("amount", "111.91");
        assertThat(errors(root)).containsExactly("invalid_type@request_payload.is_voided",
                "invalid_type@request_payload.items[0].unit_price", "invalid_type@request_payload.payments[0].amount");
    }

    @Test
    void anIdGivenAsANumberIsHeldToTheLengthOfAStringId() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("payments").get(0)).put("user_id", new java.math.BigInteger("9".repeat(201)));
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.payments[0].user_id");
        ((ObjectNode) payload(root).get("payments").get(0)).put("user_id", new java.math.BigInteger("9".repeat(200)));
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void timesOutsideTheYears1970To9999AreRefused() {
        ObjectNode root = valid();
        payload(root).put("modified_time", "+999999999-12-31T23:59:59.999999999-18:00");
        payload(root).put("open_time", "1969-12-31T23:59:59Z");
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.modified_time",
                "invalid_value@request_payload.open_time");
        payload(root).put("modified_time", "9999-12-31T23:59:59Z");
        payload(root).put("open_time", "1970-01-01T00:00:00Z");
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void aCartWhoseLinesAddUpTo10To15OrMoreIsRefused() {
        ObjectNode root = valid();
        ((ObjectNode) payload(root).get("items").get(0)).put("unit_price", new BigDecimal("999999999999999.99"))
                .put("subtotal", new BigDecimal("1999999999999999.98"));
        payload(root).remove("subtotal");
        assertThat(errors(root)).contains("invalid_value@request_payload.items");
    }

    @Test
    void idsWithControlCharactersOrHalfASurrogatePairAreRefused() {
        ObjectNode root = valid();
        payload(root).put("transaction_id", "T-\u0000x");
        root.put("request_id", "r-\ud800x");
        assertThat(errors(root)).containsExactly("invalid_value@request_id", "invalid_value@request_payload.transaction_id");
        payload(root).put("transaction_id", "T-\uD83D\uDE00"); // a whole pair is a character like any other
        root.put("request_id", "r-é");
        assertThat(warn.read(root)).isInstanceOf(ValidationResult.Valid.class);
    }

    @Test
    void aDiscountsLinesAndUnitsAreReadAndWhatCannotBeSoIsNamed() {
        ObjectNode root = valid();
        ObjectNode discount = ((com.fasterxml.jackson.databind.node.ArrayNode) payload(root).get("discounts")).addObject()
                .put("reference_id", "17").put("reference_id_type", "UserOfferId").put("amount", 4.15);
        discount.putArray("discounted_line_ids").add("2");
        discount.putArray("discounted_line_id_quantities").add(1);
        PosDiscount read = ((ValidationResult.Valid) warn.read(root)).request().transaction().discounts().get(0);
        assertThat(read.discountedLineIds()).containsExactly("2");
        assertThat(read.discountedLineIdQuantities()).containsExactly(1);

        discount.putArray("discounted_line_id_quantities").add(1).add(2);
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.discounts[0].discounted_line_id_quantities");
        discount.putArray("discounted_line_id_quantities").add(0);
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.discounts[0].discounted_line_id_quantities[0]");
        discount.putArray("discounted_line_id_quantities").add(1.5);
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.discounts[0].discounted_line_id_quantities[0]");
        discount.remove("discounted_line_id_quantities");
        discount.putArray("discounted_line_ids").add("2").add(" 2 ");
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.discounts[0].discounted_line_ids[1]");
        discount.putArray("discounted_line_ids").addObject();
        assertThat(errors(root)).containsExactly("invalid_type@request_payload.discounts[0].discounted_line_ids[0]");
        discount.putArray("discounted_line_ids").add(2);
        discount.put("amount", -1);
        assertThat(errors(root)).containsExactly("invalid_value@request_payload.discounts[0].amount");
    }
}
