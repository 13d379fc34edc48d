package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Referrals through the Integration API: a code created for an advocate at the close of a sale, used by a friend for
 * 10.00 off, refused to a second friend while used and given back when the friend's sale is cancelled; codes made with
 * {@code POST /v1/referrals}, their dates, friend and budgets; what is refused.
 */
class ReferralsTest extends GatewayTest {
    EngineClient engine;
    long id;
    String sku;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        sku = "REF-" + id;
    }

    private JsonNode session(String suffix, String body) {
        return engine.session("ref-" + id + "-" + suffix, body);
    }

    private String sale(String profile, String state, String referralCode) {
        return """
                {"customerSession": {"profileId": "%s", "state": "%s", %s
                  "cartItems": [{"sku": "%s", "quantity": 2, "price": 30}]},
                 "responseContent": ["customerSession", "referral"]}"""
                .formatted(profile, state, referralCode == null ? "" : "\"referralCode\": \"" + referralCode + "\",", sku);
    }

    @Test
    void anAdvocatesCodeGivesAFriendTenOffOnceAndIsGivenBackWhenTheFriendsSaleIsCancelled() {
        engine.campaign(2, id, json("""
                name: bring a friend %d
                appliesTo: {skus: [%s]}
                rules:
                  - title: a friend saves 10
                    condition: "referral.code != ''"
                    effects: [{type: setDiscount, name: friend, value: "10.0"}]
                  - title: a customer who came alone gets a code to share
                    condition: "session.referralCode == ''"
                    effects: [{type: createReferral, pattern: "FRIEND-######"}]
                """.formatted(id, sku)));
        String advocate = "ref-ann-" + id;
        String friend = "ref-bob-" + id;
        JsonNode shared = session("s1", sale(advocate, "closed", null));
        assertThat(EngineClient.effects(shared)).hasSize(1);
        String code = shared.at("/createdReferrals/0/code").asText();
        assertThat(code).matches("FRIEND-[0-9]{6}");
        assertThat(EngineClient.effects(shared)).containsExactly("referralCreated " + code);
        assertThat(shared.at("/createdReferrals/0/advocateProfileIntegrationId").asText()).isEqualTo(advocate);
        assertThat(shared.at("/createdReferrals/0/campaignId").asLong()).isEqualTo(id);
        assertThat(shared.at("/createdReferrals/0/usageLimit").asInt()).isEqualTo(1);
        assertThat(shared.at("/createdReferrals/0/usageCounter").asInt()).isZero();

        // open: accepted, not yet used; closed: used
        assertThat(EngineClient.effects(session("s2", sale(friend, "open", code)))).containsExactly("setDiscount 10", "acceptReferral " + code);
        JsonNode used = session("s2", sale(friend, "closed", null)); // null keeps the session's code
        assertThat(EngineClient.effects(used)).containsExactly("setDiscount 10", "acceptReferral " + code);
        assertThat(used.at("/customerSession/referralCode").asText()).isEqualTo(code);
        assertThat(used.at("/referral/usageCounter").asInt()).isEqualTo(1);
        assertThat(used.at("/referral/referredCustomers").toString()).isEqualTo("[\"" + friend + "\"]");

        // a second friend: the code is used up
        JsonNode late = session("s3", sale("ref-cat-" + id, "open", code));
        assertThat(late.at("/effects/0/effectType").asText()).isEqualTo("rejectReferral");
        assertThat(late.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ReferralLimitReached");
        assertThat(late.at("/effects/0/campaignId").asLong()).isEqualTo(id);
        assertThat(late.get("effects")).hasSize(1);

        // the friend's sale is cancelled: the discount and the code's use go back
        JsonNode cancelled = session("s2", "{\"customerSession\": {\"state\": \"cancelled\"}, \"responseContent\": [\"referral\"]}");
        assertThat(EngineClient.effects(cancelled)).containsExactly("rollbackDiscount 10", "rollbackReferral " + code);
        assertThat(cancelled.at("/referral/usageCounter").asInt()).isZero();
        assertThat(cancelled.at("/referral/referredCustomers")).isEmpty();
        assertThat(EngineClient.effects(session("s3", sale("ref-cat-" + id, "open", null))))
                .containsExactly("setDiscount 10", "acceptReferral " + code);

        // the advocate cannot use the own code; a code nobody made is not found; empty discards the session's code
        JsonNode own = session("s4", sale(advocate, "open", code));
        assertThat(own.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ReferralRecipientIdSameAsAdvocate");
        JsonNode unknown = session("s5", sale(friend, "open", "NOBODYS-" + id));
        assertThat(unknown.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ReferralNotFound");
        assertThat(unknown.at("/effects/0/campaignId").asLong()).isEqualTo(-1);
        JsonNode discarded = session("s5", sale(friend, "open", ""));
        assertThat(discarded.at("/customerSession/referralCode").isMissingNode()).isTrue();
        assertThat(discarded.has("referral")).isFalse();
        assertThat(EngineClient.effects(discarded)).isEmpty();

        JsonNode listed = engine.get("/v1/applications/2/campaigns/" + id + "/referrals/no_total?advocate=" + advocate, EngineClient.MANAGEMENT).json();
        assertThat(listed.at("/data/0/code").asText()).isEqualTo(code);
        assertThat(listed.get("data")).hasSize(1);
        assertThat(listed.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void codesMadeThroughTheApiHonourTheirFriendDatesAttributesAndTheCampaignsReferralBudgets() {
        engine.campaign(2, id, json("""
                name: web referrals %d
                referralRequired: true
                appliesTo: {skus: [%s]}
                limits: [{action: redeemReferral, limit: 1, entities: [Profile]}]
                rules:
                  - title: web friends save 15%%
                    condition: "referral.attributes.channel == 'web'"
                    effects: [{type: setDiscount, name: web friend, value: "session.total * 0.15"}]
                """.formatted(id, sku)));
        String advocate = "ref-dan-" + id;
        String friend = "ref-eve-" + id;
        GatewayClient.Reply made = engine.post("/v1/referrals", EngineClient.APP, """
                {"campaignId": %d, "advocateProfileIntegrationId": "%s", "friendProfileIntegrationId": "%s",
                 "usageLimit": 0, "expiryDate": "2099-01-01T00:00:00Z", "attributes": {"channel": "web"}}"""
                .formatted(id, advocate, friend));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String code = made.json().get("code").asText();
        assertThat(code).matches("[A-Z2-9]{12}");
        assertThat(made.json().get("usageLimit").asInt()).isZero();
        assertThat(made.json().get("expiryDate").asText()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(made.json().at("/attributes/channel").asText()).isEqualTo("web");

        // the friend saves 15% (9.00 of 60.00), once per customer as the campaign's budget says; a full return gives it back
        assertThat(EngineClient.effects(session("f1", sale(friend, "closed", code)))).containsExactly("setDiscount 9", "acceptReferral " + code);
        JsonNode again = session("f2", sale(friend, "open", code));
        assertThat(again.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ProfileLimitReached");
        assertThat(again.get("effects")).hasSize(1); // the campaign runs only with a valid code
        JsonNode returned = engine.returns("ref-" + id + "-f1", "{\"return\": {\"returnedCartItems\": [{\"position\": 0}]}}");
        assertThat(EngineClient.effects(returned)).containsExactly("rollbackDiscount 4.5", "rollbackDiscount 4.5", "rollbackReferral " + code);
        assertThat(EngineClient.effects(session("f2", sale(friend, "open", code)))).containsExactly("setDiscount 9", "acceptReferral " + code);

        // made for another friend; not yet valid; expired; of a cart the campaign is not for
        JsonNode stranger = session("f3", sale("ref-fay-" + id, "open", code));
        assertThat(stranger.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ReferralRecipientDoesNotMatch");
        String future = engine.post("/v1/referrals", EngineClient.APP, """
                {"campaignId": %d, "advocateProfileIntegrationId": "%s", "startDate": "2099-01-01T00:00:00Z"}""".formatted(id, advocate))
                .json().get("code").asText();
        assertThat(session("f4", sale(friend, "open", future)).at("/effects/0/props/rejectionReason").asText())
                .isEqualTo("ReferralStartDateInFuture");
        String expired = engine.post("/v1/referrals", EngineClient.APP, """
                {"campaignId": %d, "advocateProfileIntegrationId": "%s", "expiryDate": "2001-01-01T00:00:00Z"}""".formatted(id, advocate))
                .json().get("code").asText();
        assertThat(session("f5", sale(friend, "open", expired)).at("/effects/0/props/rejectionReason").asText())
                .isEqualTo("ReferralExpired");
        JsonNode otherCart = engine.session("ref-" + id + "-f6", """
                {"customerSession": {"profileId": "%s", "referralCode": "%s", "cartItems": [{"sku": "OTHER-%d", "quantity": 1, "price": 5}]}}"""
                .formatted(friend, code, id));
        assertThat(otherCart.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ReferralRejectedByCondition");
        assertThat(otherCart.get("effects")).hasSize(1);

        // the campaign's codes, listed as Talon.One filters them
        String listing = "/v1/applications/2/campaigns/" + id + "/referrals/no_total";
        assertThat(codes(listing + "?sort=-id")).containsExactly(expired, future, code);
        assertThat(codes(listing + "?valid=expired")).containsExactly(expired);
        assertThat(codes(listing + "?valid=validFuture")).containsExactly(future);
        assertThat(codes(listing + "?valid=validNow")).containsExactly(code);
        assertThat(codes(listing + "?code=" + code.substring(2, 9).toLowerCase())).containsExactly(code);
        assertThat(codes(listing + "?usable=false")).isEmpty();
        assertThat(codes(listing + "?usable=true&createdAfter=2001-01-01T00:00:00Z&pageSize=2")).containsExactly(code, future);
        assertThat(codes(listing + "?createdBefore=2001-01-01T00:00:00Z")).isEmpty();
        GatewayClient.Reply wrong = engine.get(listing + "?valid=soon", EngineClient.MANAGEMENT);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().at("/errors/0/source/parameter").asText()).isEqualTo("valid");
        for (String query : java.util.List.of("?advocat=" + advocate, "?pageSize=1&pageSize=2")) { // misspelt, or given twice
            GatewayClient.Reply refused = engine.get(listing + query, EngineClient.MANAGEMENT);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/source/parameter").asText()).isEqualTo(query.contains("advocat=") ? "advocat" : "pageSize");
        }
    }

    private java.util.List<String> codes(String path) {
        GatewayClient.Reply page = engine.get(path, EngineClient.MANAGEMENT);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        java.util.List<String> codes = new java.util.ArrayList<>();
        page.json().get("data").forEach(r -> codes.add(r.get("code").asText()));
        return codes;
    }

    @Test
    void whatIsNotAReferralIsRefusedNamingTheField() {
        engine.campaign(2, id, json("name: r %d\nappliesTo: {skus: [%s]}\nrules: [{title: r, effects: [{type: showNotification, title: t, body: b}]}]"
                .formatted(id, sku)));
        refused(engine.post("/v1/referrals", EngineClient.APP, "{\"advocateProfileIntegrationId\": \"a\"}"), "/campaignId");
        refused(engine.post("/v1/referrals", EngineClient.APP, "{\"campaignId\": " + id + "}"), "/advocateProfileIntegrationId");
        refused(engine.post("/v1/referrals", "ApiKey-v1 demo-app-key", "{\"campaignId\": " + id + ", \"advocateProfileIntegrationId\": \"a\"}"),
                "/campaignId"); // a campaign of another application
        refused(engine.post("/v1/referrals", EngineClient.APP, "{\"campaignId\": " + id + ", \"advocateProfileIntegrationId\": \"a\", \"colour\": 1}"),
                "/colour");
        refused(engine.post("/v1/referrals", EngineClient.APP, "{\"campaignId\": " + id + ", \"advocateProfileIntegrationId\": \"a\", \"usageLimit\": -1}"),
                "/usageLimit");
        refused(engine.post("/v1/referrals", EngineClient.APP, "{\"campaignId\": " + id + ", \"advocateProfileIntegrationId\": \"a\","
                + " \"friendProfileIntegrationId\": \"a\"}"), "/friendProfileIntegrationId");
        refused(engine.post("/v1/referrals", EngineClient.APP, "{\"campaignId\": " + id + ", \"advocateProfileIntegrationId\": \"a\","
                + " \"startDate\": \"2030-01-01T00:00:00Z\", \"expiryDate\": \"2029-01-01T00:00:00Z\"}"), "/expiryDate");
        refused(engine.put("/v2/customer_sessions/ref-" + id + "-x", EngineClient.APP, "{\"customerSession\": {\"referralCode\": 7}}"),
                "/customerSession/referralCode");
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: short
                rules: [{title: r, effects: [{type: createReferral, pattern: "R-##"}]}]""")), "/rules/0/effects/0/pattern");
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT,
                "{\"name\": \"tab\", \"rules\": [{\"title\": \"r\", \"effects\": [{\"type\": \"createReferral\", \"pattern\": \"R\\t####\"}]}]}"),
                "/rules/0/effects/0/pattern"); // a code no session could send back
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: deprecated
                rules: [{title: r, effects: [{type: redeemReferral}]}]""")), "/rules/0/effects/0/type"); // acceptReferral's old name
        refused(engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json("""
                name: many
                rules: [{title: r, effects: [{type: createReferral, pattern: "R-####", usageLimit: 1000000}]}]""")),
                "/rules/0/effects/0/usageLimit");
        assertThat(engine.post("/v1/referrals", EngineClient.MANAGEMENT, "{\"campaignId\": " + id + ", \"advocateProfileIntegrationId\": \"a\"}")
                .status()).isEqualTo(401);
        assertThat(engine.get("/v1/applications/2/campaigns/" + id + "/referrals/no_total", EngineClient.APP).status()).isEqualTo(401);
        assertThat(engine.get("/v1/applications/2/campaigns/" + nextId() + "/referrals/no_total", EngineClient.MANAGEMENT).status()).isEqualTo(404);
    }

    @Test
    void aMergedFriendsCancelGivesThePerProfileUseBackToTheKeptProfileAndOneCloseMakesEveryCodeItDraws() {
        engine.campaign(2, id, json("""
                name: once a customer %d
                referralRequired: true
                appliesTo: {skus: [%s]}
                limits: [{action: redeemReferral, limit: 1, entities: [Profile]}]
                rules: [{title: a friend saves 10, effects: [{type: setDiscount, name: friend, value: "10.0"}]}]
                """.formatted(id, sku)));
        String code = engine.post("/v1/referrals", EngineClient.APP, """
                {"campaignId": %d, "advocateProfileIntegrationId": "ref-adv-%d", "usageLimit": 0}""".formatted(id, id)).json().get("code").asText();
        String merged = "ref-xa-" + id;
        String kept = "ref-ya-" + id;
        assertThat(EngineClient.effects(session("m1", sale(merged, "closed", code)))).containsExactly("setDiscount 10", "acceptReferral " + code);
        assertThat(engine.post("/v1/applications/2/customer_merges", EngineClient.MANAGEMENT,
                "{\"from\": \"" + merged + "\", \"into\": \"" + kept + "\"}").status()).isEqualTo(201);
        JsonNode once = session("m2", sale(kept, "open", code)); // the merged profile's use counts for the kept one
        assertThat(once.at("/effects/0/props/rejectionReason").asText()).isEqualTo("ProfileLimitReached");
        assertThat(EngineClient.effects(session("m1", "{\"customerSession\": {\"state\": \"cancelled\"}}")))
                .containsExactly("rollbackDiscount 10", "rollbackReferral " + code);
        assertThat(EngineClient.effects(session("m2", sale(kept, "open", null)))).containsExactly("setDiscount 10", "acceptReferral " + code);

        // 500 codes of a pattern of 10,000 in one close: drawn twice, a code would collide with itself
        StringBuilder rules = new StringBuilder();
        for (int r = 0; r < 10; r++) {
            rules.append(r == 0 ? "" : ",").append("{\"title\": \"r").append(r).append("\", \"effects\": [");
            for (int e = 0; e < 50; e++) {
                rules.append(e == 0 ? "" : ",").append("{\"type\": \"createReferral\", \"pattern\": \"M").append(id).append("-####\"}");
            }
            rules.append("]}");
        }
        String many = "MANY-" + id;
        engine.campaign(2, nextId(), "{\"name\": \"many codes\", \"appliesTo\": {\"skus\": [\"" + many + "\"]}, \"rules\": [" + rules + "]}");
        JsonNode made = engine.session("ref-" + id + "-many", """
                {"customerSession": {"profileId": "ref-many-%d", "state": "closed", "cartItems": [{"sku": "%s", "quantity": 1, "price": 1}]}}"""
                .formatted(id, many));
        java.util.Set<String> codes = new java.util.HashSet<>();
        made.get("createdReferrals").forEach(r -> codes.add(r.get("code").asText()));
        assertThat(codes).hasSize(500);
    }

    private static void refused(GatewayClient.Reply reply, String pointer) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/source/pointer").asText()).isEqualTo(pointer);
    }
}
