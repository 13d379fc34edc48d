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
import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audiences: made and kept through the Integration API, joined by a rule at the till and left again when that sale is
 * voided, read in CEL; memberships changed in bulk and on a profile update; campaigns and changes naming an audience
 * that does not exist refused.
 */
class AudiencesTest extends GatewayTest {
    private static final String APP1 = "ApiKey-v1 demo-app-key";
    EngineClient engine;
    long id;
    String sku;
    String member;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "AUD-" + id;
        member = "aud-member-" + id;
    }

    private long audience(String name) {
        GatewayClient.Reply created = engine.post("/v2/audiences", APP1, "{\"name\": \"" + name + "\", \"integrationId\": \"" + name + "-" + id + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void aBigSpenderJoinsTheVipAudienceAtTheTillEarnsItsDiscountAndLeavesItWhenTheSaleIsVoided() {
        long vip = audience("VIP");
        engine.campaign(1, id, json("""
                name: vip %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: VIPs save 10%%
                    condition: "%d in profile.audiences"
                    effects: [{type: setDiscount, name: vip, value: "session.total * 0.1"}]
                  - title: 100 or more joins the VIPs
                    condition: "session.total >= 100.0"
                    effects: [{type: addToAudience, audienceId: %d}]
                """.formatted(id, sku, vip, vip)));
        String big = "aud-" + id + "-big";
        assertThat(sell(big, "120.00")).containsExactly("addToAudience VIP");
        assertThat(sell("aud-" + id + "-next", "10.00")).containsExactly("setDiscount 1.00");

        ObjectNode voided = sale(big, "120.00", "2026-03-02T10:00:00.000Z");
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        assertThat(effects(awaitOutcomes("store-1", big, 2).at("/outcomes/1"))).containsExactly("removeFromAudience VIP");
        assertThat(sell("aud-" + id + "-after", "10.00")).isEmpty();

        // the audience cannot go while a campaign adds to it
        assertThat(engine.delete("/v2/audiences/" + vip, APP1).status()).isEqualTo(409);
    }

    @Test
    void aCancelPutsBackTheMembershipOfTheProfileTheSaleIsNowAndNothingOfAnAudienceSinceDeleted() {
        long club = audience("Club");
        engine.campaign(2, id, json("""
                name: club %d
                appliesTo: {skus: [%s]}
                rules: [{title: join, effects: [{type: addToAudience, audienceId: %d}]}]
                """.formatted(id, sku, club)));
        String merged = "club-merged-" + id;
        assertThat(close("c1", merged)).containsExactly("addToAudience");
        assertThat(engine.post("/v1/applications/2/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"" + merged + "\", \"into\": \"" + member + "\"}").status()).isEqualTo(201);
        JsonNode cancelled = engine.put("/v2/customer_sessions/aud-" + id + "-c1", EngineClient.APP,
                "{\"customerSession\": {\"state\": \"cancelled\"}}").json();
        assertThat(cancelled.at("/effects/0/effectType").asText()).isEqualTo("removeFromAudience");
        assertThat(cancelled.at("/effects/0/props/profileIntegrationId").asText()).isEqualTo(member);

        assertThat(close("c2", member)).containsExactly("addToAudience");
        engine.campaign(2, id, json("name: club %d\nappliesTo: {skus: [%s]}\nrules: [{title: r, effects: [{type: showNotification, title: t, body: b}]}]"
                .formatted(id, sku)));
        assertThat(engine.delete("/v2/audiences/" + club, APP1).status()).isEqualTo(204);
        GatewayClient.Reply gone = engine.put("/v2/customer_sessions/aud-" + id + "-c2", EngineClient.APP,
                "{\"customerSession\": {\"state\": \"cancelled\"}}");
        assertThat(gone.status()).as(gone.body()).isEqualTo(200);
        assertThat(gone.json().get("effects")).isEmpty();
    }

    @Test
    void membershipsChangeInBulkAndOnAProfileUpdateAndAudiencesAreKeptAsTalonOneKeepsThem() {
        long gold = audience("Gold");
        engine.campaign(2, id, json("""
                name: gold %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: gold members get a note
                    condition: "%d in profile.audiences"
                    effects: [{type: showNotification, title: gold, body: welcome}]
                """.formatted(id, sku, gold)));
        String other = "aud-other-" + id;
        assertThat(engine.post("/v2/customer_audiences", EngineClient.APP, """
                {"data": [{"action": "add", "profileIntegrationId": "%s", "audienceId": %d},
                          {"action": "add", "profileIntegrationId": "%s", "audienceId": %d}]}"""
                .formatted(member, gold, other, gold)).status()).isEqualTo(204);
        assertThat(close("g1", member)).containsExactly("showNotification");
        assertThat(engine.post("/v2/customer_audiences", EngineClient.APP, """
                {"data": [{"action": "delete", "profileIntegrationId": "%s", "audienceId": %d}]}""".formatted(member, gold))
                .status()).isEqualTo(204);
        assertThat(close("g2", member)).isEmpty();

        // a profile update joins it again, before its rules run
        assertThat(engine.put("/v2/customer_profiles/" + member, EngineClient.APP,
                "{\"audiencesChanges\": {\"adds\": [" + gold + "]}}").status()).isEqualTo(200);
        assertThat(close("g3", member)).containsExactly("showNotification");
        // emptied: nobody is in it any more
        assertThat(engine.delete("/v2/audiences/" + gold + "/memberships", EngineClient.APP).status()).isEqualTo(204);
        assertThat(close("g4", member)).isEmpty();
        assertThat(close("g5", other)).isEmpty();

        GatewayClient.Reply renamed = engine.put("/v2/audiences/" + gold, EngineClient.APP, "{\"name\": \"Gold members\"}");
        assertThat(renamed.json().get("name").asText()).isEqualTo("Gold members");
        assertThat(renamed.json().get("integrationId").asText()).isEqualTo("Gold-" + id);
        assertThat(renamed.json().get("accountId").asLong()).isZero();
        assertThat(engine.post("/v2/audiences", EngineClient.APP, "{\"name\": \"again\", \"integrationId\": \"Gold-" + id + "\"}").status())
                .isEqualTo(409);
        JsonNode listed = engine.get("/v1/audiences?withTotalResultSize=true", EngineClient.MANAGEMENT).json();
        assertThat(listed.get("totalResultSize").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(engine.get("/v1/audiences", EngineClient.APP).status()).isEqualTo(401);

        // refused where they name what does not exist, or what is not a field
        refused(engine.post("/v2/customer_audiences", EngineClient.APP,
                "{\"data\": [{\"action\": \"add\", \"profileIntegrationId\": \"x\", \"audienceId\": 999999999}]}"), "/data/0/audienceId");
        refused(engine.post("/v2/customer_audiences", EngineClient.APP,
                "{\"data\": [{\"action\": \"join\", \"profileIntegrationId\": \"x\", \"audienceId\": " + gold + "}]}"), "/data/0/action");
        refused(engine.post("/v2/audiences", EngineClient.APP, "{\"name\": \"x\", \"colour\": \"red\"}"), "/colour");
        refused(engine.post("/v2/audiences", EngineClient.APP, "{\"description\": \"no name\"}"), "/name");
        refused(engine.put("/v2/customer_profiles/" + member, EngineClient.APP,
                "{\"audiencesChanges\": {\"adds\": [" + gold + "], \"deletes\": [" + gold + "]}}"), "/audiencesChanges");
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: loose item
                rules: [{title: r, condition: "item.price > 1.0", effects: [{type: showNotification, title: t, body: b}]}]""")),
                "/rules/0/condition");
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: nowhere
                rules: [{title: r, effects: [{type: addToAudience, audienceId: 999999999}]}]""")), "/rules/0/effects/0/audienceId");

        // deleted: its memberships go, and it is no more
        engine.campaign(2, id, json("name: gold %d\nappliesTo: {skus: [%s]}\nrules: [{title: r, effects: [{type: showNotification, title: t, body: b}]}]"
                .formatted(id, sku)));
        assertThat(engine.delete("/v2/audiences/" + gold, EngineClient.APP).status()).isEqualTo(204);
        assertThat(engine.delete("/v2/audiences/" + gold, EngineClient.APP).status()).isEqualTo(404);
    }

    private static void refused(GatewayClient.Reply reply, String pointer) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/pointer").asText()).isEqualTo(pointer);
    }

    private List<String> close(String suffix, String profile) {
        JsonNode closed = engine.put("/v2/customer_sessions/aud-" + id + "-" + suffix, EngineClient.APP, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "%s", "quantity": 1, "price": 5}]}}"""
                .formatted(profile, sku)).json();
        List<String> types = new ArrayList<>();
        closed.get("effects").forEach(e -> types.add(e.get("effectType").asText()));
        return types;
    }

    private List<String> sell(String txn, String price) {
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), sale(txn, price, "2026-03-01T10:00:00.000Z")))
                .status()).isEqualTo(200);
        return effects(awaitOutcomes("store-1", txn, 1).at("/outcomes/0"));
    }

    private ObjectNode sale(String txn, String price, String at) {
        return oneItemSale(txn, at, sku, price, member);
    }

    /** "type detail": an audience effect's audience name, a discount's value. */
    private static List<String> effects(JsonNode outcome) {
        List<String> list = new ArrayList<>();
        outcome.get("effects").forEach(e -> {
            JsonNode p = e.get("props");
            list.add(e.get("effectType").asText() + " " + (p.has("audienceName") ? p.get("audienceName").asText()
                    : p.get("value").decimalValue().toPlainString()));
        });
        return list;
    }
}
