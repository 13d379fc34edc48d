package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.oneItemSale;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two profiles of one person merged into one (points, per-profile budgets, sessions, attributes, and sales that still
 * name the merged id), also while both customers' sales are being processed; and a customer erased.
 */
class MergeAndErasureTest extends GatewayTest {
    static final String APP1 = "ApiKey-v1 demo-app-key";
    EngineClient engine;
    long id;
    String sku;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "MERGE-" + id;
        assertThat(engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("name: merge-" + id + "\nreturnPolicy: unlimited"))
                .status()).isEqualTo(200);
        engine.campaign(1, id, json("""
                name: merge %d
                appliesTo: {skus: [%s]}
                limits: [{action: setDiscount, limit: 2, entities: [Profile]}]
                rules:
                  - title: a point per dollar
                    effects: [{type: addLoyaltyPoints, programId: %d, name: per dollar, value: "double(int(session.total))"}]
                  - title: one off, twice per customer
                    effects: [{type: setDiscount, name: one off, value: "1.0"}]
                """.formatted(id, sku, id)));
    }

    @Test
    void aMergeMovesPointsBudgetsSessionsAndAttributesAndTheMergedIdThenCountsForTheKeptProfile() {
        String a = "merge-a-" + id;
        String b = "merge-b-" + id;
        engine.put("/v2/customer_profiles/" + a, APP1, "{\"attributes\": {\"city\": \"Berlin\", \"vip\": false}}");
        engine.put("/v2/customer_profiles/" + b, APP1, "{\"attributes\": {\"vip\": true}}");
        String soldToA = sell(a, "30.00");
        sell(b, "20.00");

        GatewayClient.Reply merged = engine.post("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"" + a + "\", \"into\": \"" + b + "\"}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(201);
        assertThat(merged.json().get("moved").toString())
                .isEqualTo("{\"sessions\":1,\"coupons\":0,\"referrals\":0,\"referralUses\":0,\"budgetCounters\":1,\"loyaltyPrograms\":1,\"achievementTrackers\":0,\"audienceMemberships\":0,\"giveaways\":0,\"cardLinks\":0,\"identities\":0}");
        assertThat(balance(b)).isEqualByComparingTo("50.00");
        assertThat(balance(a)).isEqualByComparingTo("0.00");
        JsonNode profile = engine.put("/v2/customer_profiles/" + b, APP1, "{}").json().get("customerProfile");
        assertThat(profile.get("closedSessions").asInt()).isEqualTo(2);
        assertThat(profile.get("totalSales").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(profile.get("attributes").toString()).isEqualTo("{\"city\":\"Berlin\",\"vip\":true}"); // the kept one's win
        assertThat(engine.get("/v2/customer_sessions/store-1:" + soldToA, APP1).json().at("/customerSession/profileId").asText())
                .isEqualTo(b);

        // a sale that still names a: b's, and b has used both of its discounts (one as a, one as b)
        String later = unique("T");
        assertThat(sell(later, a, "10.00")).containsExactly("addLoyaltyPoints 10");
        assertThat(engine.get("/v2/customer_sessions/store-1:" + later, APP1).json().at("/customerSession/profileId").asText()).isEqualTo(b);
        assertThat(balance(b)).isEqualByComparingTo("60.00");
        // a's old sale voided: its points come back off b
        ObjectNode voided = sale(soldToA, a, "30.00", "2026-03-02T10:00:00.000Z");
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        awaitOutcomes("store-1", soldToA, 2);
        assertThat(balance(b)).isEqualByComparingTo("30.00");

        JsonNode audit = engine.get("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT).json();
        assertThat(audit.at("/data/0/from").asText()).isEqualTo(a);
        assertThat(audit.at("/data/0/into").asText()).isEqualTo(b);
        JsonNode ids = engine.get("/v1/applications/1/customer_profiles/" + b + "/identities", EngineClient.MANAGEMENT).json();
        assertThat(ids.at("/data/0/idType").asText()).isEqualTo("mergedProfile");
        assertThat(ids.at("/data/0/id").asText()).isEqualTo(a);

        assertThat(engine.post("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"" + a + "\", \"into\": \"" + b + "\"}").status()).isEqualTo(404); // a is gone
        assertThat(engine.post("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"" + b + "\", \"into\": \"" + b + "\"}").status()).isEqualTo(400);
        assertThat(engine.post("/v1/applications/1/customer_merges", APP1, "{\"from\": \"x\", \"into\": \"y\"}").status()).isEqualTo(401);
    }

    @Test
    void aMergeWhileBothCustomersSalesAreProcessedLosesNoPointAndLeavesNothingUnderTheMergedId() throws Exception {
        String a = "busy-a-" + id;
        String b = "busy-b-" + id;
        sell(a, "1.00"); // a exists before the merge
        List<String> sold = new ArrayList<>();
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String txn = "busy-" + id + "-" + i;
            sold.add(txn);
            String customer = i % 2 == 0 ? a : b;
            sending.add(CompletableFuture.runAsync(() -> assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(),
                    sale(txn, customer, "10.00", "2026-03-01T10:00:00.000Z"))).status()).isEqualTo(200)));
            if (i == 10) {
                GatewayClient.Reply merged = engine.post("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT,
                        "{\"from\": \"" + a + "\", \"into\": \"" + b + "\"}");
                assertThat(merged.status()).as(merged.body()).isEqualTo(201);
            }
        }
        CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get();
        sold.forEach(txn -> awaitOutcomes("store-1", txn, 1));

        assertThat(balance(b)).isEqualByComparingTo("201.00"); // twenty sales of 10, and a's first of 1
        assertThat(balance(a)).isEqualByComparingTo("0.00");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM engine_session WHERE profile_id = ?").param(a).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM engine_profile WHERE integration_id = ? AND merged_into IS NULL").param(a).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM engine_loyalty_points WHERE profile_id = ?").param(a).query(Integer.class).single()).isZero();
    }

    @Test
    void anErasedCustomersProfileLinksAndIdsAreGoneWhileTheirPointsAndSalesStillAddUp() {
        String customer = "erase-" + id;
        String smId = "sm-erase-" + id;
        engine.put("/v2/customer_profiles/" + customer, APP1, "{\"attributes\": {\"email\": \"someone@example.com\"}}");
        assertThat(engine.put("/v1/applications/1/customer_identities/SessionM_ID/" + smId, EngineClient.MANAGEMENT,
                "{\"integrationId\": \"" + customer + "\"}").status()).isEqualTo(200);
        String first = sell(customer, "30.00");
        String second = unique("T");
        ObjectNode bySessionM = sale(second, smId, "20.00", "2026-03-01T10:00:00.000Z");
        ((ObjectNode) bySessionM.withArray("payments").get(0)).put("user_id_type", "SessionM_ID");
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), bySessionM)).status()).isEqualTo(200);
        awaitOutcomes("store-1", second, 1);
        assertThat(balance(customer)).isEqualByComparingTo("50.00");

        assertThat(engine.delete("/v1/customer_data/" + customer, APP1).status()).isEqualTo(204);

        String erased = engine.get("/v2/customer_sessions/store-1:" + first, APP1).json().at("/customerSession/profileId").asText();
        assertThat(erased).startsWith("erased-");
        assertThat(balance(erased)).isEqualByComparingTo("50.00"); // the points still add up, under no one's name
        assertThat(balance(customer)).isEqualByComparingTo("0.00");
        assertThat(engine.get("/v1/applications/1/customer_identities/SessionM_ID/" + smId, EngineClient.MANAGEMENT).status()).isEqualTo(404);
        for (String txn : List.of(first, second)) {
            String stored = client.get("/api/2.0/transactions/store-1/" + txn, GatewayClient.DEMO).body();
            assertThat(stored).doesNotContain(customer).doesNotContain(smId).contains(erased);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM engine_profile WHERE integration_id = ?").param(customer).query(Integer.class).single()).isZero();
        assertThat(engine.delete("/v1/customer_data/" + customer, APP1).status()).isEqualTo(404);

        // a void that comes later still takes back what the sale earned
        ObjectNode voided = sale(first, customer, "30.00", "2026-03-02T10:00:00.000Z");
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        awaitOutcomes("store-1", first, 2);
        assertThat(balance(erased)).isEqualByComparingTo("20.00");
    }

    @Test
    void mergesNeverCloseACircleAndAMergeIntoAMergedProfileGoesWhereItWent() {
        String a = "ring-a-" + id;
        String b = "ring-b-" + id;
        String c = "ring-c-" + id;
        sell(a, "10.00");
        sell(b, "20.00");
        sell(c, "30.00");
        assertThat(merge(a, b).status()).isEqualTo(201);
        GatewayClient.Reply back = merge(b, a);
        assertThat(back.status()).isEqualTo(400); // a went into b: b into a would be b into itself
        assertThat(back.json().at("/errors/0/details").asText()).contains("not into itself");
        GatewayClient.Reply again = merge(a, c);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().at("/errors/0/details").asText()).contains("was merged into '" + b + "' already");
        GatewayClient.Reply intoMarker = merge(c, a); // into a, which went into b: into b
        assertThat(intoMarker.status()).isEqualTo(201);
        assertThat(intoMarker.json().get("into").asText()).isEqualTo(b);
        assertThat(balance(b)).isEqualByComparingTo("60.00");
        String later = unique("T");
        sell(later, c, "5.00"); // c's id now counts for b, through a's marker or its own
        assertThat(balance(b)).isEqualByComparingTo("65.00");
    }

    @Test
    void twoMergesTheOppositeWayAtOnceMakeOneMergeNeverACircle() throws Exception {
        for (int pair = 0; pair < 4; pair++) {
            String a = "race-a-" + id + "-" + pair;
            String b = "race-b-" + id + "-" + pair;
            sell(a, "10.00");
            sell(b, "20.00");
            CompletableFuture<GatewayClient.Reply> ab = CompletableFuture.supplyAsync(() -> merge(a, b));
            CompletableFuture<GatewayClient.Reply> ba = CompletableFuture.supplyAsync(() -> merge(b, a));
            List<Integer> statuses = new ArrayList<>(List.of(ab.get().status(), ba.get().status()));
            java.util.Collections.sort(statuses);
            assertThat(statuses).as("pair " + pair).containsExactly(201, 400);
            List<String> markers = jdbc.sql("SELECT integration_id FROM engine_profile WHERE integration_id IN (?, ?) AND merged_into IS NOT NULL")
                    .params(a, b).query(String.class).list();
            assertThat(markers).hasSize(1); // one went into the other; the other stands
            String kept = markers.get(0).equals(a) ? b : a;
            assertThat(balance(kept)).isEqualByComparingTo("30.00");
        }
    }

    @Test
    void anErasureReplacesIdsWhereTheyAreIdsNotWhereTheSameTextMeansSomethingElse() {
        String customer = "1" + id % 10; // an id that spells a line id, a payment id or a number elsewhere
        String txn = unique("T");
        ObjectNode tx = sale(txn, customer, "30.00", "2026-03-01T10:00:00.000Z");
        ((ObjectNode) tx.withArray("items").get(0)).put("line_id", customer);
        tx.putObject("custom_data").put("member_email", "someone@example.com");
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), tx)).status()).isEqualTo(200);
        awaitOutcomes("store-1", txn, 1);
        assertThat(engine.delete("/v1/customer_data/" + customer, APP1).status()).isEqualTo(204);

        JsonNode stored = client.get("/api/2.0/transactions/store-1/" + txn, GatewayClient.DEMO).json();
        assertThat(stored.at("/original/items/0/line_id").asText()).isEqualTo(customer); // a line id, untouched
        assertThat(stored.at("/original/payments/0/user_id").asText()).startsWith("erased-");
        assertThat(stored.at("/original").has("custom_data")).isFalse();
        assertThat(stored.at("/outcomes/0/effects/0/props/recipientIntegrationId").asText()).startsWith("erased-");
        assertThat(stored.at("/outcomes/0/effects/0/props/name").asText()).isEqualTo("per dollar");
        ObjectNode voided = sale(txn, customer, "30.00", "2026-03-02T10:00:00.000Z");
        ((ObjectNode) voided.withArray("items").get(0)).put("line_id", customer);
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        assertThat(awaitOutcomes("store-1", txn, 2).at("/outcomes/1/operation").asText()).isEqualTo("CANCEL");
        // the anonymous id is no one's to name
        assertThat(engine.put("/v2/customer_sessions/claim-" + id, APP1, "{\"customerSession\": {\"profileId\": \""
                + stored.at("/original/payments/0/user_id").asText() + "\"}}").status()).isEqualTo(400);
    }

    @Test
    void anErasureEmptiesWhatRulesWroteOfTheCustomerAndTheirSessionsRollBackWithoutAProfile() {
        String customer = "attr-erase-" + id;
        engine.campaign(1, nextId(), json("""
                name: contact %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: contact
                    condition: "has(profile.attributes.email)"
                    effects: [{type: updateAttribute, path: Profile.Attributes.contact, value: "'mailto:' + string(profile.attributes.email)"}]
                """.formatted(id, sku)));
        engine.put("/v2/customer_profiles/" + customer, APP1, "{\"attributes\": {\"email\": \"jane@example.com\"}}");
        String session = "attr-erase-s-" + id;
        JsonNode closed = engine.put("/v2/customer_sessions/" + session, APP1, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "%s", "quantity": 1, "price": 5}]}}"""
                .formatted(customer, sku)).json();
        assertThat(closed.toString()).contains("mailto:jane@example.com");
        assertThat(engine.delete("/v1/customer_data/" + customer, APP1).status()).isEqualTo(204);
        JsonNode after = engine.get("/v2/customer_sessions/" + session, APP1).json();
        assertThat(after.toString()).doesNotContain("jane@example.com");
        String erased = after.at("/customerSession/profileId").asText();

        JsonNode cancelled = engine.put("/v2/customer_sessions/" + session, APP1, "{\"customerSession\": {\"state\": \"cancelled\"}}").json();
        assertThat(EngineClient.effects(cancelled)).contains("rollbackAddedLoyaltyPoints 5");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM engine_profile WHERE integration_id = ?").param(erased).query(Integer.class).single())
                .isZero(); // no profile comes back for the anonymous id, and no count goes below nothing
    }

    private GatewayClient.Reply merge(String from, String into) {
        return engine.post("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"" + from + "\", \"into\": \"" + into + "\"}");
    }

    private java.math.BigDecimal balance(String profile) {
        return engine.get("/v1/loyalty_programs/" + id + "/profile/" + profile + "/balances", APP1).json()
                .at("/balance/activePoints").decimalValue();
    }

    private String sell(String customer, String price) {
        String txn = unique("T");
        sell(txn, customer, price);
        return txn;
    }

    private List<String> sell(String txn, String customer, String price) {
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), sale(txn, customer, price, "2026-03-01T10:00:00.000Z")))
                .status()).isEqualTo(200);
        List<String> effects = new ArrayList<>();
        awaitOutcomes("store-1", txn, 1).at("/outcomes/0/effects")
                .forEach(e -> effects.add(e.get("effectType").asText() + " " + e.at("/props/value").decimalValue().stripTrailingZeros().toPlainString()));
        return effects;
    }

    private ObjectNode sale(String txn, String customer, String price, String at) {
        return oneItemSale(txn, at, sku, price, customer);
    }
}
