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
 * Giveaways: a pool filled by Talon.One's CSV import, a gift card awarded at the till to a sale of 100 or more and kept
 * when the sale is voided, willAwardGiveaway on an open session, awardedGiveaways in the answer, a pool used up, the
 * export, and what is refused.
 */
class GiveawaysTest extends GatewayTest {
    private static final String APP1 = "ApiKey-v1 demo-app-key";
    EngineClient engine;
    GatewayClient http;
    long id;
    String sku;
    String member;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        http = new GatewayClient(port);
        id = nextId();
        sku = "GIFT-" + id;
        member = "gift-member-" + id;
    }

    private long pool(String csv) {
        GatewayClient.Reply created = engine.post("/v1/giveaways/pools", EngineClient.MANAGEMENT,
                "{\"name\": \"gift cards " + id + "\", \"sandbox\": false, \"subscribedApplicationsIds\": [1, 2]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long pool = created.json().get("id").asLong();
        GatewayClient.Reply imported = upload(pool, csv);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("entity").asText()).isEqualTo("GiveawayPool");
        return pool;
    }

    private GatewayClient.Reply upload(long pool, String csv) {
        String boundary = "tillgate-" + id;
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"upFile\"; filename=\"codes.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        return http.post("/v1/giveaways/pools/" + pool + "/import", EngineClient.MANAGEMENT,
                "multipart/form-data; boundary=" + boundary, body);
    }

    @Test
    void aBigSaleAtTheTillIsAwardedAGiftCardWhichAVoidDoesNotTakeBack() {
        long pool = pool("""
                code,startdate,enddate,attributes
                CARD-A-%d,,,"{""provider"": ""Amazon""}"
                CARD-B-%d,2099-01-01T00:00:00Z,,
                CARD-C-%d,,,
                """.formatted(id, id, id));
        engine.campaign(1, id, json("""
                name: gift %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: 100 or more earns a gift card
                    condition: "session.total >= 100.0"
                    effects: [{type: awardGiveaway, poolId: %d}]
                """.formatted(id, sku, pool)));
        String big = "gift-" + id + "-big";
        assertThat(sell(big, "120.00")).containsExactly("awardGiveaway CARD-A-" + id);
        // CARD-B may not be awarded before 2099: the next is C
        assertThat(sell("gift-" + id + "-second", "150.00")).containsExactly("awardGiveaway CARD-C-" + id);
        assertThat(sell("gift-" + id + "-small", "10.00")).isEmpty();

        ObjectNode voided = sale(big, "120.00", "2026-03-02T10:00:00.000Z");
        voided.put("is_voided", true);
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), voided)).status()).isEqualTo(200);
        assertThat(effects(awaitOutcomes("store-1", big, 2).at("/outcomes/1"))).isEmpty(); // the card stays awarded

        // nothing left to award now: the rule fails, and says why
        JsonNode third = outcome(sell0("gift-" + id + "-third", "200.00"));
        assertThat(third.get("effects")).isEmpty();

        String export = http.get("/v1/giveaways/pools/" + pool + "/export", EngineClient.MANAGEMENT).body();
        assertThat(export.lines().skip(1).map(l -> l.split(",")[6] + " " + l.split(",")[2]).toList())
                .containsExactly("true CARD-A-" + id, "false CARD-B-" + id, "true CARD-C-" + id);
        assertThat(export).contains(member);
    }

    @Test
    void anOpenSessionIsToldAGiftCardWillComeAndTheCloseShowsWhichInAwardedGiveaways() {
        long pool = pool("code\nWEB-1-%d\n".formatted(id));
        engine.campaign(2, id, json("""
                name: web gift %d
                appliesTo: {skus: [%s]}
                rules: [{title: a gift card, effects: [{type: awardGiveaway, poolId: %d}]}]
                """.formatted(id, sku, pool)));
        String session = "/v2/customer_sessions/gift-web-" + id;
        String cart = "\"cartItems\": [{\"sku\": \"" + sku + "\", \"quantity\": 1, \"price\": 5}]";
        JsonNode open = engine.put(session, EngineClient.APP, "{\"customerSession\": {\"profileId\": \"" + member + "\", " + cart + "}}").json();
        assertThat(open.at("/effects/0/effectType").asText()).isEqualTo("willAwardGiveaway");
        assertThat(open.at("/effects/0/props/poolId").asLong()).isEqualTo(pool);
        assertThat(open.at("/effects/0/props").has("code")).isFalse(); // no code leaks before it is awarded
        JsonNode closed = engine.put(session, EngineClient.APP, "{\"customerSession\": {\"state\": \"closed\"}, "
                + "\"responseContent\": [\"awardedGiveaways\"]}").json();
        assertThat(closed.at("/effects/0/effectType").asText()).isEqualTo("awardGiveaway");
        assertThat(closed.at("/effects/0/props/code").asText()).isEqualTo("WEB-1-" + id);
        assertThat(closed.at("/awardedGiveaways/0/code").asText()).isEqualTo("WEB-1-" + id);
        assertThat(closed.at("/awardedGiveaways/0/profileIntegrationId").asText()).isEqualTo(member);
        assertThat(closed.at("/awardedGiveaways/0/used").asBoolean()).isTrue();

        // reopened and closed again, the session shows the code it was awarded, and is awarded no other
        engine.put(session + "/reopen", EngineClient.APP, "");
        JsonNode again = engine.put(session, EngineClient.APP, "{\"customerSession\": {\"state\": \"closed\"}}").json();
        assertThat(again.at("/effects/0/props/code").asText()).isEqualTo("WEB-1-" + id);

        // used up: the next customer's open session is told nothing, with the reason among the rule failures
        JsonNode next = engine.put("/v2/customer_sessions/gift-web-next-" + id, EngineClient.APP, "{\"customerSession\": {\"profileId\": \"other-"
                + id + "\", " + cart + "}, \"responseContent\": [\"ruleFailureReasons\"]}").json();
        assertThat(next.get("effects")).isEmpty();
        assertThat(next.toString()).contains("giveaway pool " + pool + " has no code to award");
    }

    @Test
    void aDryRunAndAProfileUpdateShowNoCodeAndAwardNone() {
        long pool = pool("code\nSECRET-%d\n".formatted(id));
        engine.campaign(2, id, json("""
                name: dry gift %d
                rules: [{title: a gift card, effects: [{type: awardGiveaway, poolId: %d}]}]
                appliesTo: {skus: [%s]}
                """.formatted(id, pool, sku)));
        // a campaign for this one customer, whatever the cart: it runs on a profile update too
        engine.campaign(2, nextId(), json("""
                name: member gift %d
                rules: [{title: a gift card, condition: "profile.integrationId == '%s'", effects: [{type: awardGiveaway, poolId: %d}]}]
                """.formatted(id, member, pool)));
        JsonNode dry = engine.put("/v2/customer_sessions/gift-dry-" + id + "?dry=true", EngineClient.APP, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "%s", "quantity": 1, "price": 5}]},
                 "responseContent": ["awardedGiveaways"]}""".formatted(member, sku)).json();
        assertThat(dry.get("effects")).isNotEmpty().allSatisfy(e -> assertThat(e.get("effectType").asText()).isEqualTo("willAwardGiveaway"));
        assertThat(dry.toString()).doesNotContain("SECRET-");
        assertThat(dry.get("awardedGiveaways")).isEmpty();
        JsonNode profile = engine.put("/v2/customer_profiles/" + member + "?runRuleEngine=true", EngineClient.APP,
                "{\"attributes\": {}}").json();
        assertThat(profile.at("/effects/0/effectType").asText()).isEqualTo("willAwardGiveaway");
        assertThat(profile.toString()).doesNotContain("SECRET-");
        String export = http.get("/v1/giveaways/pools/" + pool + "/export", EngineClient.MANAGEMENT).body();
        assertThat(export).contains("SECRET-" + id + ",,,{},false"); // still free
    }

    @Test
    void poolsImportsAndCampaignsAreRefusedWhereTheyAreWrong() {
        long pool = pool("code\nX-%d\n".formatted(id));
        assertThat(upload(pool, "code,startdate\nY,yesterday\n").json().at("/errors/0/details").asText()).contains("line 2");
        assertThat(upload(pool, "coupon\nY\n").json().at("/errors/0/details").asText()).contains("line 1");
        assertThat(upload(pool, "code,attributes\nY,[1]\n").status()).isEqualTo(400);
        // a spreadsheet's byte order mark is no part of the header; the boundary inside a code does not end the part
        assertThat(upload(pool, "\uFEFFcode\nBOM-%d\n".formatted(id)).json().get("amount").asInt()).isEqualTo(1);
        assertThat(upload(pool, "code\nAA--tillgate-%d-2\nAA-3\n".formatted(id)).json().get("amount").asInt()).isEqualTo(2);
        assertThat(http.post("/v1/giveaways/pools/" + pool + "/import", EngineClient.MANAGEMENT, "text/csv", "code\nY\n").status())
                .isEqualTo(415);
        assertThat(http.post("/v1/giveaways/pools/" + pool + "/import", APP1, "multipart/form-data; boundary=x", "--x--").status())
                .isEqualTo(401);
        assertThat(engine.post("/v1/giveaways/pools", EngineClient.MANAGEMENT, "{\"name\": \"p\"}").json()
                .at("/errors/0/source/pointer").asText()).isEqualTo("/sandbox");
        long lonely = engine.post("/v1/giveaways/pools", EngineClient.MANAGEMENT, "{\"name\": \"app 2 only\", \"sandbox\": false, "
                + "\"subscribedApplicationsIds\": [2]}").json().get("id").asLong();
        GatewayClient.Reply unconnected = engine.put("/v1/applications/1/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: wrong pool
                rules: [{title: r, effects: [{type: awardGiveaway, poolId: %d}]}]""".formatted(lonely)));
        assertThat(unconnected.status()).isEqualTo(400);
        assertThat(unconnected.json().at("/errors/0/source/pointer").asText()).isEqualTo("/rules/0/effects/0/poolId");
        assertThat(unconnected.json().at("/errors/0/details").asText()).contains("not connected to application 1");
        assertThat(engine.get("/v1/giveaways/pools/" + pool, EngineClient.MANAGEMENT).json().get("name").asText()).isEqualTo("gift cards " + id);
    }

    private List<String> sell(String txn, String price) {
        return effects(outcome(sell0(txn, price)));
    }

    private String sell0(String txn, String price) {
        assertThat(client.send(envelope("store-1", UUID.randomUUID().toString(), sale(txn, price, "2026-03-01T10:00:00.000Z")))
                .status()).isEqualTo(200);
        return txn;
    }

    private JsonNode outcome(String txn) {
        return awaitOutcomes("store-1", txn, 1).at("/outcomes/0");
    }

    private ObjectNode sale(String txn, String price, String at) {
        return oneItemSale(txn, at, sku, price, member);
    }

    private static List<String> effects(JsonNode outcome) {
        List<String> list = new ArrayList<>();
        outcome.get("effects").forEach(e -> list.add(e.get("effectType").asText() + " " + e.at("/props/code").asText()));
        return list;
    }
}
