package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.transaction;
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profiles as Talon.One's Integration API updates them: attributes set, removed and kept, read by campaigns as
 * {@code profile.attributes} (a till's sale included), one or a thousand at once; what is not built is refused.
 */
class CustomerProfileApiTest extends GatewayTest {
    /** Application 1's key: the application store-1's tills sell in. */
    static final String APP1 = "ApiKey-v1 demo-app-key";
    EngineClient engine;
    long id;
    String customer;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        customer = "profile-" + id;
    }

    @Test
    void attributesAreSetRemovedAndKeptAndACampaignAtTheTillReadsThem() {
        GatewayClient.Reply created = profile(customer, "{\"attributes\": {\"vip\": true, \"birthday\": \"1990-05-01\"}}");
        assertThat(created.status()).isEqualTo(200);
        JsonNode profile = created.json().get("customerProfile");
        assertThat(profile.get("integrationId").asText()).isEqualTo(customer);
        assertThat(profile.get("attributes").toString()).isEqualTo("{\"vip\":true,\"birthday\":\"1990-05-01\"}");
        assertThat(profile.get("closedSessions").asInt()).isZero();
        assertThat(profile.get("totalSales").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(created.json().get("effects")).isEmpty();
        assertThat(created.json().get("createdCoupons")).isEmpty();

        String sku = "VIP-" + id;
        engine.campaign(1, id, json("""
                name: vip %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: vips get 3 off
                    condition: "has(profile.attributes.vip) && profile.attributes.vip == true"
                    effects: [{type: setDiscount, name: vip, value: "3.0"}]
                """.formatted(id, sku)));
        assertThat(sell(customer, sku)).containsExactly("setDiscount 3.00");
        assertThat(sell("stranger-" + id, sku)).isEmpty();

        JsonNode changed = profile(customer, "{\"attributes\": {\"vip\": null, \"city\": \"Berlin\"}}").json().get("customerProfile");
        assertThat(changed.get("attributes").toString()).isEqualTo("{\"birthday\":\"1990-05-01\",\"city\":\"Berlin\"}");
        assertThat(changed.get("closedSessions").asInt()).isEqualTo(1); // the sale at the till counted
        assertThat(sell(customer, sku)).isEmpty(); // no longer a vip
    }

    @Test
    void withTheRuleEngineAProfileUpdateRunsTheCampaignsAndADryRunKeepsNothing() {
        String signup = "signup_" + id;
        assertThat(engine.put("/v1/loyalty_programs/" + id, EngineClient.MANAGEMENT, json("name: welcome-" + id)).status()).isEqualTo(200);
        engine.campaign(1, id, json("""
                name: welcome %d
                rules:
                  - title: welcome points
                    condition: "has(profile.attributes.%s) && !has(profile.attributes.welcomed_%d)"
                    effects:
                      - {type: addLoyaltyPoints, programId: %d, name: welcome, value: "50.0"}
                      - {type: updateAttribute, path: Profile.Attributes.welcomed_%d, value: "true"}
                """.formatted(id, signup, id, id, id)));
        String body = "{\"attributes\": {\"" + signup + "\": \"2026-03-01\"},"
                + " \"responseContent\": [\"customerProfile\", \"triggeredCampaigns\", \"loyalty\", \"ruleFailureReasons\"]}";

        JsonNode dry = engine.put("/v2/customer_profiles/dry-" + customer + "?runRuleEngine=true&dry=true", APP1, body).json();
        assertThat(dry.at("/effects/0/effectType").asText()).isEqualTo("addLoyaltyPoints");
        assertThat(dry.at("/customerProfile/attributes/welcomed_" + id).asBoolean()).isTrue(); // as it would be
        assertThat(balance("dry-" + customer)).isEqualByComparingTo("0.00"); // nothing kept
        GatewayClient.Reply afterDry = engine.put("/v2/customer_profiles/dry-" + customer, APP1, "{}");
        assertThat(afterDry.json().at("/customerProfile/attributes").has(signup)).isFalse();

        JsonNode run = engine.put("/v2/customer_profiles/" + customer + "?runRuleEngine=true", APP1, body).json();
        List<String> effects = new ArrayList<>();
        run.get("effects").forEach(e -> effects.add(e.get("effectType").asText()));
        assertThat(effects).containsExactly("addLoyaltyPoints", "updateAttribute");
        assertThat(run.at("/effects/0/props/value").decimalValue()).isEqualByComparingTo("50");
        assertThat(run.at("/triggeredCampaigns/0/id").asLong()).isEqualTo(id);
        assertThat(run.at("/loyalty/programs/" + id + "/ledger/currentBalance").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(run.at("/customerProfile/attributes/welcomed_" + id).asBoolean()).isTrue();
        assertThat(balance(customer)).isEqualByComparingTo("50.00");
        JsonNode again = engine.put("/v2/customer_profiles/" + customer + "?runRuleEngine=true", APP1, "{}").json();
        assertThat(again.get("effects")).isEmpty(); // welcomed once
    }

    private java.math.BigDecimal balance(String profile) {
        return engine.get("/v1/loyalty_programs/" + id + "/profile/" + profile + "/balances", APP1).json()
                .at("/balance/activePoints").decimalValue();
    }

    @Test
    void manyProfilesAtOnceSilentlyOrWithTheirStates() {
        String a = "bulk-a-" + id;
        String b = "bulk-b-" + id;
        String body = "{\"customerProfiles\": [{\"integrationId\": \"" + b + "\", \"attributes\": {\"tier\": \"x\"}},"
                + " {\"integrationId\": \"" + a + "\"}]}";
        GatewayClient.Reply silent = engine.put("/v2/customer_profiles", APP1, body);
        assertThat(silent.status()).isEqualTo(204);
        JsonNode states = engine.put("/v2/customer_profiles?silent=no", APP1, body).json().get("integrationStates");
        assertThat(states).hasSize(2);
        assertThat(states.at("/0/customerProfile/integrationId").asText()).isEqualTo(b);
        assertThat(states.at("/0/customerProfile/attributes/tier").asText()).isEqualTo("x");
        assertThat(states.at("/1/customerProfile/integrationId").asText()).isEqualTo(a);

        GatewayClient.Reply twice = engine.put("/v2/customer_profiles", APP1,
                "{\"customerProfiles\": [{\"integrationId\": \"" + a + "\"}, {\"integrationId\": \"" + a + "\"}]}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerProfiles/1/integrationId");
        ObjectNode many = Json.MAPPER.createObjectNode();
        ArrayNode list = many.putArray("customerProfiles");
        for (int i = 0; i <= 1000; i++) {
            list.addObject().put("integrationId", "m" + i);
        }
        GatewayClient.Reply tooMany = engine.put("/v2/customer_profiles", APP1, many.toString());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/source/pointer").asText()).isEqualTo("/customerProfiles");
    }

    @Test
    void whatIsNotBuiltIsRefusedNamingTheParameterOrField() {
        refusedParameter("?dry=true", "{}", "dry"); // without the rule engine, nothing to dry-run
        refusedField("{\"responseContent\": [\"customerProfile\"]}", "/responseContent");
        GatewayClient.Reply event = engine.put("/v2/customer_profiles/" + customer + "?runRuleEngine=true", APP1,
                "{\"responseContent\": [\"customerProfile\", \"event\"]}");
        assertThat(event.status()).isEqualTo(400);
        assertThat(event.json().at("/errors/0/source/pointer").asText()).isEqualTo("/responseContent/1");
        refusedField("{\"audiencesChanges\": {\"adds\": [999999999], \"deletes\": []}}", "/audiencesChanges/adds/0"); // no such audience
        refusedField("{\"evaluableCampaignIds\": [1]}", "/evaluableCampaignIds");
        refusedField("{\"attributes\": [1, 2]}", "/attributes");
        refusedField("{\"name\": \"x\"}", "/name");
        refusedField("{\"audiencesChanges\": {\"foo\": [1]}}", "/audiencesChanges/foo");
        refusedField("{\"attributes\": {\"note\": \"\\ud800\"}}", "/attributes"); // a lone surrogate is no text
        refusedParameterOn("erased-1234", "{}", "integrationId");
        assertThat(engine.put("/v2/customer_profiles/" + customer, APP1,
                "{\"audiencesChanges\": {\"adds\": [], \"deletes\": []}}").status()).isEqualTo(200); // empty changes nothing
        GatewayClient.Reply longId = engine.put("/v2/customer_profiles/" + "x".repeat(201), APP1, "{}");
        assertThat(longId.status()).isEqualTo(400);
        assertThat(longId.json().at("/errors/0/source/parameter").asText()).isEqualTo("integrationId");
        assertThat(engine.put("/v2/customer_profiles/" + customer, EngineClient.MANAGEMENT, "{}").status()).isEqualTo(401);
        ObjectNode big = Json.MAPPER.createObjectNode();
        ObjectNode attributes = big.putObject("attributes");
        for (int i = 0; i < 201; i++) {
            attributes.put("a" + i, i);
        }
        refusedField(big.toString(), "/attributes");
    }

    private void refusedParameterOn(String integrationId, String body, String parameter) {
        GatewayClient.Reply reply = engine.put("/v2/customer_profiles/" + integrationId, APP1, body);
        assertThat(reply.status()).as(integrationId).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/parameter").asText()).isEqualTo(parameter);
    }

    private void refusedParameter(String query, String body, String parameter) {
        GatewayClient.Reply reply = engine.put("/v2/customer_profiles/" + customer + query, APP1, body);
        assertThat(reply.status()).as(query).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/parameter").asText()).isEqualTo(parameter);
    }

    private void refusedField(String body, String pointer) {
        GatewayClient.Reply reply = engine.put("/v2/customer_profiles/" + customer, APP1, body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/pointer").asText()).as(body).isEqualTo(pointer);
    }

    private GatewayClient.Reply profile(String integrationId, String body) {
        return engine.put("/v2/customer_profiles/" + integrationId, APP1, body);
    }

    private List<String> sell(String userId, String sku) {
        String txn = unique("T");
        ObjectNode tx = transaction(txn, "2026-03-01T10:00:00.000Z");
        line(tx, "1", sku, 1, "20.00");
        payment(tx, "20.00", userId);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), tx)).status()).isEqualTo(200);
        List<String> effects = new ArrayList<>();
        awaitOutcomes("store-1", txn, 1).at("/outcomes/0/effects")
                .forEach(e -> effects.add(e.get("effectType").asText() + " " + e.at("/props/value").asText()));
        return effects;
    }
}
