package io.tillgate.engine.effects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.RuleScope;

/** {@code customEffect}: the campaign's own payload, passed on as written for the integration to act on. */
public final class CustomEffect implements EffectType {

    @Override
    public String name() {
        return "customEffect";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        JsonNode effectId = fields.raw("effectId");
        JsonNode payload = fields.raw("payload"); // a payload written as null stays null
        return new Spec(effectId == null ? 0 : effectId.asLong(0), fields.required("name"),
                payload == null ? JsonNodeFactory.instance.objectNode() : payload);
    }

    record Spec(long effectId, String name, JsonNode payload) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) {
            rule.emit("customEffect", new Props(effectId, name, payload));
            return null;
        }
    }

    public record Props(long effectId, String name, JsonNode payload) implements io.tillgate.engine.session.Props {
    }
}
