package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tillgate.gateway.SessionApiTest.json;
import static io.tillgate.gateway.SessionApiTest.nextId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code updateAttribute} at a close sets the profile's and the session's attribute, which later sessions' rules read;
 * a cancel or reopen puts back what it replaced, with an updateAttribute effect of that value, unless the attribute
 * changed since.
 */
class AttributeUpdatesTest extends GatewayTest {
    EngineClient engine;
    long id;
    String member;

    @BeforeEach
    void engine() {
        engine = new EngineClient(port);
        id = nextId();
        member = "attr-" + id;
        engine.campaign(2, id, json("""
                name: big spender %d
                appliesTo: {skus: [BIG-%d]}
                rules:
                  - title: big spender
                    condition: "session.total >= 100.0"
                    effects:
                      - {type: updateAttribute, path: Profile.Attributes.tier, value: "'gold'"}
                      - {type: updateAttribute, path: Session.Attributes.note, value: "'big basket'"}
                  - title: gold members get 5 off
                    condition: "has(profile.attributes.tier) && profile.attributes.tier == 'gold'"
                    effects: [{type: setDiscount, name: gold, value: "5.0"}]
                """.formatted(id, id)));
    }

    private JsonNode close(String session, String price) {
        return engine.session(session, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "BIG-%d", "quantity": 1, "price": %s}]},
                 "responseContent": ["customerSession", "customerProfile"]}""".formatted(member, id, price));
    }

    private JsonNode profileAttributes() {
        return engine.put("/v2/customer_profiles/" + member, EngineClient.APP, "{}").json().at("/customerProfile/attributes");
    }

    @Test
    void aCloseSetsTheAttributesLaterRulesReadThemAndACancelPutsBackWhatWasThere() {
        engine.put("/v2/customer_profiles/" + member, EngineClient.APP, "{\"attributes\": {\"tier\": \"silver\"}}");
        JsonNode closed = close("big-" + id, "120.00");
        assertThat(EngineClient.effects(closed)).containsExactly("updateAttribute gold", "updateAttribute big basket");
        assertThat(closed.at("/customerSession/attributes/note").asText()).isEqualTo("big basket");
        assertThat(closed.at("/customerProfile/attributes/tier").asText()).isEqualTo("gold");
        assertThat(EngineClient.effects(close("small-" + id, "10.00"))).containsExactly("setDiscount 5"); // gold now

        JsonNode cancelled = engine.session("big-" + id, "{\"customerSession\": {\"state\": \"cancelled\"}, \"responseContent\": [\"customerSession\"]}");
        assertThat(EngineClient.effects(cancelled)).containsExactly("updateAttribute null", "updateAttribute silver"); // latest first
        assertThat(cancelled.at("/effects/1/props/path").asText()).isEqualTo("Profile.Attributes.tier");
        assertThat(cancelled.at("/effects/0/props/value").isNull()).isTrue(); // the note is gone again
        assertThat(cancelled.at("/customerSession/attributes").has("note")).as(cancelled.toString()).isFalse();
        assertThat(profileAttributes().get("tier").asText()).isEqualTo("silver");
    }

    @Test
    void aRuleMayNotGrowAnAttributeWithoutBound() {
        long grow = nextId();
        engine.campaign(2, grow, json("""
                name: grow %d
                appliesTo: {skus: [GROW-%d]}
                rules:
                  - title: doubles
                    condition: "has(profile.attributes.blob)"
                    effects: [{type: updateAttribute, path: Profile.Attributes.blob,
                               value: "string(profile.attributes.blob) + string(profile.attributes.blob)"}]
                """.formatted(grow, grow)));
        engine.put("/v2/customer_profiles/" + member, EngineClient.APP, "{\"attributes\": {\"blob\": \"" + "x".repeat(3000) + "\"}}");
        JsonNode closed = engine.session("grow-" + id, """
                {"customerSession": {"profileId": "%s", "state": "closed", "cartItems": [{"sku": "GROW-%d", "quantity": 1, "price": 1}]}}"""
                .formatted(member, grow));
        assertThat(closed.at("/effects/0/effectType").asText()).isEqualTo("error");
        assertThat(closed.at("/effects/0/props/message").asText()).contains("longer than 4096 characters");
        assertThat(profileAttributes().get("blob").asText()).hasSize(3000); // unchanged
    }

    @Test
    void aValueChangedSinceTheCloseIsNotPutBack() {
        close("big-" + id, "150.00");
        engine.put("/v2/customer_profiles/" + member, EngineClient.APP, "{\"attributes\": {\"tier\": \"platinum\"}}");
        JsonNode reopened = engine.put("/v2/customer_sessions/big-" + id + "/reopen", EngineClient.APP, "").json();
        assertThat(EngineClient.effects(reopened)).containsExactly("updateAttribute null"); // only the session's note
        assertThat(profileAttributes().get("tier").asText()).isEqualTo("platinum");
        assertThat(profileAttributes().has("note")).isFalse();
    }
}
