package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Additional costs through the APIs: the account's costs kept with the management key, a session's shipping in its
 * totals, free shipping over 50 given and given back on a return of everything and on a cancel; what is refused.
 */
class AdditionalCostsTest extends GatewayTest {
    EngineClient engine;
    long id;
    String sku;
    String shipping;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "COST-" + id;
        shipping = "shipping" + id;
    }

    private long cost(String name, String type, long... applications) {
        StringBuilder ids = new StringBuilder();
        for (long a : applications) {
            ids.append(ids.isEmpty() ? "" : ", ").append(a);
        }
        GatewayClient.Reply made = engine.post("/v1/additional_costs", EngineClient.MANAGEMENT, """
                {"name": "%s", "title": "Title %s", "description": "", "type": "%s", "subscribedApplicationsIds": [%s]}"""
                .formatted(name, name, type, ids));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private String sale(String state, String costs) {
        return """
                {"customerSession": {"profileId": "cost-%d", "state": "%s", "additionalCosts": %s,
                  "cartItems": [{"sku": "%s", "quantity": 2, "price": 30}]},
                 "responseContent": ["customerSession", "ruleFailureReasons"]}""".formatted(id, state, costs, sku);
    }

    @Test
    void freeShippingOverFiftyIsInTheTotalsAndGoesBackWithTheWholeSale() {
        long costId = cost(shipping, "session", 2);
        engine.campaign(2, id, json("""
                name: free shipping %d
                appliesTo: {skus: [%s]}
                limits: [{action: setDiscount, limit: 100}]
                rules:
                  - title: free shipping over 50
                    condition: "session.cartItemTotal >= 50.0"
                    effects: [{type: setDiscountPerAdditionalCost, name: free shipping, additionalCost: %s,
                               value: "session.additionalCosts['%s']"}]
                """.formatted(id, sku, shipping, shipping)));

        JsonNode closed = engine.session("cost-" + id + "-a", sale("closed", "{\"" + shipping + "\": {\"price\": 4.99}}"));
        assertThat(EngineClient.effects(closed)).containsExactly("setDiscountPerAdditionalCost 4.99");
        assertThat(closed.at("/effects/0/props/additionalCostId").asLong()).isEqualTo(costId);
        assertThat(closed.at("/effects/0/props/additionalCost").asText()).isEqualTo(shipping);
        assertThat(closed.at("/customerSession/total").decimalValue()).isEqualByComparingTo("64.99");
        assertThat(closed.at("/customerSession/cartItemTotal").decimalValue()).isEqualByComparingTo("60.00");
        assertThat(closed.at("/customerSession/additionalCostTotal").decimalValue()).isEqualByComparingTo("4.99");
        assertThat(closed.at("/customerSession/additionalCosts/" + shipping + "/price").decimalValue()).isEqualByComparingTo("4.99");
        assertThat(counter()).isEqualByComparingTo("4.99");

        // one unit back: shipping stays discounted; the other too, everything back: the discount goes back
        assertThat(EngineClient.effects(engine.returns("cost-" + id + "-a",
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}"))).isEmpty();
        JsonNode all = engine.returns("cost-" + id + "-a", "{\"return\": {\"returnedCartItems\": [{\"position\": 0}]}}");
        assertThat(EngineClient.effects(all)).containsExactly("rollbackDiscount 4.99");
        assertThat(all.at("/effects/0/props/additionalCost").asText()).isEqualTo(shipping);
        assertThat(all.at("/effects/0/props/additionalCostId").asLong()).isEqualTo(costId);
        assertThat(all.at("/effects/0/props/scope").asText()).isEqualTo("additionalCosts");
        assertThat(counter()).isEqualByComparingTo("0");

        // a cancel gives it back too; an open session keeps its costs until {} clears them
        engine.session("cost-" + id + "-b", sale("open", "{\"" + shipping + "\": {\"price\": 7}}"));
        assertThat(EngineClient.effects(engine.session("cost-" + id + "-b", sale("closed", "null"))))
                .containsExactly("setDiscountPerAdditionalCost 7");
        assertThat(EngineClient.effects(engine.session("cost-" + id + "-b", "{\"customerSession\": {\"state\": \"cancelled\"}}")))
                .containsExactly("rollbackDiscount 7");
        JsonNode cleared = engine.session("cost-" + id + "-c", sale("open", "{}"));
        assertThat(cleared.at("/customerSession/additionalCosts").isMissingNode()).isTrue();
        assertThat(cleared.at("/customerSession/total").decimalValue()).isEqualByComparingTo("60.00");
        java.util.List<String> failures = new java.util.ArrayList<>(); // this campaign's: others of the application may fail too
        cleared.get("ruleFailureReasons").forEach(f -> {
            if (f.get("campaignID").asLong() == id) {
                failures.add(f.get("details").asText());
            }
        });
        assertThat(failures).containsExactly("the session has no additional cost '" + shipping + "'");
    }

    @Test
    void freeGiftWrapOnEachUnitGoesBackUnitByUnit() {
        String wrap = "wrap" + id;
        long wrapId = cost(wrap, "item", 2);
        engine.campaign(2, id, json("""
                name: free wrapping %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: wrapped for free
                    effects: [{type: setDiscountPerAdditionalCostPerItem, name: free wrap, additionalCost: %s,
                               value: "item.additionalCosts['%s']"}]
                """.formatted(id, sku, wrap, wrap)));
        JsonNode closed = engine.session("cost-" + id + "-w", """
                {"customerSession": {"profileId": "cost-%d", "state": "closed",
                  "cartItems": [{"sku": "%s", "quantity": 2, "price": 30, "additionalCosts": {"%s": {"price": 2.5}}}]},
                 "responseContent": ["customerSession"]}""".formatted(id, sku, wrap));
        assertThat(EngineClient.effects(closed)).containsExactly("setDiscountPerAdditionalCostPerItem 2.5",
                "setDiscountPerAdditionalCostPerItem 2.5");
        assertThat(closed.at("/effects/1/props/subPosition").asInt()).isEqualTo(1);
        assertThat(closed.at("/effects/1/props/additionalCostId").asLong()).isEqualTo(wrapId);
        assertThat(closed.at("/customerSession/cartItems/0/additionalCosts/" + wrap + "/price").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(closed.at("/customerSession/total").decimalValue()).isEqualByComparingTo("65.00");
        assertThat(closed.at("/customerSession/additionalCostTotal").decimalValue()).isEqualByComparingTo("5.00");

        JsonNode one = engine.returns("cost-" + id + "-w", "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}");
        assertThat(EngineClient.effects(one)).containsExactly("rollbackDiscount 2.5");
        assertThat(one.at("/effects/0/props/cartItemSubPosition").asInt()).isZero();
        assertThat(one.at("/effects/0/props/additionalCost").asText()).isEqualTo(wrap);
        JsonNode cancelled = engine.session("cost-" + id + "-w", "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(EngineClient.effects(cancelled)).containsExactly("rollbackDiscount 2.5");
        assertThat(cancelled.at("/effects/0/props/cartItemSubPosition").asInt()).isEqualTo(1);
    }

    private java.math.BigDecimal counter() {
        return engine.campaign(2, id).get("budgets").get(0).get("counter").decimalValue();
    }

    @Test
    void costsAreKeptAsTalonOneKeepsThemAndWhatIsNotACostOfTheSessionIsRefusedNamingIt() {
        long costId = cost(shipping, "session", 2);
        cost("wrap" + id, "session", 1);
        cost("perItem" + id, "item", 2);
        GatewayClient.Reply got = engine.get("/v1/additional_costs/" + costId, EngineClient.MANAGEMENT);
        assertThat(got.json().get("subscribedApplicationsIds").toString()).isEqualTo("[2]");
        assertThat(got.json().get("type").asText()).isEqualTo("session");
        GatewayClient.Reply changed = engine.put("/v1/additional_costs/" + costId, EngineClient.MANAGEMENT, """
                {"name": "%s", "title": "Shipping %d", "description": "by van", "type": "both", "subscribedApplicationsIds": [1, 2]}"""
                .formatted(shipping, id));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("description").asText()).isEqualTo("by van");
        JsonNode listed = engine.get("/v1/additional_costs?sort=-id&pageSize=3", EngineClient.MANAGEMENT).json();
        assertThat(listed.get("data")).hasSize(3);
        assertThat(listed.at("/data/2/id").asLong()).isEqualTo(costId);
        assertThat(listed.get("totalResultSize").asInt()).isGreaterThanOrEqualTo(3);

        refused(engine.post("/v1/additional_costs", EngineClient.MANAGEMENT,
                "{\"name\": \"" + shipping + "\", \"title\": \"other " + id + "\", \"description\": \"\"}"), 409, "/name");
        refused(engine.put("/v1/additional_costs/" + costId, EngineClient.MANAGEMENT,
                "{\"name\": \"renamed" + id + "\", \"title\": \"t\", \"description\": \"\"}"), 400, "/name");
        refused(engine.post("/v1/additional_costs", EngineClient.MANAGEMENT,
                "{\"name\": \"9lives\", \"title\": \"t" + id + "\", \"description\": \"\"}"), 400, "/name");
        refused(engine.post("/v1/additional_costs", EngineClient.MANAGEMENT,
                "{\"name\": \"ok" + id + "\", \"title\": \"t" + id + "\", \"description\": \"\", \"type\": \"hourly\"}"), 400, "/type");
        assertThat(engine.post("/v1/additional_costs", EngineClient.APP, "{}").status()).isEqualTo(401);

        String session = "/v2/customer_sessions/cost-" + id + "-x";
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"nope" + id + "\": {\"price\": 1}}")), 400,
                "/customerSession/additionalCosts/nope" + id);
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"wrap" + id + "\": {\"price\": 1}}")), 400,
                "/customerSession/additionalCosts/wrap" + id); // another application's
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"perItem" + id + "\": {\"price\": 1}}")), 400,
                "/customerSession/additionalCosts/perItem" + id);
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"" + shipping + "\": {\"price\": -1}}")), 400,
                "/customerSession/additionalCosts/" + shipping + "/price");
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"" + shipping + "\": {\"cost\": 1}}")), 400,
                "/customerSession/additionalCosts/" + shipping + "/cost");
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: nowhere
                rules: [{title: r, effects: [{type: setDiscountPerAdditionalCost, name: n, additionalCost: wrap%d, value: "1.0"}]}]"""
                .formatted(id))), 400, "/rules/0/effects/0/additionalCost");
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"" + shipping + "\": {\"price\": 1}, \"" + shipping + "\": {\"price\": 2}}")),
                400, "/"); // given twice: which one?
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"" + shipping + "\": {\"pr/ice~\": 1}}")), 400,
                "/customerSession/additionalCosts/" + shipping + "/pr~1ice~0");
        refused(engine.put(session, EngineClient.APP, sale("open", "{\"" + shipping + "\": {\"price\": 999999999999999}}")), 400,
                "/customerSession/additionalCosts"); // with the cart's 60.00, the total would reach 10^15
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= 20; i++) {
            many.append(i == 0 ? "{" : ",").append("\"c").append(i).append("\": {\"price\": 1}");
        }
        refused(engine.put(session, EngineClient.APP, sale("open", many + "}")), 400, "/customerSession/additionalCosts");

        // an application whose campaign discounts the cost cannot lose it
        engine.campaign(2, id, json("""
                name: shipping off %d
                appliesTo: {skus: [%s]}
                rules: [{title: r, effects: [{type: setDiscountPerAdditionalCost, name: n, additionalCost: %s, value: "1.0"}]}]"""
                .formatted(id, sku, shipping)));
        refused(engine.put("/v1/additional_costs/" + costId, EngineClient.MANAGEMENT, """
                {"name": "%s", "title": "Shipping %d", "description": "", "subscribedApplicationsIds": [1]}""".formatted(shipping, id)),
                409, "/subscribedApplicationsIds");
        refused(engine.put("/v1/additional_costs/" + costId, EngineClient.MANAGEMENT, """
                {"name": "%s", "title": "Shipping %d", "description": "", "type": "item", "subscribedApplicationsIds": [1, 2]}"""
                .formatted(shipping, id)), 409, "/type");
        String fee = "fee" + id;
        cost(fee, "session", 2);
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: per item
                appliesTo: {skus: [%s]}
                rules: [{title: r, effects: [{type: setDiscountPerAdditionalCostPerItem, name: n, additionalCost: %s, value: "1.0"}]}]"""
                .formatted(sku, fee))), 400, "/rules/0/effects/0/additionalCost"); // the session's, not the items'
        refused(engine.put(session, EngineClient.APP, """
                {"customerSession": {"cartItems": [{"sku": "%s", "quantity": 1, "price": 1, "additionalCosts": {"%s": {"price": 1}}}]}}"""
                .formatted(sku, fee)), 400, "/customerSession/cartItems/0/additionalCosts/" + fee);
    }

    private static void refused(GatewayClient.Reply reply, int status, String pointer) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().at("/errors/0/source/pointer").asText()).as(reply.body()).isEqualTo(pointer);
    }
}
