package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.oneItemSale;
import static io.tillgate.PosFixtures.transaction;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions know their store, and budgets count per store and per period ("two per store per day"): through
 * send_transaction, where the store is the till's {@code store_id} and the day the sale's own, in the application's
 * time zone; and through {@code /v2}'s {@code storeIntegrationId}, which CEL reads too.
 */
class StoreBudgetsTest extends GatewayTest {
    EngineClient engine;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
    }

    @Test
    void twoPerStorePerDayCountsEachStoresDaysApartAndAVoidCreditsTheDayItWasChargedTo() {
        long id = nextId();
        String sku = "store-budget-" + id;
        engine.campaign(1, id, json("""
                name: two per store per day %d
                appliesTo: {skus: [%s]}
                limits: [{action: setDiscountEffect, limit: 2, entities: [Store], period: daily}]
                rules:
                  - title: five off
                    effects: [{type: setDiscount, name: five off, value: "5.0"}]
                """.formatted(id, sku)));
        String a = "sa-" + id;
        String b = "sb-" + id;
        String first = unique("T");

        assertThat(sell(a, first, sku, "2025-10-01T10:00:00Z")).containsExactly("setDiscount 5.00");
        assertThat(sell(a, unique("T"), sku, "2025-10-01T11:00:00Z")).containsExactly("setDiscount 5.00");
        assertThat(sell(a, unique("T"), sku, "2025-10-01T12:00:00Z")).isEmpty(); // store a's two for the day are used
        String soldAtB = unique("T");
        assertThat(sell(b, soldAtB, sku, "2025-10-01T13:00:00Z")).containsExactly("setDiscount 5.00");
        assertThat(sell(a, unique("T"), sku, "2025-10-02T09:00:00Z")).containsExactly("setDiscount 5.00"); // a new day

        ObjectNode voided = sale(first, sku, "2025-10-03T08:00:00Z");
        voided.put("is_voided", true);
        assertThat(client.send(envelope(a, UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        awaitOutcomes(a, first, 2);

        JsonNode budget = engine.campaign(1, id).get("budgets").get(0);
        assertThat(budget.get("entity").asText()).isEqualTo("Store");
        assertThat(budget.get("period").asText()).isEqualTo("daily");
        List<String> counters = new ArrayList<>();
        budget.get("counters").forEach(c -> counters.add(c.get("key").asText() + " " + c.get("counter").asText()));
        assertThat(counters).containsExactly( // the void gave its day back its count: October 1st, not the 3rd
                "daily:2025-10-01@store:" + a + " 1", "daily:2025-10-01@store:" + b + " 1", "daily:2025-10-02@store:" + a + " 1");

        // every unit of store b's sale brought back on the 4th: a return, not a void, that gives the day its count back
        ObjectNode nothingKept = transaction(soldAtB, "2025-10-04T08:00:00Z");
        assertThat(client.send(envelope(b, UUID.randomUUID().toString(), nothingKept)).status()).isEqualTo(200);
        assertThat(awaitOutcomes(b, soldAtB, 2).at("/outcomes/1/operation").asText()).isEqualTo("RETURN");
        assertThat(engine.campaign(1, id).at("/budgets/0/counters/1/counter").asText()).isEqualTo("0");
        // the session knows its store
        JsonNode session = engine.get("/v2/customer_sessions/" + a + ":" + first, "ApiKey-v1 demo-app-key").json();
        assertThat(session.at("/customerSession/storeIntegrationId").asText()).isEqualTo(a);
    }

    @Test
    void aDayIsTheApplicationsDayAndTheStoreIsInCel() {
        long id = nextId();
        engine.campaign(2, id, json("""
                name: downtown only %d
                appliesTo: {skus: [dt-%d]}
                limits: [{action: setDiscountEffect, limit: 1, period: daily}]
                rules:
                  - title: downtown
                    condition: "session.storeIntegrationId == 'downtown'"
                    effects: [{type: setDiscount, name: downtown, value: "2.0"}]
                """.formatted(id, id)));
        String cart = "\"cartItems\": [{\"sku\": \"dt-" + id + "\", \"quantity\": 1, \"price\": 10}]";

        JsonNode elsewhere = engine.session("dt-a-" + id, "{\"customerSession\": {\"storeIntegrationId\": \"uptown\", "
                + cart + ", \"state\": \"closed\"}, \"responseContent\": [\"customerSession\"]}");
        assertThat(EngineClient.effects(elsewhere)).isEmpty();
        assertThat(elsewhere.at("/customerSession/storeIntegrationId").asText()).isEqualTo("uptown");
        JsonNode downtown = engine.session("dt-b-" + id, "{\"customerSession\": {\"storeIntegrationId\": \"downtown\", "
                + cart + ", \"state\": \"closed\"}}");
        assertThat(EngineClient.effects(downtown)).containsExactly("setDiscount 2");
        // the store is kept when an update leaves it out; the day's one is used
        engine.session("dt-c-" + id, "{\"customerSession\": {\"storeIntegrationId\": \"downtown\", " + cart + "}}");
        JsonNode second = engine.session("dt-c-" + id, "{\"customerSession\": {\"state\": \"closed\"}}");
        assertThat(EngineClient.effects(second)).isEmpty();
        // application 2 counts its days in New York (GatewayTest), and the day is the gateway clock's
        String today = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("America/New_York")).toString();
        JsonNode budget = engine.campaign(2, id).get("budgets").get(0);
        assertThat(budget.get("counters").get(0).get("key").asText()).isEqualTo("daily:" + today + "@");
    }

    @Test
    void periodsAndEntitiesNotBuiltAreRefusedNamingTheField() {
        GatewayClient.Reply hourly = engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: hourly
                limits: [{action: setDiscount, limit: 10, period: hourly}]
                rules: [{title: t, effects: [{type: setDiscount, name: n, value: "1.0"}]}]
                """));
        assertThat(hourly.status()).isEqualTo(400);
        assertThat(hourly.json().at("/errors/0/source/pointer").asText()).isEqualTo("/limits/0/period");
        GatewayClient.Reply referral = engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: per session
                limits: [{action: setDiscount, limit: 10, entities: [Session]}]
                rules: [{title: t, effects: [{type: setDiscount, name: n, value: "1.0"}]}]
                """));
        assertThat(referral.status()).isEqualTo(400);
        assertThat(referral.json().at("/errors/0/source/pointer").asText()).isEqualTo("/limits/0/entities/0");
        assertThat(referral.json().at("/errors/0/details").asText()).contains("not supported yet");
        GatewayClient.Reply twice = engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: counted twice
                limits: [{action: setDiscount, limit: 10, entities: [Store], period: daily},
                         {action: setDiscount, limit: 20, entities: [Store], period: daily}]
                rules: [{title: t, effects: [{type: setDiscount, name: n, value: "1.0"}]}]
                """));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().at("/errors/0/source/pointer").asText()).isEqualTo("/limits/1");
    }

    private List<String> sell(String store, String txn, String sku, String at) {
        assertThat(client.send(envelope(store, UUID.randomUUID().toString(), sale(txn, sku, at))).status()).isEqualTo(200);
        List<String> effects = new ArrayList<>();
        awaitOutcomes(store, txn, 1).at("/outcomes/0/effects")
                .forEach(e -> effects.add(e.get("effectType").asText() + " " + e.at("/props/value").asText()));
        return effects;
    }

    private static ObjectNode sale(String txn, String sku, String at) {
        return oneItemSale(txn, at, sku, "20.00", "customer-" + txn);
    }

    @Test
    void onePerDeviceCountsEachIdentifierOfTheSessionAndACancelGivesItBack() {
        long id = nextId();
        String sku = "device-budget-" + id;
        engine.campaign(2, id, json("""
                name: one per device %d
                appliesTo: {skus: [%s]}
                limits: [{action: setDiscountEffect, limit: 1, entities: [Identifier]}]
                rules:
                  - title: first order five off
                    condition: "session.identifiers.size() > 0"
                    effects: [{type: setDiscount, name: first order, value: "5.0"}]
                """.formatted(id, sku)));
        assertThat(discounts(id, "a", "ann", "[\"dev-1-%d\"]".formatted(id))).containsExactly("5.00");
        // a new account on the same device: the device's one is used
        assertThat(discounts(id, "b", "bob", "[\"dev-1-%d\", \"ip-2-%d\"]".formatted(id, id))).isEmpty();
        assertThat(discounts(id, "c", "cat", "[\"dev-3-%d\"]".formatted(id))).containsExactly("5.00");
        JsonNode shown = engine.get("/v2/customer_sessions/dev-" + id + "-c", EngineClient.APP).json();
        assertThat(shown.at("/customerSession/identifiers/0").asText()).isEqualTo("dev-3-" + id);
        // the first order cancelled: the device may have its one again
        engine.put("/v2/customer_sessions/dev-" + id + "-a", EngineClient.APP, "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(discounts(id, "d", "dan", "[\"dev-1-%d\"]".formatted(id))).containsExactly("5.00");
        JsonNode budget = engine.campaign(2, id).get("budgets").get(0);
        assertThat(budget.get("entity").asText()).isEqualTo("Identifier");
        GatewayClient.Reply tooMany = engine.put("/v2/customer_sessions/dev-" + id + "-e", EngineClient.APP,
                "{\"customerSession\": {\"identifiers\": [\"\"]}}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerSession/identifiers/0");
    }

    private List<String> discounts(long id, String suffix, String profile, String identifiers) {
        JsonNode closed = engine.put("/v2/customer_sessions/dev-" + id + "-" + suffix, EngineClient.APP, """
                {"customerSession": {"profileId": "%s-%d", "state": "closed", "identifiers": %s,
                 "cartItems": [{"sku": "device-budget-%d", "quantity": 1, "price": 20}]}}""".formatted(profile, id, identifiers, id)).json();
        List<String> values = new ArrayList<>();
        closed.get("effects").forEach(e -> values.add(e.at("/props/value").decimalValue().toPlainString()));
        return values;
    }
}
