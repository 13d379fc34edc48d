package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static io.tillgate.PosFixtures.transaction;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What-if simulations over the tills' own history, through HTTP: sales sent as send_transaction, a draft replayed over
 * them; exact figures, and nothing written. Each test's sales are at a store of its own.
 */
class SimulationApiTest extends GatewayTest {
    /** 10% off every unit and 10 points a sale: seed 003's figures give 3.01 a shirt, 4.15 a belt. */
    static final String TEN_PERCENT = """
            {"name": "Spring 10%", "state": "enabled",
             "rules": [{"title": "10% off", "condition": "true",
                        "effects": [{"type": "setDiscountPerItem", "name": "10% off", "items": "true", "value": "item.price * 0.1"},
                                    {"type": "addLoyaltyPoints", "programId": 1, "name": "10 a sale", "value": "10.0"}]}]}""";

    EngineClient engine;
    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
    }

    @Test
    void aTenPercentDraftOverKnownSalesGivesTheExactTotalsPerDayAndStore() {
        String store = unique("sim");
        sendSales(store);
        Map<String, Long> before = footprint();

        GatewayClient.Reply reply = simulate(store, "2025-05-01", "2025-05-03", TEN_PERCENT, false);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json();
        assertThat(result.get("state").asText()).isEqualTo("done");
        // the purchase kept its shirts (2 × 3.01, points 10 less the belt's 4.08), 2.00 and 5.00 with 10 points each;
        // the voided sale and the open check count nowhere
        assertThat(figures(result)).isEqualTo("3 3 13.02 25.92 0");
        assertThat(result.get("budgetExhaustedAt").isNull()).isTrue();
        assertThat(days(result)).containsExactly(
                "2025-05-01 2 2 8.02 15.92 0", "2025-05-02 1 1 5.00 10.00 0", "2025-05-03 0 0 0.00 0.00 0");
        assertThat(result.get("byStore")).hasSize(1);
        assertThat(result.get("byStore").get(0).get("storeId").asText()).isEqualTo(store);
        assertThat(figures(result.get("byStore").get(0))).isEqualTo("3 3 13.02 25.92 0");
        assertThat(result.get("progress").get("sessionsScanned").asInt()).isEqualTo(result.get("progress").get("sessionsTotal").asInt());
        assertThat(reply.header("Location")).isEqualTo("/v1/applications/1/simulations/" + result.get("id").asText());
        assertThat(footprint()).isEqualTo(before);

        JsonNode again = engine.get("/v1/applications/1/simulations/" + result.get("id").asText(), EngineClient.MANAGEMENT).json();
        assertThat(again).isEqualTo(result);
    }

    @Test
    void aBudgetForThreeStopsAtTheThirdSaleInTimeOrder() {
        String store = unique("sim");
        // sent out of time order: the replay follows the sales' own times
        for (String time : List.of("2025-06-05T10:00:00Z", "2025-06-01T10:00:00Z", "2025-06-04T10:00:00Z",
                "2025-06-02T10:00:00Z", "2025-06-03T10:00:00Z")) {
            ObjectNode tx = transaction(unique("T"), time);
            line(tx, "1", unique("sku"), 1, "40.00");
            payment(tx, "40.00", "customer-" + time.substring(8, 10));
            send(store, tx, 1);
        }
        String three = """
                {"name": "Three only", "limits": [{"action": "setDiscountEffect", "limit": 3}],
                 "rules": [{"title": "5 off", "condition": "true",
                            "effects": [{"type": "setDiscount", "name": "5 off", "value": "5.0"}]}]}""";

        JsonNode result = simulate(store, "2025-06-01", "2025-06-05", three, false).json();

        assertThat(figures(result)).isEqualTo("5 3 15.00 0.00 0");
        assertThat(result.get("budgetExhaustedAt").asText()).isEqualTo("2025-06-03T10:00:00Z");
        assertThat(result.get("budgets").toString()).isEqualTo("[{\"action\":\"setDiscountEffect\",\"limit\":3,\"counter\":3}]");
        assertThat(days(result)).containsExactly("2025-06-01 1 1 5.00 0.00 0", "2025-06-02 1 1 5.00 0.00 0",
                "2025-06-03 1 1 5.00 0.00 0", "2025-06-04 1 0 0.00 0.00 0", "2025-06-05 1 0 0.00 0.00 0");
    }

    @Test
    void withTheLiveCampaignsTheDraftGetsWhatTheyLeave() {
        String store = unique("sim");
        String sku = unique("sku");
        engine.campaign(1, 9_301, """
                {"name": "Live: 15.00 off the item", "appliesTo": {"skus": ["%s"]},
                 "rules": [{"title": "15 off", "condition": "true",
                            "effects": [{"type": "setDiscountPerItem", "name": "15 off", "items": "item.sku == '%s'", "value": "15.0"}]}]}"""
                .formatted(sku, sku));
        try {
            ObjectNode tx = transaction(unique("T"), "2025-07-01T10:00:00Z");
            line(tx, "1", sku, 1, "20.00");
            payment(tx, "20.00", "customer-7");
            send(store, tx, 1);
            String half = """
                    {"name": "Half off", "rules": [{"title": "half", "condition": "true",
                      "effects": [{"type": "setDiscountPerItem", "name": "half", "items": "true", "value": "item.price * 0.5"}]}]}""";

            assertThat(figures(simulate(store, "2025-07-01", "2025-07-01", half, false).json())).isEqualTo("1 1 10.00 0.00 0");
            assertThat(figures(simulate(store, "2025-07-01", "2025-07-01", half, true).json())).isEqualTo("1 1 5.00 0.00 0");
        } finally {
            engine.delete("/v1/applications/1/campaigns/9301", EngineClient.MANAGEMENT);
        }
    }

    @Test
    void pointsADraftSpendsAreThoseTheCustomerHadBeforeTheSaleNotThoseItEarned() {
        String store = unique("sim");
        String customer = unique("points-customer");
        for (String time : List.of("2025-08-01T10:00:00.000Z", "2025-08-02T10:00:00.000Z")) {
            ObjectNode purchase = seed003Purchase(unique("T")); // the live demo campaign 10 gives it 101 points
            purchase.put("modified_time", time);
            ((ObjectNode) purchase.get("payments").get(0)).put("user_id", customer);
            send(store, purchase, 1);
        }
        String spend = """
                {"name": "5 off for 50 points", "rules": [{"title": "spend", "condition": "true",
                  "effects": [{"type": "deductLoyaltyPoints", "programId": 1, "name": "spend", "value": "50.0"},
                              {"type": "setDiscount", "name": "5 off", "value": "5.0"}]}]}""";

        JsonNode result = simulate(store, "2025-08-01", "2025-08-02", spend, false).json();

        // the first sale's customer had nothing before it; the second had the first sale's 101
        assertThat(figures(result)).isEqualTo("2 1 5.00 0.00 0");
        assertThat(result.get("pointsDeducted").toString()).isEqualTo("50.00");
        assertThat(days(result)).containsExactly("2025-08-01 1 0 0.00 0.00 0", "2025-08-02 1 1 5.00 0.00 0");
    }

    @Test
    void anotherApplicationsSessionNamedLikeATillsSaleReplaysNothingOfIt() {
        String store = unique("sim");
        String txn = unique("T");
        ObjectNode sale = seed003Purchase(txn);
        sale.put("modified_time", "2025-08-10T10:00:00.000Z");
        send(store, sale, 1);
        // application 2's web shop names a session like application 1's till sale
        engine.session(store + ":" + txn, "{\"customerSession\": {\"state\": \"closed\", "
                + "\"cartItems\": [{\"sku\": \"X\", \"quantity\": 1, \"price\": 1}]}}");
        String today = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("America/New_York")).toString();

        JsonNode result = engine.post("/v1/applications/2/simulations", EngineClient.MANAGEMENT, "{\"campaign\": " + TEN_PERCENT
                + ", \"from\": \"" + today + "\", \"to\": \"" + today + "\", \"timezone\": \"America/New_York\"}").json();

        assertThat(result.get("progress").get("sessionsScanned").asInt()).isPositive(); // the web session was read
        assertThat(figures(result)).isEqualTo("0 0 0.00 0.00 0");
        assertThat(result.get("byStore")).isEmpty();
    }

    @Test
    void whatIsWrongIsRefusedNamingTheField() {
        String good = "{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-05-01\", \"to\": \"2025-05-02\"}";
        assertRefused(engine.post("/v1/applications/1/simulations", "ManagementKey-v1 wrong", good), 401, null);
        assertRefused(engine.post("/v1/applications/77/simulations", EngineClient.MANAGEMENT, good), 404, null);
        assertRefused(post("{\"campaign\": {\"name\": \"bad\", \"rules\": [{\"title\": \"t\", \"condition\": \"session.total >\", "
                + "\"effects\": []}]}, \"from\": \"2025-05-01\", \"to\": \"2025-05-02\"}"), 400, "/campaign/rules/0/condition");
        assertRefused(post("{\"campaign\": {\"name\": \"x\", \"rulez\": []}, \"from\": \"2025-05-01\", \"to\": \"2025-05-02\"}"),
                400, "/campaign/rulez");
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-01-01\", \"to\": \"2025-04-04\"}"), 400, "/to"); // 94 days
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-05-02\", \"to\": \"2025-05-01T00:00:00Z\"}"), 400, "/to");
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"yesterday\", \"to\": \"2025-05-02\"}"), 400, "/from");
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-05-01\", \"to\": \"2025-05-02\", \"store\": \"a\"}"),
                400, "/store");
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-05-01\", \"to\": \"2025-05-02\", \"stores\": [\"\"]}"),
                400, "/stores/0");
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-05-01\", \"to\": \"2025-05-02\", \"timezone\": \"Mars/Olympus\"}"),
                400, "/timezone");
        assertRefused(post("{\"campaign\": {\"id\": 3, \"name\": \"x\"}, \"from\": \"2025-05-01\", \"to\": \"2025-05-02\"}"), 400, "/campaign/id");
        assertRefused(engine.get("/v1/applications/1/simulations/no-such-simulation", EngineClient.MANAGEMENT), 404, null);
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": 20250501, \"to\": \"2025-05-02\"}"), 400, "/from");
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"+999999999-12-30T00:00:00Z\", "
                + "\"to\": \"+999999999-12-31T00:00:00Z\"}"), 400, "/from");
        assertRefused(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-05-01\", \"to\": \"2025-05-02\", "
                + "\"stores\": [" + "\"s\",".repeat(1_000) + "\"s\"]}"), 400, "/stores");
        // 93 calendar days in Berlin, across the end of summer time: allowed
        assertThat(post("{\"campaign\": " + TEN_PERCENT + ", \"from\": \"2025-08-01\", \"to\": \"2025-11-01\", "
                + "\"timezone\": \"Europe/Berlin\", \"stores\": [\"nowhere\"]}").status()).isEqualTo(200);
    }

    /** Seed 003's purchase, then its refund of line 2; two more sales; one voided; one check left open. */
    private void sendSales(String store) {
        String refunded = unique("T");
        ObjectNode purchase = seed003Purchase(refunded);
        purchase.put("modified_time", "2025-05-01T10:04:12.000Z");
        send(store, purchase, 1);
        ObjectNode refund = seed003PartialRefund(refunded);
        refund.put("modified_time", "2025-05-03T11:00:00.000Z");
        send(store, refund, 2);

        ObjectNode small = transaction(unique("T"), "2025-05-01T15:00:00.000Z");
        line(small, "1", unique("sku"), 1, "20.00");
        payment(small, "20.00", "customer-43");
        send(store, small, 1);

        String voided = unique("T");
        ObjectNode sold = seed003Purchase(voided);
        sold.put("modified_time", "2025-05-02T09:00:00.000Z");
        send(store, sold, 1);
        ObjectNode voidIt = seed003Purchase(voided);
        voidIt.put("modified_time", "2025-05-02T09:30:00.000Z").put("is_voided", true);
        send(store, voidIt, 2);

        ObjectNode fifty = transaction(unique("T"), "2025-05-02T12:00:00.000Z");
        line(fifty, "1", unique("sku"), 1, "50.00");
        payment(fifty, "50.00", "customer-44");
        send(store, fifty, 1);

        ObjectNode open = transaction(unique("T"), "2025-05-02T13:00:00.000Z").put("is_closed", false);
        line(open, "1", unique("sku"), 1, "70.00");
        send(store, open, 1);
    }

    private void send(String store, ObjectNode tx, int outcomes) {
        GatewayClient.Reply reply = client.send(envelope(store, unique("r"), tx));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        awaitOutcomes(store, tx.get("transaction_id").asText(), outcomes);
    }

    GatewayClient.Reply simulate(String store, String from, String to, String campaign, boolean withLive) {
        return post("{\"campaign\": " + campaign + ", \"from\": \"" + from + "\", \"to\": \"" + to + "\", \"stores\": [\""
                + store + "\"], \"withLiveCampaigns\": " + withLive + "}");
    }

    private GatewayClient.Reply post(String body) {
        return engine.post("/v1/applications/1/simulations", EngineClient.MANAGEMENT, body);
    }

    private static void assertRefused(GatewayClient.Reply reply, int status, String pointer) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (pointer != null) {
            assertThat(reply.json().get("errors").get(0).get("source").get("pointer").asText()).as(reply.body()).isEqualTo(pointer);
        }
    }

    /** transactions, sessionsTriggered, discountTotal, pointsTotal, couponsCreated, as the JSON writes them. */
    static String figures(JsonNode f) {
        return f.get("transactions") + " " + f.get("sessionsTriggered") + " " + f.get("discountTotal") + " "
                + f.get("pointsTotal") + " " + f.get("couponsCreated");
    }

    static List<String> days(JsonNode result) {
        List<String> days = new ArrayList<>();
        result.get("byDay").forEach(d -> days.add(d.get("date").asText() + " " + figures(d)));
        return days;
    }

    /**
     * What a simulation must not change: the rows of every table it could touch, the budget counters' sum, the last
     * session update and the events published.
     */
    private Map<String, Long> footprint() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : List.of("pos_transaction", "pos_outcome", "engine_campaign", "engine_budget", "engine_coupon",
                "engine_profile", "engine_session", "engine_loyalty_account", "engine_loyalty_points", "engine_loyalty_deduction",
                "effect_outbox", "engine_coupon_hold")) {
            rows.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
        }
        rows.put("budget counters", jdbc.sql("SELECT COALESCE(SUM(counter), 0) FROM engine_budget").query(java.math.BigDecimal.class)
                .single().movePointRight(4).longValueExact());
        rows.put("events published", (long) meters.counter("tillgate.effects.published").count());
        rows.put("session updates", jdbc.sql("SELECT COALESCE(MAX(updated), TIMESTAMP '2000-01-01 00:00:00') FROM engine_session")
                .query(java.sql.Timestamp.class).single().getTime());
        return rows;
    }
}
