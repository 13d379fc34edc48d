package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.tillgate.gateway.EngineClient.effects;
import static org.assertj.core.api.Assertions.assertThat;

/** The Integration and Management APIs over HTTP, on the real store; application 2 has no demo campaigns. */
class SessionApiTest extends GatewayTest {
    private static final AtomicLong IDS = new AtomicLong(100_000 + (System.nanoTime() % 1_000) * 1_000);
    EngineClient engine;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
    }

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static String json(String yaml) {
        try {
            return EngineFixtures.YAML.readTree(yaml).toString();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String SHOES_AND_SHIRT = """
            "cartItems": [
              {"name": "shoes1", "sku": "9696", "quantity": 1, "price": 60, "category": "shoes"},
              {"name": "shirt35", "sku": "6078", "quantity": 1, "price": 40, "category": "shirts"}]""";

    /** Seed 000, value for value. */
    @Test
    void seed000CancellingASessionRevertsTheDiscountBudgetButNotCouponCreation() {
        long id = nextId();
        String spring = "SPRING-20-ALL-" + id;
        engine.campaign(2, id, json("""
                name: Spring 20%% with coupon
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                limits:
                  - {action: setDiscount, limit: 20000}
                  - {action: createCoupon, limit: 8000}
                rules:
                  - title: 20%% Discount promo
                    condition: "session.total > 0"
                    effects:
                      - {type: setDiscount, name: 20%% Discount promo, value: "session.total * 0.2"}
                      - {type: createCoupon, pattern: "SUMMER-20-ALL-#####", usageLimit: 1}
                """.formatted(spring)));
        String session = "seed000-" + id;
        JsonNode closed = engine.session(session, """
                {"customerSession": {"profileId": "ExampleUser", "couponCodes": ["%s"], "state": "closed", %s},
                 "responseContent": ["customerSession", "customerProfile"]}""".formatted(spring, SHOES_AND_SHIRT));
        assertThat(effects(closed)).hasSize(3).contains("setDiscount 20", "acceptCoupon " + spring);
        String created = closed.get("effects").findValues("effectType").stream()
                .filter(t -> t.asText().equals("couponCreated")).findFirst().map(t -> "").orElseThrow();
        JsonNode couponCreated = java.util.stream.StreamSupport.stream(closed.get("effects").spliterator(), false)
                .filter(e -> e.get("effectType").asText().equals("couponCreated")).findFirst().orElseThrow();
        String summer = couponCreated.at("/props/value").asText();
        assertThat(created).isEmpty();
        assertThat(summer).matches("SUMMER-20-ALL-\\d{5}");
        assertThat(couponCreated.at("/props/profileId").asText()).isEqualTo("ExampleUser");
        assertThat(closed.at("/customerSession/state").asText()).isEqualTo("closed");
        assertThat(closed.at("/customerProfile/closedSessions").asInt()).isEqualTo(1);
        assertThat(closed.at("/createdCoupons/0/value").asText()).isEqualTo(summer);
        JsonNode budgets = engine.campaign(2, id).get("budgets");
        assertThat(budgets.get(0).get("counter").decimalValue()).isEqualByComparingTo("20");
        assertThat(budgets.get(1).get("counter").decimalValue()).isEqualByComparingTo("1");
        // issue 16, finding 8: in the unit of what is counted, written plainly (not 20.0000, 1E+0, 100.0000)
        assertThat(budgets.get(0).get("counter").toString()).isEqualTo("20.00");
        assertThat(budgets.get(0).get("limit").toString()).isEqualTo("20000.00");
        assertThat(budgets.get(1).get("counter").toString()).isEqualTo("1");
        assertThat(budgets.get(1).get("limit").toString()).isEqualTo("8000");
        assertThat(closed.at("/customerProfile/totalSales").toString()).isEqualTo("100.00");

        JsonNode cancelled = engine.session(session, "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(effects(cancelled)).containsExactly("rollbackDiscount 20", "rollbackCoupon " + spring);
        budgets = engine.campaign(2, id).get("budgets");
        assertThat(budgets.get(0).get("counter").decimalValue()).isEqualByComparingTo("0");
        assertThat(budgets.get(1).get("counter").decimalValue()).isEqualByComparingTo("1");

        // Both coupons are usable again: the redeemed one, and the one the cancelled session created.
        for (String code : new String[]{spring, summer}) {
            JsonNode again = engine.session("seed000-again-" + code, """
                    {"customerSession": {"profileId": "ExampleUser", "couponCodes": ["%s"], "state": "open", %s}}"""
                    .formatted(code, SHOES_AND_SHIRT));
            assertThat(effects(again)).contains("acceptCoupon " + code, "setDiscount 20");
        }
    }

    @Test
    void seed001PerItemDiscountsAndTheRollbackOfOneReturnedUnit() {
        long id = nextId();
        engine.campaign(2, id, json("""
                name: 10%% off shoes %d
                appliesTo: {categories: [shoes-%d]}
                rules:
                  - title: 10%% off per item
                    effects:
                      - {type: setDiscountPerItem, name: "10%% off per item#1", items: "item.category == 'shoes-%d'", value: "item.price * 0.1"}
                """.formatted(id, id, id)));
        String session = "seed001-" + id;
        JsonNode closed = engine.session(session, """
                {"customerSession": {"state": "closed", "cartItems": [
                  {"name": "tshirt", "sku": "SKU3435", "quantity": 1, "price": 20, "category": "tshirts"},
                  {"name": "shoes1", "sku": "SKU1234", "quantity": 2, "price": 100, "category": "shoes-%d"}]}}""".formatted(id));
        assertThat(closed.get("effects")).hasSize(2);
        for (int sub = 0; sub < 2; sub++) {
            JsonNode e = closed.get("effects").get(sub);
            assertThat(e.get("effectType").asText()).isEqualTo("setDiscountPerItem");
            assertThat(e.at("/props/value").decimalValue()).isEqualByComparingTo("10.00");
            assertThat(e.at("/props/position").asInt()).isEqualTo(1);
            assertThat(e.at("/props/subPosition").asInt()).isEqualTo(sub);
        }
        JsonNode returned = engine.returns(session, """
                {"return": {"returnedCartItems": [{"position": 1, "quantity": 1}]}, "responseContent": ["customerSession"]}""");
        assertThat(returned.get("effects")).singleElement().satisfies(e -> {
            assertThat(e.get("effectType").asText()).isEqualTo("rollbackDiscount");
            assertThat(e.at("/props/name").asText()).isEqualTo("10% off per item#1");
            assertThat(e.at("/props/value").decimalValue()).isEqualByComparingTo("10.00");
            assertThat(e.at("/props/cartItemPosition").asInt()).isEqualTo(1);
            assertThat(e.at("/props/cartItemSubPosition").asInt()).isEqualTo(0);
        });
        assertThat(returned.at("/customerSession/state").asText()).isEqualTo("partially_returned");
        assertThat(returned.at("/customerSession/cartItems/1/returnedQuantity").asInt()).isEqualTo(1);
        assertThat(returned.at("/customerSession/cartItems/1/remainingQuantity").asInt()).isEqualTo(1);

        JsonNode cancelled = engine.session(session, "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(cancelled.get("effects")).singleElement().satisfies(e -> {
            assertThat(e.at("/props/value").decimalValue()).isEqualByComparingTo("10.00");
            assertThat(e.at("/props/cartItemSubPosition").asInt()).isEqualTo(1);
        });
    }

    @Test
    void seed001ProRataDiscountOf30Over20And40And60Is5And10And15() {
        long id = nextId();
        engine.campaign(2, id, json("""
                name: pro rata %d
                appliesTo: {skus: [PR-%d]}
                rules:
                  - title: 25 pro rata
                    effects: [{type: setDiscountPerItemProRata, name: 25 pro rata, total: "30.0"}]
                """.formatted(id, id)));
        JsonNode open = engine.session("prorata-" + id, """
                {"customerSession": {"cartItems": [
                  {"name": "tshirt", "sku": "PR-%d", "quantity": 1, "price": 20},
                  {"name": "Shoes1", "sku": "SKU1234", "quantity": 1, "price": 40},
                  {"name": "Shoes2", "sku": "SKU0123", "quantity": 1, "price": 60}]}}""".formatted(id));
        assertThat(effects(open)).containsExactly("setDiscountPerItem 5", "setDiscountPerItem 10", "setDiscountPerItem 15");
        assertThat(open.at("/effects/2/props/totalDiscount").decimalValue()).isEqualByComparingTo("30");
        assertThat(open.at("/effects/2/props/position").asInt()).isEqualTo(2);
    }

    @Test
    void aSessionLevelDiscountIsAllocatedToUnitsAtCloseAndAReturnTakesBackTheReturnedUnitsShare() {
        long id = nextId();
        engine.campaign(2, id, json("""
                name: ten off %d
                appliesTo: {skus: [TEN-%d]}
                limits: [{action: setDiscount, limit: 1000}]
                rules:
                  - title: ten off
                    effects: [{type: setDiscount, name: ten off, value: "10.0"}]
                """.formatted(id, id)));
        String session = "alloc-" + id;
        // 10.00 over three units of 10.00: 3.34 to the first (equal remainders go to the earlier unit), 3.33 to the others.
        engine.session(session, """
                {"customerSession": {"state": "closed", "cartItems": [
                  {"sku": "TEN-%d", "quantity": 2, "price": 10}, {"sku": "OTHER", "quantity": 1, "price": 10}]}}""".formatted(id));
        JsonNode first = engine.returns(session, "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}");
        assertThat(effects(first)).containsExactly("rollbackDiscount 3.34");
        assertThat(first.at("/effects/0/props/scope").asText()).isEqualTo("sessionTotal");
        JsonNode second = engine.returns(session, "{\"return\": {\"returnedCartItems\": [{\"position\": 1}]}}");
        assertThat(effects(second)).containsExactly("rollbackDiscount 3.33");
        assertThat(engine.campaign(2, id).at("/budgets/0/counter").decimalValue()).isEqualByComparingTo("3.33");
        JsonNode cancelled = engine.session(session, "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(effects(cancelled)).containsExactly("rollbackDiscount 3.33");
        assertThat(cancelled.at("/effects/0/props/scope").asText()).isEqualTo("sessionTotal"); // as on a return
        assertThat(engine.campaign(2, id).at("/budgets/0/counter").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void anEmptyCouponListDiscardsTheCouponsAndAnAbsentOneKeepsThem() {
        long id = nextId();
        String code = "KEEP-" + id;
        engine.campaign(2, id, json("""
                name: keep %d
                couponRequired: true
                coupons: [%s]
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id, code)));
        String session = "coupons-" + id;
        engine.session(session, "{\"customerSession\": {\"couponCodes\": [\"" + code + "\"], \"cartItems\": [{\"sku\": \"A\", \"quantity\": 1, \"price\": 50}]}}");
        JsonNode kept = engine.session(session, "{\"customerSession\": {\"cartItems\": [{\"sku\": \"A\", \"quantity\": 2, \"price\": 50}]}, \"responseContent\": [\"customerSession\"]}");
        assertThat(effects(kept)).contains("acceptCoupon " + code, "setDiscount 5");
        assertThat(kept.at("/customerSession/couponCodes/0").asText()).isEqualTo(code);
        JsonNode discarded = engine.session(session, "{\"customerSession\": {\"couponCodes\": []}, \"responseContent\": [\"customerSession\"]}");
        assertThat(effects(discarded)).isEmpty();
        assertThat(discarded.at("/customerSession/couponCodes")).isEmpty();
    }

    @Test
    void couponsAreRejectedWithTheirReason() {
        long id = nextId();
        String code = "ONCE-" + id;
        engine.campaign(2, id, json("""
                name: once %d
                couponRequired: true
                couponSettings: {usageLimit: 1}
                coupons: [%s]
                rules:
                  - title: big carts only
                    condition: "session.total > 100.0"
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id, code)));
        JsonNode small = engine.session("reject-" + id + "-a", "{\"customerSession\": {\"couponCodes\": [\"" + code + "\", \"NO-SUCH-" + id + "\"], \"cartItems\": [{\"sku\": \"A\", \"quantity\": 1, \"price\": 50}]}}");
        assertThat(small.get("effects")).extracting(e -> e.at("/props/value").asText() + " " + e.at("/props/rejectionReason").asText()
                        + " " + e.get("campaignId").asLong())
                .containsExactlyInAnyOrder("NO-SUCH-" + id + " CouponNotFound -1", code + " CouponRejectedByCondition " + id);
        engine.session("reject-" + id + "-b", "{\"customerSession\": {\"state\": \"closed\", \"couponCodes\": [\"" + code + "\"], \"cartItems\": [{\"sku\": \"A\", \"quantity\": 1, \"price\": 150}]}}");
        JsonNode used = engine.session("reject-" + id + "-c", "{\"customerSession\": {\"couponCodes\": [\"" + code + "\"], \"cartItems\": [{\"sku\": \"A\", \"quantity\": 1, \"price\": 150}]}}");
        assertThat(used.at("/effects/0/props/rejectionReason").asText()).isEqualTo("CouponLimitReached");

        engine.campaign(2, id, json("""
                name: once %d
                state: disabled
                couponRequired: true
                coupons: [%s]
                rules:
                  - title: big carts only
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id, code)));
        JsonNode disabled = engine.session("reject-" + id + "-d", "{\"customerSession\": {\"couponCodes\": [\"" + code + "\"], \"cartItems\": [{\"sku\": \"A\", \"quantity\": 1, \"price\": 150}]}}");
        assertThat(disabled.at("/effects/0/props/rejectionReason").asText()).isEqualTo("CouponPartOfNotRunningCampaign");
    }

    @Test
    void eachRequestIsTheBuiltInEventTalonOneNamesAndItsEventCarriesItsEffects() {
        long id = nextId();
        String sku = "EVT-" + id;
        engine.campaign(2, id, json("""
                name: events %d
                appliesTo: {skus: [%s]}
                rules: [{title: one off, effects: [{type: setDiscount, name: one off, value: "1.0"}]}]
                """.formatted(id, sku)));
        String cart = "\"cartItems\": [{\"sku\": \"" + sku + "\", \"quantity\": 2, \"price\": 5}]";
        java.util.function.BiFunction<String, String, JsonNode> put = (session, fields) -> engine.session("evt-" + id + "-" + session,
                "{\"customerSession\": {" + fields + "}, \"responseContent\": [\"event\"]}");
        JsonNode created = put.apply("a", "\"profileId\": \"evt-" + id + "\", \"storeIntegrationId\": \"s-" + id + "\", " + cart);
        JsonNode event = created.get("event");
        assertThat(event.get("type").asText()).isEqualTo("talon_session_created");
        assertThat(event.get("sessionId").asText()).isEqualTo("evt-" + id + "-a");
        assertThat(event.get("profileId").asText()).isEqualTo("evt-" + id);
        assertThat(event.get("storeIntegrationId").asText()).isEqualTo("s-" + id);
        assertThat(event.get("applicationId").asLong()).isEqualTo(2);
        assertThat(event.at("/effects/0/effectType").asText()).isEqualTo("setDiscount");
        assertThat(event.at("/effects/0/props/value").decimalValue()).isEqualByComparingTo("1.00");
        JsonNode updated = put.apply("a", cart).get("event");
        assertThat(updated.get("type").asText()).isEqualTo("talon_session_updated");
        assertThat(updated.get("id").asLong()).isGreaterThan(event.get("id").asLong());
        assertThat(put.apply("a", "\"state\": \"closed\"").at("/event/type").asText()).isEqualTo("talon_session_closed");
        JsonNode returned = engine.post("/v2/customer_sessions/evt-" + id + "-a/returns", EngineClient.APP,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}, \"responseContent\": [\"event\"]}").json();
        assertThat(returned.at("/event/type").asText()).isEqualTo("talon_session_partially_returned");
        assertThat(returned.at("/event/effects/0/effectType").asText()).isEqualTo("rollbackDiscount");
        assertThat(put.apply("a", "\"state\": \"cancelled\"").at("/event/type").asText()).isEqualTo("talon_session_revoked");
        put.apply("b", cart);
        assertThat(put.apply("b", "\"state\": \"cancelled\"").at("/event/type").asText()).isEqualTo("talon_session_cancelled");
        JsonNode dry = engine.put("/v2/customer_sessions/evt-" + id + "-c?dry=true", EngineClient.APP,
                "{\"customerSession\": {" + cart + "}, \"responseContent\": [\"event\"]}").json();
        assertThat(dry.at("/event/id").asLong()).isZero(); // it happened nowhere
        assertThat(dry.at("/event/type").asText()).isEqualTo("talon_session_created");
    }

    @Test
    void aDryRunEvaluatesButPersistsNothing() {
        long id = nextId();
        engine.campaign(2, id, json("""
                name: dry %d
                appliesTo: {skus: [DRY-%d]}
                limits: [{action: setDiscount, limit: 100}]
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id, id)));
        GatewayClient.Reply dry = engine.put("/v2/customer_sessions/dry-" + id + "?dry=true", EngineClient.APP,
                "{\"customerSession\": {\"state\": \"closed\", \"cartItems\": [{\"sku\": \"DRY-" + id + "\", \"quantity\": 1, \"price\": 50}]}}");
        assertThat(dry.status()).isEqualTo(200);
        assertThat(effects(dry.json())).containsExactly("setDiscount 5");
        assertThat(engine.get("/v2/customer_sessions/dry-" + id, EngineClient.APP).status()).isEqualTo(404);
        assertThat(engine.campaign(2, id).at("/budgets/0/counter").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void transitionsTheStateMachineForbidsAre409AndUnknownSessions404() {
        String session = "states-" + nextId();
        String cart = "\"cartItems\": [{\"sku\": \"A\", \"quantity\": 1, \"price\": 5}]";
        assertThat(engine.put("/v2/customer_sessions/" + session, EngineClient.APP, "{\"customerSession\": {\"state\": \"cancelled\"}}").status()).isEqualTo(409);
        engine.session(session, "{\"customerSession\": {\"state\": \"closed\", " + cart + "}}");
        GatewayClient.Reply closedAgain = engine.put("/v2/customer_sessions/" + session, EngineClient.APP, "{\"customerSession\": {\"state\": \"open\"}}");
        assertThat(closedAgain.status()).isEqualTo(409);
        assertThat(closedAgain.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerSession/state");
        // as curl -X PUT sends it: no body, no Content-Length, no Content-Type
        HttpRequest reopen = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v2/customer_sessions/" + session + "/reopen"))
                .header("Authorization", EngineClient.APP).PUT(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(client.execute(reopen).status()).isEqualTo(200);
        assertThat(engine.get("/v2/customer_sessions/" + session, EngineClient.APP).json().at("/customerSession/state").asText()).isEqualTo("open");
        engine.session(session, "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(engine.put("/v2/customer_sessions/" + session + "/reopen", EngineClient.APP, "").status()).isEqualTo(409);
        assertThat(engine.post("/v2/customer_sessions/" + session + "/returns", EngineClient.APP,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0}]}}").status()).isEqualTo(409);
        assertThat(engine.get("/v2/customer_sessions/never-" + session, EngineClient.APP).status()).isEqualTo(404);
        assertThat(engine.post("/v2/customer_sessions/never-" + session + "/returns", EngineClient.APP,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0}]}}").status()).isEqualTo(404);
        assertThat(engine.put("/v2/customer_sessions/never-" + session + "/reopen", EngineClient.APP, "").status()).isEqualTo(404);
    }

    @Test
    void malformedRequestsAre400WithAPointerAndBadKeys401() {
        GatewayClient.Reply quantity = engine.put("/v2/customer_sessions/bad-" + nextId(), EngineClient.APP,
                "{\"customerSession\": {\"cartItems\": [{\"sku\": \"A\", \"quantity\": 1}, {\"sku\": \"B\", \"quantity\": 0}]}}");
        assertThat(quantity.status()).isEqualTo(400);
        assertThat(quantity.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerSession/cartItems/1/quantity");
        GatewayClient.Reply many = engine.put("/v2/customer_sessions/bad-" + nextId(), EngineClient.APP,
                "{\"customerSession\": {\"cartItems\": [{\"sku\": \"A\", \"quantity\": 10001}]}}");
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerSession/cartItems");
        GatewayClient.Reply state = engine.put("/v2/customer_sessions/bad-" + nextId(), EngineClient.APP,
                "{\"customerSession\": {\"state\": \"partially_returned\"}}");
        assertThat(state.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerSession/state");
        GatewayClient.Reply wide = engine.post("/v2/customer_sessions/x/returns", EngineClient.APP,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 4294967297}]}}"); // issue 16, finding 4
        assertThat(wide.status()).isEqualTo(400);
        assertThat(wide.json().at("/errors/0/source/pointer").asText()).isEqualTo("/return/returnedCartItems/0/quantity");
        GatewayClient.Reply position = engine.post("/v2/customer_sessions/x/returns", EngineClient.APP, "{\"return\": {}}");
        assertThat(position.json().at("/errors/0/source/pointer").asText()).isEqualTo("/return/returnedCartItems");
        assertThat(engine.put("/v2/customer_sessions/x", "ApiKey-v1 wrong", "{}").status()).isEqualTo(401);
        assertThat(engine.get("/v1/applications/2/campaigns/1", "ManagementKey-v1 wrong").status()).isEqualTo(401);
    }

    @Test
    void previousReturnsListTheReturnsBeforeThisRequestAsTheyWereAskedFor() {
        String session = "/v2/customer_sessions/returns-" + nextId();
        engine.put(session, EngineClient.APP, """
                {"customerSession": {"profileId": "returner", "state": "closed",
                 "cartItems": [{"sku": "R-A", "quantity": 3, "price": 10}, {"sku": "R-B", "quantity": 1, "price": 4}]}}""");
        JsonNode first = engine.post(session + "/returns", EngineClient.APP, """
                {"return": {"returnedCartItems": [{"position": 0, "quantity": 2}]}, "responseContent": ["previousReturns"]}""").json();
        assertThat(first.get("previousReturns")).isEmpty(); // this request's own return is not a previous one
        JsonNode second = engine.post(session + "/returns", EngineClient.APP, """
                {"return": {"returnedCartItems": [{"position": 1}]}, "responseContent": ["previousReturns"]}""").json();
        assertThat(second.get("previousReturns")).hasSize(1);
        JsonNode earlier = second.at("/previousReturns/0");
        assertThat(earlier.at("/returnedCartItems/0/position").asInt()).isEqualTo(0);
        assertThat(earlier.at("/returnedCartItems/0/quantity").asInt()).isEqualTo(2);
        assertThat(earlier.get("sessionIntegrationId").asText()).startsWith("returns-");
        assertThat(earlier.get("profileIntegrationId").asText()).isEqualTo("returner");
        JsonNode third = engine.post(session + "/returns", EngineClient.APP, """
                {"return": {"returnedCartItems": [{"position": 0}]}, "responseContent": ["previousReturns"]}""").json();
        // a quantity left out is recorded as it resolved: the unit that was left of line 1
        assertThat(third.get("previousReturns")).hasSize(2);
        assertThat(third.at("/previousReturns/1/returnedCartItems/0/quantity").asInt()).isEqualTo(1);
        assertThat(third.at("/previousReturns/1/returnedCartItems/0/position").asInt()).isEqualTo(1);
    }

    @Test
    void aDryRunEvaluatesTheCampaignsItNamesOnlyDisabledOnesTooAndChangesNothing() {
        long live = nextId();
        long draft = nextId();
        String sku = "EVAL-" + live;
        engine.campaign(2, live, json("name: live %d\nappliesTo: {skus: [%s]}\nrules: [{title: live, effects: [{type: setDiscount, name: live, value: \"1.0\"}]}]"
                .formatted(live, sku)));
        engine.campaign(2, draft, json("name: draft %d\nstate: disabled\nappliesTo: {skus: [%s]}\nrules: [{title: draft, effects: [{type: setDiscount, name: draft, value: \"2.0\"}]}]"
                .formatted(draft, sku)));
        String session = "/v2/customer_sessions/eval-" + live;
        String body = "{\"customerSession\": {\"state\": \"closed\", \"evaluableCampaignIds\": [" + draft + "], "
                + "\"cartItems\": [{\"sku\": \"" + sku + "\", \"quantity\": 1, \"price\": 10}]}}";
        JsonNode dry = engine.put(session + "?dry=true", EngineClient.APP, body).json();
        assertThat(dry.get("effects")).hasSize(1);
        assertThat(dry.at("/effects/0/campaignId").asLong()).isEqualTo(draft); // the disabled draft, not the live one
        assertThat(dry.at("/effects/0/props/value").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(engine.get(session, EngineClient.APP).status()).isEqualTo(404); // a dry run keeps nothing
        GatewayClient.Reply unknown = engine.put(session + "?dry=true", EngineClient.APP, body.replace("[" + draft + "]", "[999999999]"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0/details").asText()).contains("campaign 999999999 does not exist");
        GatewayClient.Reply bare = engine.put(session + "?dry", EngineClient.APP, body); // not false by default: refused
        assertThat(bare.status()).isEqualTo(400);
        assertThat(bare.json().at("/errors/0/source/parameter").asText()).isEqualTo("dry");
        GatewayClient.Reply wet = engine.put(session, EngineClient.APP, body);
        assertThat(wet.status()).isEqualTo(400);
        assertThat(wet.json().at("/errors/0/details").asText()).contains("dry=true only");
    }

    @Test
    void fieldsNotBuiltYetAreRefusedNamingThemUnlessEmptyAndUnknownFieldsAreRefused() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"customerSession\": {\"referralCode\": 7}}", "/customerSession/referralCode"); // honoured, checked
        refused.put("{\"customerSession\": {\"loyaltyCards\": [7]}}", "/customerSession/loyaltyCards/0"); // honoured, checked
        refused.put("{\"customerSession\": {\"identifiers\": [7]}}", "/customerSession/identifiers/0"); // honoured, checked
        refused.put("{\"customerSession\": {\"additionalCosts\": {\"nothing\": {\"price\": 5}}}}",
                "/customerSession/additionalCosts/nothing"); // honoured, checked
        refused.put("{\"customerSession\": {\"evaluableCampaignIds\": [7]}}", "/customerSession/evaluableCampaignIds");
        refused.put("{\"customerSession\": {\"cartItems\": [{\"sku\": \"A\", \"quantity\": 1, \"weight\": 2.5}]}}",
                "/customerSession/cartItems/0/weight");
        refused.put("{\"customerSession\": {\"profileid\": \"ann\"}}", "/customerSession/profileid"); // a misspelt field
        refused.put("{\"customerSession\": {}, \"dry\": true}", "/dry");
        refused.put("{\"customerSession\": {}, \"responseContent\": [\"customerSession\", \"campaignEligibility\"]}", "/responseContent/1");
        refused.put("{\"customerSession\": {}, \"responseContent\": [\"events\"]}", "/responseContent/0");
        refused.forEach((body, pointer) -> {
            GatewayClient.Reply reply = engine.put("/v2/customer_sessions/fields-" + nextId(), EngineClient.APP, body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().at("/errors/0/source/pointer").asText()).as(body).isEqualTo(pointer);
        });
        GatewayClient.Reply returned = engine.post("/v2/customer_sessions/x/returns", EngineClient.APP,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"reason\": \"broken\"}]}}");
        assertThat(returned.json().at("/errors/0/source/pointer").asText()).isEqualTo("/return/returnedCartItems/0/reason");

        // empty, as a generated client sends what it does not use, and the engine's own read-only fields sent back: taken
        JsonNode taken = engine.session("fields-" + nextId(), """
                {"customerSession": {"profileId": "ann", "storeIntegrationId": "", "referralCode": null, "loyaltyCards": [],
                 "identifiers": [], "additionalCosts": {}, "evaluableCampaignIds": [],
                 "cartItems": [{"sku": "A", "quantity": 2, "price": 3.5, "position": 0, "returnedQuantity": 0,
                                "remainingQuantity": 2, "weight": null, "prices": {}}]},
                 "responseContent": ["customerSession"]}""");
        assertThat(taken.at("/customerSession/cartItems/0/quantity").asInt()).isEqualTo(2);
        assertThat(taken.at("/customerSession/profileId").asText()).isEqualTo("ann");
    }

    @Test
    void aNullInsideTheAttributesIsAnAbsentValueNotARuleError() {
        long id = nextId();
        engine.campaign(2, id, json("""
                name: nulls %d
                appliesTo: {skus: [NULL-%d]}
                rules:
                  - title: reads attributes
                    condition: "!has(session.attributes.x.y) && size(session.attributes.z) == 0"
                    effects: [{type: setDiscount, name: nulls, value: "1.0"}]
                """.formatted(id, id)));
        JsonNode closed = engine.session("nulls-" + id, """
                {"customerSession": {"state": "closed", "attributes": {"x": {"y": null}, "z": [null]},
                 "cartItems": [{"sku": "NULL-%d", "quantity": 1, "price": 5}]}}""".formatted(id));
        assertThat(EngineClient.effects(closed)).containsExactly("setDiscount 1");
    }

    @Test
    void aCampaignWhoseCelDoesNotCompileIsRefusedNamingTheRuleAndField() {
        GatewayClient.Reply reply = engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: broken
                rules:
                  - title: ok
                    effects: [{type: setDiscount, name: ok, value: "1.0"}]
                  - title: typo
                    condition: "session.totl > 1.0"
                    effects: [{type: setDiscount, name: double times int, value: "session.total * 2"}]
                """));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors")).extracting(e -> e.at("/source/pointer").asText())
                .containsExactly("/rules/1/condition", "/rules/1/effects/0/value");
        assertThat(reply.json().at("/errors/0/details").asText()).contains("undefined field 'totl'");
    }
}
