package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluation groups: of a highest-discount group only the campaign that discounts most applies, and a coupon of
 * another is rejected saying why; a list-order group applies its first campaign that applies; campaigns outside a
 * group stack as before; every effect of a group carries its id and mode.
 */
class EvaluationGroupsTest extends GatewayTest {

    @Test
    void theBestOfAHighestDiscountGroupAppliesAndTheOthersCouponIsRejectedSayingWhy() {
        EngineClient engine = new EngineClient(port);
        long group = nextId();
        long five = nextId();
        long tenPercent = nextId();
        long coupon = nextId();
        long outside = nextId();
        String sku = "GROUP-" + group;
        String in = "evaluationGroup: {id: %d, mode: highestDiscount}\nappliesTo: {skus: [%s]}".formatted(group, sku);
        engine.campaign(2, five, json("name: five off %d\n%s\nrules: [{title: five, effects: [{type: setDiscount, name: five, value: \"5.0\"}]}]"
                .formatted(five, in)));
        engine.campaign(2, tenPercent, json("name: ten percent %d\n%s\nrules: [{title: ten percent, effects: [{type: setDiscount, name: ten percent, value: \"session.total * 0.1\"}]}]"
                .formatted(tenPercent, in)));
        engine.campaign(2, coupon, json("name: coupon %d\n%s\ncouponRequired: true\ncoupons: [GRP-%d]\nrules: [{title: three, effects: [{type: setDiscount, name: three, value: \"3.0\"}]}]"
                .formatted(coupon, in, group)));
        engine.campaign(2, outside, json("name: outside %d\nappliesTo: {skus: [%s]}\nrules: [{title: one, effects: [{type: setDiscount, name: one, value: \"1.0\"}]}]"
                .formatted(outside, sku)));

        JsonNode closed = engine.put("/v2/customer_sessions/group-" + group, EngineClient.APP, """
                {"customerSession": {"state": "closed", "couponCodes": ["GRP-%d"],
                 "cartItems": [{"sku": "%s", "quantity": 1, "price": 60}]}}""".formatted(group, sku)).json();
        assertThat(effects(closed)).containsExactly(
                "setDiscount ten percent 6.00 group " + group + " highestDiscount",
                "rejectCoupon GRP-" + group + " CampaignGaveLowerDiscount group " + group + " highestDiscount",
                "setDiscount one 1.00");

        // a campaign that would join the group another way is refused: a group's campaigns combine one way
        GatewayClient.Reply other = engine.put("/v1/applications/2/campaigns/" + nextId(), EngineClient.MANAGEMENT, json(
                "name: other\nevaluationGroup: {id: %d, mode: listOrder}\nrules: [{title: r, effects: [{type: showNotification, title: t, body: b}]}]"
                        .formatted(group)));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().at("/errors/0/source/pointer").asText()).isEqualTo("/evaluationGroup/mode");
    }

    @Test
    void aCouponWhoseOwnCampaignDidNotQualifyIsRejectedForThatNotForTheWinner() {
        EngineClient engine = new EngineClient(port);
        long group = nextId();
        long big = nextId();
        long flat = nextId();
        String sku = "QUAL-" + group;
        String in = "evaluationGroup: {id: %d, mode: highestDiscount}\nappliesTo: {skus: [%s]}".formatted(group, sku);
        engine.campaign(2, big, json(("name: big %d\n%s\ncouponRequired: true\ncoupons: [BIG-%d]\n"
                + "rules: [{title: twenty, condition: \"session.total > 100.0\", effects: [{type: setDiscount, name: twenty, value: \"20.0\"}]}]")
                .formatted(big, in, group)));
        engine.campaign(2, flat, json("name: flat %d\n%s\nrules: [{title: five, effects: [{type: setDiscount, name: five, value: \"5.0\"}]}]"
                .formatted(flat, in)));
        JsonNode closed = engine.put("/v2/customer_sessions/qual-" + group, EngineClient.APP, """
                {"customerSession": {"state": "closed", "couponCodes": ["BIG-%d"], "cartItems": [{"sku": "%s", "quantity": 1, "price": 30}]},
                 "responseContent": ["ruleFailureReasons"]}""".formatted(group, sku)).json();
        assertThat(closed.at("/effects/0/props/name").asText()).isEqualTo("five");
        assertThat(closed.at("/effects/1/effectType").asText()).isEqualTo("rejectCoupon");
        assertThat(closed.at("/effects/1/props/rejectionReason").asText()).isEqualTo("CouponRejectedByCondition");
        assertThat(closed.at("/effects/1/props").has("campaignExclusionReason")).isFalse();
        assertThat(closed.get("ruleFailureReasons").toString()).contains("condition is false");
    }

    @Test
    void aGroupRunsAtItsLowestCampaignIdWhicheverOfItsCampaignsTheCartCanTrigger() {
        EngineClient engine = new EngineClient(port);
        long group = nextId();
        long other = nextId(); // the group's lowest id: for another SKU
        long middle = nextId(); // outside the group: takes what is left
        long member = nextId();
        String sku = "ANCHOR-" + group;
        engine.campaign(2, other, json("name: other %d\nevaluationGroup: {id: %d, mode: highestDiscount}\nappliesTo: {skus: [OTHER-%d]}\n"
                .formatted(other, group, group) + "rules: [{title: four, effects: [{type: setDiscount, name: four, value: \"4.0\"}]}]"));
        engine.campaign(2, middle, json("name: middle %d\nappliesTo: {skus: [%s]}\n".formatted(middle, sku)
                + "rules: [{title: rest, effects: [{type: setDiscount, name: rest, value: \"session.total\"}]}]"));
        engine.campaign(2, member, json("name: member %d\nevaluationGroup: {id: %d, mode: highestDiscount}\nappliesTo: {skus: [%s]}\n"
                .formatted(member, group, sku) + "rules: [{title: six, effects: [{type: setDiscount, name: six, value: \"6.0\"}]}]"));
        // the group runs at `other`'s place, before `middle`, though only `member` is for this cart
        assertThat(effects(close(engine, "anchor-" + group, sku, 30)))
                .containsExactly("setDiscount six 6.00 group " + group + " highestDiscount", "setDiscount rest 24.00");
    }

    @Test
    void aListOrderGroupAppliesItsFirstCampaignThatApplies() {
        EngineClient engine = new EngineClient(port);
        long group = nextId();
        long two = nextId();
        long seven = nextId();
        String sku = "LIST-" + group;
        engine.campaign(2, two, json("""
                name: two off %d
                evaluationGroup: {id: %d, mode: listOrder, position: 2}
                appliesTo: {skus: [%s]}
                rules: [{title: two, effects: [{type: setDiscount, name: two, value: "2.0"}]}]
                """.formatted(two, group, sku)));
        engine.campaign(2, seven, json("""
                name: seven off %d
                evaluationGroup: {id: %d, mode: listOrder, position: 1}
                appliesTo: {skus: [%s]}
                rules: [{title: seven, condition: "session.total > 100.0", effects: [{type: setDiscount, name: seven, value: "7.0"}]}]
                """.formatted(seven, group, sku)));
        assertThat(effects(close(engine, "small-" + group, sku, 60))).containsExactly("setDiscount two 2.00 group " + group + " listOrder");
        assertThat(effects(close(engine, "big-" + group, sku, 120))).containsExactly("setDiscount seven 7.00 group " + group + " listOrder");
    }

    private static JsonNode close(EngineClient engine, String session, String sku, int price) {
        return engine.put("/v2/customer_sessions/" + session, EngineClient.APP, """
                {"customerSession": {"state": "closed", "cartItems": [{"sku": "%s", "quantity": 1, "price": %d}]}}"""
                .formatted(sku, price)).json();
    }

    private static List<String> effects(JsonNode answer) {
        List<String> list = new ArrayList<>();
        answer.get("effects").forEach(e -> {
            JsonNode p = e.get("props");
            String what = e.get("effectType").asText().equals("rejectCoupon")
                    ? p.get("value").asText() + " " + p.get("campaignExclusionReason").asText()
                    : p.get("name").asText() + " " + p.get("value").decimalValue().toPlainString();
            list.add(e.get("effectType").asText() + " " + what + (e.has("evaluationGroupID")
                    ? " group " + e.get("evaluationGroupID").asLong() + " " + e.get("evaluationGroupMode").asText() : ""));
        });
        return list;
    }
}
