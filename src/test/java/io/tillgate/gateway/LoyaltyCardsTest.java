package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.transaction;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A card-based program: cards made in a batch, listed, linked to customers within the program's limit, blocked; points
 * earned on a card shown to a web shop's session or scanned at the till, read as the card's balance, ledger and points,
 * and taken back from it on a return.
 */
class LoyaltyCardsTest extends GatewayTest {
    static final String APP1 = "ApiKey-v1 demo-app-key";
    EngineClient engine;
    long id;
    String sku;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "CARD-" + id;
        GatewayClient.Reply program = engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("""
                name: cards-%d
                cardBased: true
                usersPerCardLimit: 1
                returnPolicy: unlimited
                cardCodeSettings: {validCharacters: [A, B, C, "1", "2", "3"], couponPattern: "C%d-######"}
                """.formatted(id, id)));
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        assertThat(program.json().get("cardBased").asBoolean()).isTrue();
        engine.campaign(1, id, json("""
                name: card points %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: a point per dollar
                    effects: [{type: addLoyaltyPoints, programId: %d, name: per dollar, value: "double(int(session.total))"}]
                """.formatted(id, sku, id)));
    }

    private List<String> batch(int count) {
        GatewayClient.Reply made = engine.post("/v1/loyalty_programs/" + id + "/cards/batch", EngineClient.MANAGEMENT,
                "{\"numberOfCards\": " + count + ", \"batchId\": \"b-" + id + "\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        assertThat(made.json().get("numberOfCardsGenerated").asInt()).isEqualTo(count);
        JsonNode list = engine.get("/v1/loyalty_programs/" + id + "/cards?batchId=b-" + id, EngineClient.MANAGEMENT).json();
        List<String> cards = new ArrayList<>();
        list.get("data").forEach(c -> cards.add(c.get("identifier").asText()));
        return cards;
    }

    private String base(String card) {
        return "/v1/loyalty_programs/" + id + "/cards/" + card;
    }

    @Test
    void pointsEarnedOnACardAtTheWebShopAndAtTheTillAreTheCardsAndAReturnTakesThemBack() {
        List<String> cards = batch(3);
        assertThat(cards).hasSize(3).allMatch(c -> c.matches("C" + id + "-[ABC123]{6}"));
        String card = cards.get(0);

        JsonNode web = engine.put("/v2/customer_sessions/card-web-" + id, APP1, """
                {"customerSession": {"state": "closed", "loyaltyCards": ["%s"],
                 "cartItems": [{"sku": "%s", "quantity": 2, "price": 10}]}, "responseContent": ["customerSession"]}"""
                .formatted(card, sku)).json();
        assertThat(EngineClient.effects(web)).containsExactly("addLoyaltyPoints 20");
        assertThat(web.at("/effects/0/props/cardIdentifier").asText()).isEqualTo(card);
        assertThat(web.at("/customerSession/loyaltyCards/0").asText()).isEqualTo(card);

        String txn = unique("T");
        ObjectNode sale = transaction(txn, "2026-03-01T10:00:00.000Z");
        line(sale, "1", sku, 1, "15.00");
        sale.putObject("custom_data").put("loyalty_card", card); // scanned at the till, no customer named
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), sale)).status()).isEqualTo(200);
        JsonNode closed = awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
        assertThat(closed.at("/effects/0/effectType").asText()).isEqualTo("addLoyaltyPoints");
        assertThat(closed.at("/effects/0/props/cardIdentifier").asText()).isEqualTo(card);

        JsonNode balance = engine.get(base(card) + "/balances", APP1).json();
        assertThat(balance.at("/balance/activePoints").decimalValue()).isEqualByComparingTo("35.00");
        JsonNode ledger = engine.get(base(card) + "/transactions", APP1).json();
        assertThat(ledger.get("data")).hasSize(2);
        assertThat(ledger.at("/data/1/cardIdentifier").asText()).isEqualTo(card);
        assertThat(ledger.at("/data/1/customerSessionId").asText()).isEqualTo("store-1:" + txn);
        assertThat(engine.get(base(card) + "/points", APP1).json().at("/data/0/amount").decimalValue()).isEqualByComparingTo("20.00");

        // one of the web session's two units back: its 10 points come off the card
        assertThat(engine.post("/v2/customer_sessions/card-web-" + id + "/returns", APP1,
                "{\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}").status()).isEqualTo(200);
        assertThat(engine.get(base(card) + "/balances", APP1).json().at("/balance/activePoints").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(engine.get(base(cards.get(1)) + "/balances", APP1).json().at("/balance/activePoints").decimalValue()).isEqualByComparingTo("0.00");
    }

    @Test
    void aCardIsLinkedWithinTheLimitAndABlockedCardEarnsNothing() {
        String card = batch(1).get(0);
        JsonNode linked = engine.post("/v2/loyalty_programs/" + id + "/cards/" + card + "/link_profile", APP1,
                "{\"integrationId\": \"holder-" + id + "\"}").json();
        assertThat(linked.at("/profiles/0/integrationId").asText()).isEqualTo("holder-" + id);
        assertThat(engine.post("/v2/loyalty_programs/" + id + "/cards/" + card + "/link_profile", APP1,
                "{\"integrationId\": \"holder-" + id + "\"}").status()).isEqualTo(200); // again: nothing changes
        GatewayClient.Reply second = engine.post("/v2/loyalty_programs/" + id + "/cards/" + card + "/link_profile", APP1,
                "{\"integrationId\": \"other-" + id + "\"}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().at("/errors/0/details").asText()).contains("usersPerCardLimit");
        assertThat(engine.get("/v1/loyalty_programs/" + id + "/cards/" + card + "/balances", APP1).json().at("/profiles/0/integrationId")
                .asText()).isEqualTo("holder-" + id);

        // a merged profile's id links the profile it went into
        String card2 = batch(1).stream().filter(c -> !c.equals(card)).findFirst().orElseThrow();
        engine.put("/v2/customer_profiles/gone-" + id, APP1, "{}");
        assertThat(engine.post("/v1/applications/1/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"gone-" + id + "\", \"into\": \"kept-" + id + "\"}").status()).isEqualTo(201);
        assertThat(engine.post("/v2/loyalty_programs/" + id + "/cards/" + card2 + "/link_profile", APP1,
                "{\"integrationId\": \"gone-" + id + "\"}").json().at("/profiles/0/integrationId").asText()).isEqualTo("kept-" + id);

        JsonNode blocked = engine.put(base(card), EngineClient.MANAGEMENT, "{\"status\": \"inactive\", \"blockReason\": \"lost\"}").json();
        assertThat(blocked.get("status").asText()).isEqualTo("inactive");
        assertThat(blocked.get("blockReason").asText()).isEqualTo("lost");
        JsonNode web = engine.put("/v2/customer_sessions/blocked-" + id, APP1, """
                {"customerSession": {"state": "closed", "loyaltyCards": ["%s"], "cartItems": [{"sku": "%s", "quantity": 1, "price": 10}]}}"""
                .formatted(card, sku)).json();
        assertThat(EngineClient.effects(web)).isEmpty();
        assertThat(engine.get(base(card), EngineClient.MANAGEMENT).json().at("/ledger/currentBalance").decimalValue())
                .isEqualByComparingTo("0.00");
    }

    @Test
    void aRollbackNamesTheCustomerAndTheCardAndTheAnswerShowsTheSessionsCard() {
        String card = batch(1).get(0);
        JsonNode closed = engine.put("/v2/customer_sessions/rb-" + id, APP1, """
                {"customerSession": {"profileId": "carol-%d", "state": "closed", "loyaltyCards": ["%s"],
                 "cartItems": [{"sku": "%s", "quantity": 1, "price": 5}]}, "responseContent": ["loyalty"]}"""
                .formatted(id, card, sku)).json();
        assertThat(closed.at("/loyalty/cards/0/identifier").asText()).isEqualTo(card);
        assertThat(closed.at("/loyalty/cards/0/ledger/currentBalance").decimalValue()).isEqualByComparingTo("5.00");
        JsonNode cancelled = engine.put("/v2/customer_sessions/rb-" + id, APP1, "{\"customerSession\": {\"state\": \"cancelled\"}}").json();
        assertThat(cancelled.at("/effects/0/effectType").asText()).isEqualTo("rollbackAddedLoyaltyPoints");
        assertThat(cancelled.at("/effects/0/props/recipientIntegrationId").asText()).isEqualTo("carol-" + id);
        assertThat(cancelled.at("/effects/0/props/cardIdentifier").asText()).isEqualTo(card);
    }

    @Test
    void aDeletedCardTakesItsPointsAndAProgramWithCardsStaysCardBased() {
        GatewayClient.Reply one = engine.post("/v1/loyalty_programs/" + id + "/cards/batch", EngineClient.MANAGEMENT,
                "{\"numberOfCards\": 1, \"cardCodeSettings\": {\"validCharacters\": [\"7\"], \"couponPattern\": \"ONE-######\"}}");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        engine.put("/v2/customer_sessions/del-" + id, APP1, """
                {"customerSession": {"state": "closed", "loyaltyCards": ["ONE-777777"], "cartItems": [{"sku": "%s", "quantity": 1, "price": 12}]}}"""
                .formatted(sku));
        assertThat(engine.delete(base("ONE-777777"), EngineClient.MANAGEMENT).status()).isEqualTo(204);
        assertThat(engine.post("/v1/loyalty_programs/" + id + "/cards/batch", EngineClient.MANAGEMENT,
                "{\"numberOfCards\": 1, \"cardCodeSettings\": {\"validCharacters\": [\"7\"], \"couponPattern\": \"ONE-######\"}}")
                .status()).isEqualTo(200);
        assertThat(engine.get(base("ONE-777777") + "/balances", APP1).json().at("/balance/activePoints").decimalValue())
                .isEqualByComparingTo("0.00"); // made again, afresh
        GatewayClient.Reply exhausted = engine.post("/v1/loyalty_programs/" + id + "/cards/batch", EngineClient.MANAGEMENT,
                "{\"numberOfCards\": 1, \"cardCodeSettings\": {\"validCharacters\": [\"7\"], \"couponPattern\": \"ONE-######\"}}");
        assertThat(exhausted.status()).isEqualTo(400);
        assertThat(exhausted.json().at("/errors/0/details").asText()).contains("too few free identifiers");

        GatewayClient.Reply profileBased = engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("name: cards-" + id));
        assertThat(profileBased.status()).isEqualTo(400);
        assertThat(profileBased.json().at("/errors/0/details").asText()).contains("cardBased cannot change");
    }

    @Test
    void whatIsNotACardsOrNotACardIsRefused() {
        assertThat(engine.post("/v1/loyalty_programs/" + id + "/cards/batch", EngineClient.MANAGEMENT, "{\"numberOfCards\": 0}")
                .json().at("/errors/0/source/pointer").asText()).isEqualTo("/numberOfCards");
        assertThat(engine.post("/v1/loyalty_programs/" + id + "/cards/batch", APP1, "{\"numberOfCards\": 1}").status()).isEqualTo(401);
        assertThat(engine.get(base("NOPE"), EngineClient.MANAGEMENT).status()).isEqualTo(404);
        assertThat(engine.get(base("NOPE") + "/balances", APP1).status()).isEqualTo(404);
        assertThat(engine.get("/v1/loyalty_programs/" + id + "/profile/someone/balances", APP1).status()).isEqualTo(404);
        assertThat(engine.get("/v1/loyalty_programs/1/cards", EngineClient.MANAGEMENT).status()).isEqualTo(404); // program 1 is profile-based
        GatewayClient.Reply tiered = engine.put("/v1/loyalty_programs/" + nextId(), EngineClient.MANAGEMENT,
                json("name: x\ncardBased: true\ntiers: [{name: a, minPoints: 1}]"));
        assertThat(tiered.status()).isEqualTo(400);
        assertThat(tiered.json().at("/errors/0/source/pointer").asText()).isEqualTo("/tiers");
        GatewayClient.Reply control = engine.put("/v2/customer_sessions/ctl-" + id, APP1,
                "{\"customerSession\": {\"loyaltyCards\": [\"a\\u0000b\"]}}");
        assertThat(control.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerSession/loyaltyCards/0");
        GatewayClient.Reply letters = engine.post("/v1/loyalty_programs/" + id + "/cards/batch", EngineClient.MANAGEMENT,
                "{\"numberOfCards\": 1, \"cardCodeSettings\": {\"validCharacters\": [1, 2], \"couponPattern\": \"X-######\"}}");
        assertThat(letters.json().at("/errors/0/source/pointer").asText()).isEqualTo("/cardCodeSettings/validCharacters/0");
        GatewayClient.Reply unknown = engine.post("/v1/loyalty_programs/" + id + "/cards/batch", EngineClient.MANAGEMENT,
                "{\"numberOfCards\": 1, \"cardCodeSettings\": {\"foo\": 1}}");
        assertThat(unknown.json().at("/errors/0/source/pointer").asText()).isEqualTo("/cardCodeSettings/foo");
        GatewayClient.Reply tooManyCards = engine.put("/v2/customer_sessions/many-" + id, APP1,
                "{\"customerSession\": {\"loyaltyCards\": [" + "\"x\",".repeat(20) + "\"y\"]}}");
        assertThat(tooManyCards.status()).isEqualTo(400);
        assertThat(tooManyCards.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerSession/loyaltyCards");
    }
}
