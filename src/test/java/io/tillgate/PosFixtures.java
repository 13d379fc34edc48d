package io.tillgate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;

import java.math.BigDecimal;

/** send_transaction envelopes for tests, built field by field so each test shows what it varies. */
public final class PosFixtures {
    private PosFixtures() {
    }

    public static ObjectNode envelope(String storeId, String requestId, ObjectNode transaction) {
        ObjectNode root = Json.MAPPER.createObjectNode()
                .put("store_id", storeId)
                .put("client_id", "pos-17")
                .put("request_id", requestId)
                .put("culture", "en-US");
        root.set("request_payload", transaction);
        return root;
    }

    public static ObjectNode transaction(String transactionId, String modifiedTime) {
        ObjectNode tx = Json.MAPPER.createObjectNode()
                .put("transaction_id", transactionId)
                .put("is_closed", true)
                .put("is_voided", false)
                .put("channel", "POS")
                .put("open_time", "2026-03-01T10:00:00.000Z")
                .put("modified_time", modifiedTime);
        tx.putArray("items");
        tx.putArray("payments");
        tx.putArray("discounts");
        return tx;
    }

    public static ObjectNode line(ObjectNode tx, String lineId, String itemId, int quantity, String unitPrice) {
        ObjectNode item = ((ArrayNode) tx.get("items")).addObject()
                .put("line_id", lineId)
                .put("item_id", itemId)
                .put("quantity", quantity)
                .put("unit_price", new BigDecimal(unitPrice))
                .put("subtotal", new BigDecimal(unitPrice).multiply(BigDecimal.valueOf(quantity)))
                .put("tax_included", BigDecimal.ZERO);
        item.putNull("modifies_line_id");
        item.putNull("custom_data");
        recomputeSubtotal(tx);
        return item;
    }

    public static ObjectNode modifier(ObjectNode tx, String lineId, String itemId, int quantity, String unitPrice,
                                      String modifiesLineId) {
        ObjectNode item = line(tx, lineId, itemId, quantity, unitPrice);
        item.put("modifies_line_id", modifiesLineId);
        return item;
    }

    public static ObjectNode payment(ObjectNode tx, String amount, String userId) {
        return ((ArrayNode) tx.get("payments")).addObject()
                .put("payment_id", "1")
                .put("amount", new BigDecimal(amount))
                .put("type", "VISA")
                .put("payment_time", "2026-03-01T10:04:10.000Z")
                .put("user_id", userId)
                .put("user_id_type", "External_ID");
    }

    /** A sale of one unit of {@code itemId} at {@code price}, paid by {@code customer}. */
    public static ObjectNode oneItemSale(String transactionId, String modifiedTime, String itemId, String price, String customer) {
        ObjectNode tx = transaction(transactionId, modifiedTime);
        line(tx, "1", itemId, 1, price);
        payment(tx, price, customer);
        return tx;
    }

    /** Keeps the transaction subtotal equal to the sum of its lines, as a well-behaved POS would. */
    public static void recomputeSubtotal(ObjectNode tx) {
        BigDecimal sum = BigDecimal.ZERO;
        for (var item : tx.get("items")) {
            sum = sum.add(item.get("subtotal").decimalValue());
        }
        tx.put("subtotal", sum);
    }

    /** Seed 003's purchase: line 1 is 2 × 30.11, line 2 is 1 × 41.52; paid 111.91 by customer-42. */
    public static ObjectNode seed003Purchase(String transactionId) {
        ObjectNode tx = transaction(transactionId, "2026-03-01T10:04:12.000Z");
        line(tx, "1", "Sub category 1", 2, "30.11");
        line(tx, "2", "Sub category 2", 1, "41.52");
        tx.put("tax_total", new BigDecimal("10.17"));
        payment(tx, "111.91", "customer-42");
        return tx;
    }

    /** Seed 003's partial refund: line 2 returned, a later modified_time, the smaller totals. */
    public static ObjectNode seed003PartialRefund(String transactionId) {
        ObjectNode tx = transaction(transactionId, "2026-03-03T11:00:00.000Z");
        line(tx, "1", "Sub category 1", 2, "30.11");
        tx.put("tax_total", new BigDecimal("6.02"));
        payment(tx, "66.24", "customer-42");
        return tx;
    }

    /** Seed 003's full refund: the purchase again, voided, later still. */
    public static ObjectNode seed003FullRefund(String transactionId) {
        ObjectNode tx = seed003Purchase(transactionId);
        tx.put("is_voided", true).put("modified_time", "2026-03-05T16:20:00.000Z");
        return tx;
    }
}
