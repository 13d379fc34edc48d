package io.tillgate.engine.effects;

import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.RuleScope;

/** {@code addFreeItem}: tells the till to add an item for free; the engine grants nothing of its own. */
public final class AddFreeItem implements EffectType {

    @Override
    public String name() {
        return "addFreeItem";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.required("sku"), fields.required("name"));
    }

    record Spec(String sku, String name) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) {
            rule.emit("addFreeItem", new Props(sku, name));
            return null;
        }
    }

    public record Props(String sku, String name) implements io.tillgate.engine.session.Props {
    }
}
