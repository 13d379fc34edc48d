package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.oneItemSale;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiers through the till: purchases move a customer up (with the changeLoyaltyTierLevel effect), an economy rule reads
 * the tier in CEL ("1 point per dollar, 2 for gold"), and a refund moves them down as the program's policy says.
 */
class TiersApiTest extends GatewayTest {
    EngineClient engine;
    long id;
    String sku;
    String member;
    /** When the sales happen: a tier's expiry counts from the sale's time. */
    String soldAt = "2026-03-01T10:00:00.000Z";
    String voidedAt = "2026-03-02T10:00:00.000Z";

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "TIER-" + id;
        member = "tier-member-" + id;
    }

    private void program(String expiry) {
        GatewayClient.Reply saved = engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("""
                name: tiers-%d
                returnPolicy: unlimited
                tiers: [{name: silver, minPoints: 50}, {name: gold, minPoints: 100}]
                %s
                """.formatted(id, expiry)));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        // the economy rule: a point per dollar, two for gold
        engine.campaign(1, id, json("""
                name: economy %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: a point per dollar
                    condition: "profile.tiers[%d] != 'gold'"
                    effects: [{type: addLoyaltyPoints, programId: %d, name: per dollar, value: "double(int(session.total))"}]
                  - title: two for gold
                    condition: "profile.tiers[%d] == 'gold'"
                    effects: [{type: addLoyaltyPoints, programId: %d, name: gold per dollar, value: "2.0 * double(int(session.total))"}]
                """.formatted(id, sku, id, id, id, id)));
    }

    @Test
    void purchasesMoveACustomerUpGoldEarnsDoubleAndARefundMovesThemDown() {
        program("");
        assertThat(sell("A", "60.00")).containsExactly("addLoyaltyPoints 60", "changeLoyaltyTierLevel null→silver");
        String second = sell("B", "50.00", "addLoyaltyPoints 50", "changeLoyaltyTierLevel silver→gold");
        assertThat(sell("C", "10.00")).containsExactly("addLoyaltyPoints 20"); // gold: two a dollar, no tier change
        JsonNode gold = tiered();
        assertThat(gold.get("activePoints").decimalValue()).isEqualByComparingTo("130");
        assertThat(gold.at("/currentTier/name").asText()).isEqualTo("gold");
        assertThat(gold.has("nextTierName")).isFalse();

        // the 50.00 sale voided: its 50 points go back, 80 are left, and without an expiry the tier follows at once
        ObjectNode voided = sale(second, "50.00", voidedAt);
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        assertThat(effects(awaitOutcomes("store-1", second, 2).at("/outcomes/1"))).containsExactly("rollbackAddedLoyaltyPoints 50");
        JsonNode silver = tiered();
        assertThat(silver.get("activePoints").decimalValue()).isEqualByComparingTo("80");
        assertThat(silver.at("/currentTier/name").asText()).isEqualTo("silver");
        assertThat(silver.at("/currentTier/id").asInt()).isEqualTo(1);
        assertThat(silver.get("nextTierName").asText()).isEqualTo("gold");
        assertThat(silver.get("pointsToNextTier").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(sell("D", "10.00")).containsExactly("addLoyaltyPoints 10"); // silver again: one a dollar
    }

    @Test
    void aTierThatExpiresIsKeptThroughARefundUntilItExpiresThenGoesOneDown() {
        program("tiersExpireIn: 30D\ntiersDowngradePolicy: one_down");
        java.time.Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        soldAt = now.minusSeconds(60).toString();
        voidedAt = now.minusSeconds(30).toString();
        sell("A", "60.00");
        String big = sell("B", "50.00", "addLoyaltyPoints 50", "changeLoyaltyTierLevel silver→gold");
        ObjectNode voided = sale(big, "50.00", voidedAt);
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        awaitOutcomes("store-1", big, 2);

        JsonNode kept = engine.get(base() + "/balances?includeTiers=true&includeProjectedTier=true", EngineClient.APP).json().get("balance");
        assertThat(kept.at("/currentTier/name").asText()).isEqualTo("gold"); // 60 points, gold until it expires
        assertThat(kept.at("/currentTier/downgradePolicy").asText()).isEqualTo("one_down");
        assertThat(kept.at("/projectedTier/projectedActivePoints").decimalValue()).isEqualByComparingTo("60.00");
        assertThat(kept.at("/projectedTier/projectedTierName").asText()).isEqualTo("silver");
        assertThat(kept.at("/projectedTier/stayInTierPoints").decimalValue()).isEqualByComparingTo("40.00");

        clock.advance(Duration.ofDays(31));
        JsonNode after = tiered();
        assertThat(after.at("/currentTier/name").asText()).isEqualTo("silver");
    }

    @Test
    void aProgramsTiersAreCheckedWhenSavedAndShownAsTalonOneShowsThem() {
        refused("tiers: [{name: gold, minPoints: 100}, {name: silver, minPoints: 50}]", "/tiers/1/minPoints", "lowest first");
        refused("tiers: [{name: gold, minPoints: 100}]\ntiersExpireIn: 12M\ntiersExpirationPolicy: customer_attribute",
                "/tiersExpirationPolicy", "not supported yet");
        refused("tiersDowngradePolicy: one_down", "/tiersExpireIn", "need tiers");
        refused("allowSubledger: true", "/allowSubledger", "without subledgers");
        refused("tiers: [{name: a, minPoints: 1, color: red}]", "/tiers/0/color", "not a field of a tier");
        refused("tiers: [{name: a, minPoints: '10'}]", "/tiers/0/minPoints", "a number");
        refused("tiers: [{name: a, minPoints: 1}]\ntiersExpireIn: 999999999Y", "/tiersExpireIn", "at most 100 years");
        refused("returnWindow: 999999999Y", "/returnWindow", "at most 100 years");
        refused("defaultValidity: 20000Y", "/defaultValidity", "at most 100 years");
        refused("programJoinPolicy: points_earned", "/programJoinPolicy", "not a field");
        refused("defaultValidity: forever", "/defaultValidity", "a duration");
        refused("returnWindow: {months: 3}", "/returnWindow", "does not read");

        program("tiersExpireIn: 12M\ntiersExpirationPolicy: absolute_expiration\ntierCycleStartDate: 2026-01-01T00:00:00Z");
        JsonNode shown = engine.get("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT).json();
        assertThat(shown.at("/tiers/1/name").asText()).isEqualTo("gold");
        assertThat(shown.at("/tiers/1/minPoints").decimalValue()).isEqualByComparingTo("100");
        assertThat(shown.at("/tiers/1/programID").asLong()).isEqualTo(id);
        assertThat(shown.get("tiersExpirationPolicy").asText()).isEqualTo("absolute_expiration");
        assertThat(shown.get("tierCycleStartDate").asText()).isEqualTo("2026-01-01T00:00:00Z");
        // what a GET shows may be sent back as it is
        ((ObjectNode) shown).remove("tiers");
        ((ObjectNode) shown).putArray("tiers").addObject().put("name", "gold").put("minPoints", 100);
        GatewayClient.Reply back = engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, shown.toString());
        assertThat(back.status()).as(back.body()).isEqualTo(200);
    }

    @Test
    void anAnonymousSessionIsInNoTierAndARuleOnTheTierSimplyDoesNotApply() {
        program("");
        JsonNode anonymous = engine.put("/v2/customer_sessions/anon-tier-" + id, "ApiKey-v1 demo-app-key", """
                {"customerSession": {"state": "closed", "cartItems": [{"sku": "%s", "quantity": 1, "price": 10}]}}"""
                .formatted(sku)).json();
        assertThat(anonymous.get("effects")).isEmpty(); // no error effect: profile.tiers[id] is "" for nobody
    }

    private void refused(String yaml, String pointer, String words) {
        GatewayClient.Reply reply = engine.put("/v1/loyalty_programs/" + nextId(), EngineClient.MANAGEMENT, json("name: p\n" + yaml));
        assertThat(reply.status()).as(yaml).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/pointer").asText()).as(yaml).isEqualTo(pointer);
        assertThat(reply.json().at("/errors/0/details").asText()).as(yaml).contains(words);
    }

    private String base() {
        return "/v1/loyalty_programs/" + id + "/profile/" + member;
    }

    private JsonNode tiered() {
        return engine.get(base() + "/balances?includeTiers=true", EngineClient.APP).json().get("balance");
    }

    /** Sells one unit at the price; the close's effects as "type value" lines, a tier change as "from→to". */
    private List<String> sell(String suffix, String price) {
        String txn = "tier-" + id + "-" + suffix;
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), sale(txn, price, soldAt)))
                .status()).isEqualTo(200);
        return effects(awaitOutcomes("store-1", txn, 1).at("/outcomes/0"));
    }

    /** Sells and checks its effects; the transaction's id. */
    private String sell(String suffix, String price, String... expected) {
        assertThat(sell(suffix, price)).containsExactly(expected);
        return "tier-" + id + "-" + suffix;
    }

    private ObjectNode sale(String txn, String price, String at) {
        return oneItemSale(txn, at, sku, price, member);
    }

    private static List<String> effects(JsonNode outcome) {
        List<String> list = new ArrayList<>();
        outcome.get("effects").forEach(e -> {
            JsonNode props = e.get("props");
            list.add(e.get("effectType").asText() + " " + (props.has("newTierName")
                    ? props.path("previousTierName").asText("null") + "→" + props.get("newTierName").asText()
                    : props.get("value").decimalValue().stripTrailingZeros().toPlainString()));
        });
        return list;
    }
}
