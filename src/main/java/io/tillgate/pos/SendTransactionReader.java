package io.tillgate.pos;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code send_transaction} envelope from its JSON tree, checking every rule of the POS contract.
 * All problems are collected (not just the first), each naming its field as a JSON path, so that a POS
 * team can fix a payload in one round trip.
 */
public final class SendTransactionReader {
    public static final int MAX_ITEMS = 1_000;
    public static final int MAX_DISCOUNTS = 100;
    public static final int MAX_PAYMENTS = 100;
    public static final int MAX_CUSTOM_ELEMENTS = 1_000;
    /**
     * How deep custom_data and business_def_collection may nest: deep enough for any till's own data, and far from
     * the parser's limit of 1,000 levels, which the queued form (a level deeper than the body) must stay under.
     */
    public static final int MAX_CUSTOM_DEPTH = 32;
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private final ArithmeticPolicy arithmeticPolicy;

    /** Amounts, prices and a cart's total: under 10^15, what the engine's sums are built for. */
    public static final int MAX_AMOUNT_DIGITS = 15;
    public static final int MAX_AMOUNT_DECIMALS = 10;
    /** The units a transaction's cart may hold, as the engine's sessions may (its cart is flattened into units). */
    public static final int MAX_UNITS = 10_000;

    public static final int MAX_ID_LENGTH = 200;
    /** Times a till can mean; outside them a date is a client's bug, and a database column may not hold it. */
    public static final Instant EARLIEST_TIME = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /** What separates the store from the transaction in a session id; no store id contains it. */
    public static final char SESSION_SEPARATOR = ':';

    public SendTransactionReader(ArithmeticPolicy arithmeticPolicy) {
        this.arithmeticPolicy = arithmeticPolicy;
    }

    public ValidationResult read(JsonNode root) {
        Problems problems = new Problems();
        Envelope envelope = envelope(root, problems);
        if (envelope == null) {
            return new ValidationResult.Invalid(problems.errors);
        }
        PosTransaction transaction = envelope.payload() == null ? null
                : transaction(envelope.payload(), "request_payload", problems);
        checkReadable(root, problems);
        if (!problems.errors.isEmpty()) {
            return new ValidationResult.Invalid(List.copyOf(problems.errors));
        }
        return new ValidationResult.Valid(new SendTransaction(envelope.storeId(), envelope.clientId(), envelope.requestId(),
                envelope.culture(), transaction), List.copyOf(problems.warnings));
    }

    /** The fields every POS call has; {@code payload} is the request_payload when it is an object. */
    record Envelope(String storeId, String clientId, String requestId, String culture, JsonNode payload) {
    }

    /** The envelope of any POS call, its problems noted; null when the body is not even an object. */
    static Envelope envelope(JsonNode root, Problems problems) {
        if (root == null || !root.isObject()) {
            problems.error("invalid_type", "$", "the request body must be a JSON object");
            return null;
        }
        String storeId = requiredId(root, "store_id", "store_id", problems);
        if (storeId != null && storeId.indexOf(SESSION_SEPARATOR) >= 0) {
            // the session of a transaction is <store_id>:<transaction_id>: with no ':' in a store id, store "a:b"
            // with transaction "c" and store "a" with transaction "b:c" can never meet in one session
            problems.error("invalid_value", "store_id", "store_id may not contain '" + SESSION_SEPARATOR + "'");
        }
        String clientId = requiredId(root, "client_id", "client_id", problems);
        String requestId = requiredId(root, "request_id", "request_id", problems);
        String culture = optionalText(root, "culture", "culture", problems);
        JsonNode payload = root.get("request_payload");
        if (absent(payload)) {
            problems.error("missing_field", "request_payload", "request_payload is required");
            payload = null;
        } else if (!payload.isObject()) {
            problems.error("invalid_type", "request_payload", "request_payload must be an object");
            payload = null;
        }
        return new Envelope(storeId, clientId, requestId, culture, payload);
    }

    /**
     * What no field's own check covers (custom_data, fields tillgate does not read), once the fields passed theirs:
     * every string whole Unicode text (written as UTF-8, half a surrogate pair becomes '?'), every exponent within reach.
     */
    static void checkReadable(JsonNode root, Problems problems) {
        if (!problems.errors.isEmpty()) {
            return;
        }
        Unreadable unreadable = new Unreadable();
        unreadable.walk(root, "");
        if (unreadable.halfPair != null) {
            problems.error("invalid_value", unreadable.halfPair, "a string may not hold half a surrogate pair (an escaped \\ud800 alone)");
        } else if (unreadable.farNumber != null) {
            problems.error("invalid_value", unreadable.farNumber, "a number may reach at most 10^" + MAX_SCALE + " and 10^-" + MAX_SCALE);
        }
    }

    /** A transaction at {@code p} ({@code request_payload}, or {@code request_payload.transaction} in an offer call). */
    PosTransaction transaction(JsonNode tx, String p, Problems problems) {
        String transactionId = requiredId(tx, "transaction_id", p + ".transaction_id", problems);
        Instant modifiedTime = time(tx, "modified_time", p + ".modified_time", true, problems);
        Instant openTime = time(tx, "open_time", p + ".open_time", false, problems);
        boolean closed = flag(tx, "is_closed", p + ".is_closed", true, problems);
        boolean voided = flag(tx, "is_voided", p + ".is_voided", false, problems);
        BigDecimal subtotal = amount(tx, "subtotal", p + ".subtotal", false, problems);
        BigDecimal taxTotal = amount(tx, "tax_total", p + ".tax_total", false, problems);
        String channel = optionalText(tx, "channel", p + ".channel", problems);

        JsonNode itemsNode = array(tx, "items", p + ".items", MAX_ITEMS, problems);
        JsonNode paymentsNode = array(tx, "payments", p + ".payments", MAX_PAYMENTS, problems);
        JsonNode discountsNode = array(tx, "discounts", p + ".discounts", MAX_DISCOUNTS, problems);

        CustomData custom = CustomData.of(tx);
        if (custom.elements() > MAX_CUSTOM_ELEMENTS) {
            problems.error("too_many", p + ".custom_data", "custom_data and business_def_collection hold "
                    + custom.elements() + " elements in all; at most " + MAX_CUSTOM_ELEMENTS + " are allowed");
        } else if (custom.depth() > MAX_CUSTOM_DEPTH) {
            problems.error("too_deep", p + ".custom_data", "custom_data and business_def_collection nest at most "
                    + MAX_CUSTOM_DEPTH + " levels deep");
        }

        List<PosItem> items = items(itemsNode, p + ".items", problems);
        long units = items.stream().mapToLong(item -> Math.max(item.quantity(), 0)).sum();
        if (units > MAX_UNITS) {
            problems.error("too_many", p + ".items", "the items hold " + units + " units; at most " + MAX_UNITS
                    + " are allowed in one transaction");
        }
        BigDecimal cartTotal = items.stream().filter(item -> item.unitPrice() != null)
                .map(item -> item.unitPrice().multiply(BigDecimal.valueOf(Math.abs((long) item.quantity()))))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (cartTotal.signum() != 0 && cartTotal.precision() - cartTotal.scale() > MAX_AMOUNT_DIGITS) {
            problems.error("invalid_value", p + ".items", "the items' quantities × unit prices add up to 10^"
                    + MAX_AMOUNT_DIGITS + " or more");
        }
        checkSubtotal(subtotal, items, itemsNode, p + ".subtotal", problems);
        List<PosPayment> payments = new ArrayList<>();
        for (int i = 0; paymentsNode != null && i < paymentsNode.size(); i++) {
            String at = p + ".payments[" + i + "]";
            JsonNode node = paymentsNode.get(i);
            if (!node.isObject()) {
                problems.error("invalid_type", at, "a payment must be an object");
                continue;
            }
            payments.add(new PosPayment(optionalId(node, "payment_id", at + ".payment_id", problems),
                    amount(node, "amount", at + ".amount", false, problems),
                    optionalText(node, "type", at + ".type", problems),
                    optionalId(node, "user_id", at + ".user_id", problems),
                    optionalText(node, "user_id_type", at + ".user_id_type", problems)));
        }
        List<PosDiscount> discounts = new ArrayList<>();
        for (int i = 0; discountsNode != null && i < discountsNode.size(); i++) {
            String at = p + ".discounts[" + i + "]";
            JsonNode node = discountsNode.get(i);
            if (!node.isObject()) {
                problems.error("invalid_type", at, "a discount must be an object");
                continue;
            }
            List<String> lineIds = new ArrayList<>();
            JsonNode lines = node.get("discounted_line_ids");
            if (!absent(lines)) {
                if (!lines.isArray()) {
                    problems.error("invalid_type", at + ".discounted_line_ids", "discounted_line_ids must be an array");
                } else {
                    for (int j = 0; j < lines.size(); j++) {
                        String lineAt = at + ".discounted_line_ids[" + j + "]";
                        JsonNode line = lines.get(j);
                        if (!line.isTextual() && !line.isIntegralNumber()) {
                            problems.error("invalid_type", lineAt, "a line id is a string (or a whole number)");
                        } else {
                            String lineId = line.isTextual() ? line.textValue().strip() : line.bigIntegerValue().toString();
                            if (lineIds.contains(lineId)) {
                                problems.error("invalid_value", lineAt, "line '" + lineId + "' is listed twice");
                            }
                            lineIds.add(lineId);
                        }
                    }
                }
            }
            List<Integer> quantities = lineQuantities(node, at, lineIds.size(), problems);
            BigDecimal amount = amount(node, "amount", at + ".amount", false, problems);
            if (amount != null && amount.signum() < 0) {
                problems.error("invalid_value", at + ".amount", "a discount's amount must not be negative");
            }
            discounts.add(new PosDiscount(optionalId(node, "reference_id", at + ".reference_id", problems),
                    optionalText(node, "reference_id_type", at + ".reference_id_type", problems),
                    optionalId(node, "pos_discount_id", at + ".pos_discount_id", problems),
                    optionalText(node, "display_name", at + ".display_name", problems),
                    amount,
                    optionalId(node, "user_id", at + ".user_id", problems),
                    List.copyOf(lineIds), quantities));
        }
        return new PosTransaction(transactionId, closed, voided, subtotal, taxTotal, openTime, modifiedTime,
                channel, List.copyOf(items), List.copyOf(payments), List.copyOf(discounts));
    }

    /**
     * A discount's {@code discounted_line_id_quantities}: how many units of each of its {@code discounted_line_ids} it
     * was given on, one whole number from 1 per line id; null when absent (every unit of those lines).
     */
    private static List<Integer> lineQuantities(JsonNode discount, String at, int lineIds, Problems problems) {
        JsonNode node = discount.get("discounted_line_id_quantities");
        String path = at + ".discounted_line_id_quantities";
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            problems.error("invalid_type", path, "discounted_line_id_quantities must be an array");
            return null;
        }
        if (node.size() != lineIds) {
            problems.error("invalid_value", path, "discounted_line_id_quantities has " + node.size()
                    + " elements for " + lineIds + " discounted_line_ids; one per line id");
            return null;
        }
        List<Integer> quantities = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode q = node.get(i);
            if (!q.canConvertToInt() || !q.isIntegralNumber() || q.intValue() < 1 || q.intValue() > 100_000) {
                problems.error("invalid_value", path + "[" + i + "]", "a quantity is a whole number from 1 to 100000");
                return null;
            }
            quantities.add(q.intValue());
        }
        return List.copyOf(quantities);
    }

    private List<PosItem> items(JsonNode itemsNode, String path, Problems problems) {
        List<PosItem> items = new ArrayList<>();
        if (itemsNode == null) {
            return items;
        }
        Map<String, Integer> indexByLine = new HashMap<>();
        for (int i = 0; i < itemsNode.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode node = itemsNode.get(i);
            if (!node.isObject()) {
                problems.error("invalid_type", at, "an item must be an object");
                continue;
            }
            String lineId = requiredId(node, "line_id", at + ".line_id", problems);
            if (lineId != null && indexByLine.putIfAbsent(lineId, i) != null) {
                problems.error("duplicate_line_id", at + ".line_id",
                        "line_id '" + lineId + "' is already used by " + path + "[" + indexByLine.get(lineId) + "]");
            }
            String itemId = requiredId(node, "item_id", at + ".item_id", problems);
            String modifies = optionalId(node, "modifies_line_id", at + ".modifies_line_id", problems);
            Integer quantity = quantity(node, at + ".quantity", modifies != null, problems);
            BigDecimal unitPrice = amount(node, "unit_price", at + ".unit_price", true, problems);
            if (unitPrice != null && unitPrice.signum() < 0) {
                problems.error("invalid_value", at + ".unit_price", "unit_price must not be negative");
            }
            BigDecimal subtotal = amount(node, "subtotal", at + ".subtotal", false, problems);
            if (quantity != null && unitPrice != null && subtotal != null
                    && unitPrice.multiply(BigDecimal.valueOf(quantity)).subtract(subtotal).abs().compareTo(CENT) > 0) {
                problems.arithmetic("line_subtotal_mismatch", at + ".subtotal", "subtotal " + subtotal.toPlainString()
                        + " differs from quantity × unit_price = " + unitPrice.multiply(BigDecimal.valueOf(quantity)).toPlainString(),
                        arithmeticPolicy);
            }
            JsonNode customData = node.get("custom_data");
            items.add(new PosItem(lineId, itemId, quantity == null ? 0 : quantity, unitPrice, subtotal, modifies,
                    absent(customData) ? null : customData));
        }
        checkModifiers(items, path, problems);
        return items;
    }

    /** A modifier must name another line; add-ons hang off base lines; voids may not take a line below zero. */
    private static void checkModifiers(List<PosItem> items, String path, Problems problems) {
        Map<String, PosItem> byLine = new HashMap<>();
        items.forEach(item -> byLine.putIfAbsent(item.lineId(), item));
        Map<String, Integer> netQuantity = new HashMap<>();
        items.stream().filter(item -> item.modifiesLineId() == null || item.isAddOn())
                .forEach(item -> netQuantity.merge(item.lineId(), item.quantity(), Integer::sum));
        for (int i = 0; i < items.size(); i++) {
            PosItem item = items.get(i);
            if (item.modifiesLineId() == null) {
                continue;
            }
            String at = path + "[" + i + "].modifies_line_id";
            PosItem target = byLine.get(item.modifiesLineId());
            if (target == null || item.modifiesLineId().equals(item.lineId())) {
                problems.error("unknown_line", at, "modifies_line_id '" + item.modifiesLineId()
                        + "' names no other line of this transaction");
            } else if (item.isAddOn() && target.modifiesLineId() != null) {
                problems.error("invalid_value", at, "an add-on must modify a base line, and line '"
                        + target.lineId() + "' is itself a modifier");
            } else if (item.isVoid() && target.isVoid()) {
                problems.error("invalid_value", at, "a void must name a sold line, and line '"
                        + target.lineId() + "' is itself a void");
            } else if (item.isVoid()) {
                int remaining = netQuantity.merge(target.lineId(), item.quantity(), Integer::sum);
                if (remaining < 0) {
                    problems.error("invalid_value", path + "[" + i + "].quantity", "voids take line '"
                            + target.lineId() + "' below zero (" + remaining + ")");
                }
            }
        }
    }

    private void checkSubtotal(BigDecimal subtotal, List<PosItem> items, JsonNode itemsNode, String path,
                               Problems problems) {
        if (subtotal == null || itemsNode == null || items.stream().anyMatch(i -> i.unitPrice() == null)) {
            return;
        }
        BigDecimal lines = items.stream()
                .map(i -> i.subtotal() != null ? i.subtotal() : i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (lines.subtract(subtotal).abs().compareTo(CENT) > 0) {
            problems.arithmetic("subtotal_mismatch", path, "subtotal " + subtotal.toPlainString()
                    + " differs from the sum of the lines, " + lines.toPlainString(), arithmeticPolicy);
        }
    }

    private static Integer quantity(JsonNode item, String path, boolean modifier, Problems problems) {
        JsonNode node = item.get("quantity");
        if (absent(node)) {
            problems.error("missing_field", path, "quantity is required");
            return null;
        }
        if (!node.isNumber()) {
            problems.error("invalid_type", path, "quantity must be a number");
            return null;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            problems.error("invalid_value", path, "quantity must be a whole number of units");
            return null;
        }
        if (value.abs().compareTo(BigDecimal.valueOf(100_000)) > 0) {
            problems.error("invalid_value", path, "quantity must be between -100000 and 100000");
            return null;
        }
        int quantity = value.intValue();
        if (quantity == 0) {
            problems.error("invalid_value", path, "quantity must not be 0");
        } else if (quantity < 0 && !modifier) {
            problems.error("invalid_value", path,
                    "a negative quantity voids units of another line and needs modifies_line_id");
        }
        return quantity;
    }

    private static JsonNode array(JsonNode parent, String name, String path, int max, Problems problems) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            problems.error("invalid_type", path, name + " must be an array");
            return null;
        }
        if (node.size() > max) {
            problems.error("too_many", path, name + " has " + node.size() + " elements; at most " + max + " are allowed");
            return null;
        }
        return node;
    }

    /**
     * What the {@code custom_data} and {@code business_def_collection} of a transaction hold, wherever they are:
     * every JSON value inside them, at any depth, and their deepest nesting of arrays and objects. One walk.
     */
    record CustomData(int elements, int depth) {

        static CustomData of(JsonNode node) {
            int elements = 0;
            int depth = 0;
            if (node.isObject()) {
                for (var it = node.fields(); it.hasNext(); ) {
                    var field = it.next();
                    boolean custom = field.getKey().equals("custom_data") || field.getKey().equals("business_def_collection");
                    CustomData inside = custom ? within(field.getValue()) : of(field.getValue());
                    elements += inside.elements();
                    depth = Math.max(depth, inside.depth());
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    CustomData inside = of(element);
                    elements += inside.elements();
                    depth = Math.max(depth, inside.depth());
                }
            }
            return new CustomData(elements, depth);
        }

        /** A custom container: its values, and its nesting counted from itself. */
        private static CustomData within(JsonNode container) {
            int elements = 0;
            int deepest = 0;
            for (JsonNode child : container) {
                CustomData inside = within(child);
                elements += 1 + inside.elements();
                deepest = Math.max(deepest, inside.depth());
            }
            return new CustomData(elements, container.isContainerNode() ? 1 + deepest : 0);
        }
    }

    private static Instant time(JsonNode parent, String name, String path, boolean required, Problems problems) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            if (required) {
                problems.error("missing_field", path, name + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.error("invalid_type", path, name + " must be an ISO-8601 date-time string");
            return null;
        }
        try {
            Instant time = OffsetDateTime.parse(node.textValue()).toInstant();
            if (time.getNano() % 1_000 != 0) {
                // the store keeps microseconds: a finer time would compare differently once stored
                problems.error("invalid_value", path, name + " has more than 6 decimals of a second; times are kept to the microsecond");
                return null;
            }
            if (time.isBefore(EARLIEST_TIME) || time.isAfter(LATEST_TIME)) {
                problems.error("invalid_value", path, name + " must lie between " + EARLIEST_TIME + " and " + LATEST_TIME);
                return null;
            }
            return time;
        } catch (DateTimeParseException e) {
            problems.error("invalid_value", path, name + " '" + node.textValue()
                    + "' is not an ISO-8601 date-time with offset, such as 2026-03-01T10:04:12.000Z");
            return null;
        }
    }

    private static boolean flag(JsonNode parent, String name, String path, boolean fallback, Problems problems) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problems.error("invalid_type", path, name + " must be true or false");
            return fallback;
        }
        return node.booleanValue();
    }

    private static BigDecimal amount(JsonNode parent, String name, String path, boolean required, Problems problems) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            if (required) {
                problems.error("missing_field", path, name + " is required");
            }
            return null;
        }
        if (!node.isNumber()) {
            problems.error("invalid_type", path, name + " must be a number");
            return null;
        }
        BigDecimal value = node.decimalValue();
        // judged on precision and scale alone: nothing here writes out, or computes with, a number such as 1E+999999999
        if (value.signum() != 0 && value.precision() - value.scale() > MAX_AMOUNT_DIGITS) { // 0E+20 is zero
            problems.error("invalid_value", path, name + " must be less than 10^" + MAX_AMOUNT_DIGITS + " in magnitude");
            return null;
        }
        if (value.scale() > MAX_AMOUNT_DECIMALS) {
            problems.error("invalid_value", path, name + " may have at most " + MAX_AMOUNT_DECIMALS + " decimal places");
            return null;
        }
        return value;
    }

    static String requiredId(JsonNode parent, String name, String path, Problems problems) {
        String value = optionalId(parent, name, path, problems);
        if (value == null && !problems.hasErrorAt(path)) {
            problems.error("missing_field", path, name + " is required");
        }
        return value;
    }

    /**
     * How far a number of a request may reach: its scale (decimal places, or minus its exponent) within ±10,000.
     * 1E+400 is a number; 1E+2147483647 is a way to overflow whatever computes with it.
     */
    public static final int MAX_SCALE = 10_000;

    /**
     * The JSON paths of the first string or field name holding half a surrogate pair and of the first number whose
     * scale is beyond {@link #MAX_SCALE}, in one walk of the request; null where there is none.
     */
    private static final class Unreadable {
        String halfPair;
        String farNumber;

        void walk(JsonNode node, String path) {
            if (node.isTextual()) {
                if (halfPair == null && !whole(node.textValue())) {
                    halfPair = path;
                }
            } else if (node.isBigDecimal()) {
                if (farNumber == null && Math.abs((long) node.decimalValue().scale()) > MAX_SCALE) {
                    farNumber = path;
                }
            } else if (node.isObject()) {
                for (var it = node.fields(); it.hasNext() && halfPair == null; ) {
                    var field = it.next();
                    String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                    if (!whole(field.getKey())) {
                        halfPair = at;
                    } else {
                        walk(field.getValue(), at);
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size() && halfPair == null; i++) {
                    walk(node.get(i), path + "[" + i + "]");
                }
            }
        }
    }

    private static boolean whole(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Identifiers are strings; whole numbers are accepted too, since many POS systems number their lines. */
    static String optionalId(JsonNode parent, String name, String path, Problems problems) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.textValue().strip();
            if (text.isEmpty()) {
                return null;
            }
            return checkedId(text, name, path, problems);
        }
        if (node.isIntegralNumber()) {
            // Jackson reads integers of at most 1,000 digits: writing one out is cheap
            return checkedId(node.bigIntegerValue().toString(), name, path, problems);
        }
        problems.error("invalid_type", path, name + " must be a string (or a whole number)");
        return null;
    }

    /** An id as a string, whichever JSON type it came as: what a column, a path and a log line can carry. */
    private static String checkedId(String text, String name, String path, Problems problems) {
        if (text.length() > MAX_ID_LENGTH) {
            problems.error("invalid_value", path, name + " is longer than " + MAX_ID_LENGTH + " characters");
            return null;
        }
        if (!printable(text)) {
            // an id is written into paths, logs and message properties: one with a NUL or half a surrogate pair
            // could be stored but never read back
            problems.error("invalid_value", path, name + " may not contain control characters or unpaired surrogates");
            return null;
        }
        return text;
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static String optionalText(JsonNode parent, String name, String path, Problems problems) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            problems.error("invalid_type", path, name + " must be a string");
            return null;
        }
        return node.textValue();
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static final class Problems {
        final List<FieldError> errors = new ArrayList<>();
        final List<FieldError> warnings = new ArrayList<>();
        final Set<String> errorFields = new HashSet<>();

        void error(String code, String field, String message) {
            errors.add(new FieldError(code, field, message));
            errorFields.add(field);
        }

        void arithmetic(String code, String field, String message, ArithmeticPolicy policy) {
            if (policy == ArithmeticPolicy.REJECT) {
                error(code, field, message);
            } else {
                warnings.add(new FieldError(code, field, message));
            }
        }

        boolean hasErrorAt(String field) {
            return errorFields.contains(field);
        }
    }
}
